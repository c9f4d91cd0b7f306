package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.sandbox.TrackedTables.Table;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import graphql.language.Field;
import java.util.List;

/** A {@code <table>_mutation_response}: the fields an insert or update answers with. */
final class MutationResponse {
  private MutationResponse() {}

  /** Reads back the written rows with the fields {@code returning} selects. */
  interface Returning<E extends Exception> {
    JsonArray rows(List<Field> fields) throws E;
  }

  /** Answers the fields selected on {@code field}: affected_rows, __typename and returning. */
  static <E extends Exception> JsonObject answer(
      Field field, OperationContext context, Table table, int affectedRows, Returning<E> returning)
      throws E {
    JsonObject response = new JsonObject();
    for (Field output : context.fields(field.getSelectionSet())) {
      switch (output.getName()) {
        case "affected_rows" -> response.addProperty(output.getResultKey(), affectedRows);
        case "__typename" ->
            response.addProperty(output.getResultKey(), table.name() + "_mutation_response");
        case "returning" ->
            response.add(
                output.getResultKey(), returning.rows(context.fields(output.getSelectionSet())));
        default -> throw new IllegalStateException("unexpected field " + output.getName());
      }
    }
    return response;
  }
}
