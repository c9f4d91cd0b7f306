package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.sandbox.TrackedTables.Access;
import com.checkandregisteruser.sandbox.TrackedTables.Relationship;
import com.checkandregisteruser.sandbox.TrackedTables.Table;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import graphql.language.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code insert_<table>(objects: ...)} like Hasura.GraphQL.Execute.Insert: for each object the
 * object relationships are inserted first and their keys fill the foreign key columns, then the row
 * itself; each row's insert check is evaluated in the INSERT's RETURNING, so nested rows are
 * visible to it. affected_rows counts nested rows. The caller owns the transaction.
 *
 * <p>Error paths are Hasura's: {@code $.selectionSet.<field>.args.objects} ({@code .object} for
 * {@code _one}), with {@code [i]} when any object has a relationship, and {@code
 * .<relationship>.data} for a nested row. Hasura inserts object relationships in its schema's field
 * order; the sandbox uses the input's order.
 */
final class InsertExecutor {

  static final String CHECK_FAILED = "check constraint of an insert/update permission has failed";

  private final TrackedTables tables;
  private final BoolExpSql boolExp;
  private final SelectExecutor select;

  InsertExecutor(TrackedTables tables, BoolExpSql boolExp, SelectExecutor select) {
    this.tables = tables;
    this.boolExp = boolExp;
    this.select = select;
  }

  private record Inserted(int affectedRows, JsonObject row) {}

  /** Runs {@code insert_<table>(objects: [...])} and answers its mutation response fields. */
  JsonObject insert(
      Connection connection, Session session, Table table, Field field, OperationContext context) {
    List<Map<String, Object>> objects = objects(context.arguments(field).get("objects"));
    Inserts inserts =
        insertAll(
            connection,
            session,
            table,
            objects,
            "$.selectionSet." + field.getName() + ".args.objects");
    return MutationResponse.answer(
        field,
        context,
        table,
        inserts.affectedRows(),
        fields -> returning(connection, session, table, inserts.keys(), fields, context));
  }

  /**
   * Runs {@code insert_<table>_one(object: {...})} and answers the row, or null if the role may not
   * see it.
   */
  JsonElement insertOne(
      Connection connection, Session session, Table table, Field field, OperationContext context) {
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) context.arguments(field).get("object");
    Inserts inserts =
        insertAll(
            connection,
            session,
            table,
            List.of(object),
            "$.selectionSet." + field.getName() + ".args.object");
    JsonArray rows =
        returning(
            connection,
            session,
            table,
            inserts.keys(),
            context.fields(field.getSelectionSet()),
            context);
    return rows.isEmpty() ? JsonNull.INSTANCE : rows.get(0);
  }

  private record Inserts(int affectedRows, List<Object> keys) {}

  private Inserts insertAll(
      Connection connection,
      Session session,
      Table table,
      List<Map<String, Object>> objects,
      String path) {
    boolean nested =
        objects.stream()
            .anyMatch(o -> o.keySet().stream().anyMatch(table.relationships()::containsKey));
    int affectedRows = 0;
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      Inserted inserted =
          insertObject(
              connection, session, table, objects.get(i), nested ? path + "[" + i + "]" : path);
      affectedRows += inserted.affectedRows();
      keys.add(Json.toPlain(inserted.row().get(table.primaryKey())));
    }
    return new Inserts(affectedRows, keys);
  }

  private JsonArray returning(
      Connection connection,
      Session session,
      Table table,
      List<Object> keys,
      List<Field> fields,
      OperationContext context) {
    try {
      return select.returning(connection, session, table, keys, fields, context);
    } catch (SQLException e) {
      throw SqlErrors.toHasura(e, "$");
    }
  }

  @SuppressWarnings("unchecked")
  private Inserted insertObject(
      Connection connection,
      Session session,
      Table table,
      Map<String, Object> object,
      String path) {
    Access access =
        table
            .insertAccess(session)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "role " + session.role() + " cannot insert " + table.name()));
    Map<String, Object> values = new LinkedHashMap<>();
    int affectedRows = 0;
    for (Map.Entry<String, Object> entry : object.entrySet()) {
      Relationship relationship = table.relationships().get(entry.getKey());
      if (relationship == null) {
        values.put(entry.getKey(), entry.getValue());
        continue;
      }
      if (object.containsKey(relationship.column())) {
        throw HasuraError.of(
            "validation-failed",
            "cannot insert object relationship \""
                + relationship.name()
                + "\" as \""
                + relationship.column()
                + "\" column values are already determined",
            path + "." + relationship.name());
      }
      Map<String, Object> data =
          (Map<String, Object>) ((Map<String, Object>) entry.getValue()).get("data");
      Inserted remote =
          insertObject(
              connection,
              session,
              tables.require(relationship.remoteTable()),
              data,
              path + "." + relationship.name() + ".data");
      affectedRows += remote.affectedRows();
      values.put(
          relationship.column(), Json.toPlain(remote.row().get(relationship.remoteColumn())));
    }

    SqlParameters params = new SqlParameters();
    String alias = params.nextAlias();
    List<String> columns = new ArrayList<>();
    List<String> expressions = new ArrayList<>();
    values.forEach(
        (column, value) -> {
          columns.add(Sql.identifier(column));
          expressions.add(params.add(value, table.columns().get(column).sqlType()));
        });
    String sql =
        "INSERT INTO "
            + table.sqlName()
            + " AS "
            + alias
            + (columns.isEmpty()
                ? " DEFAULT VALUES"
                : " ("
                    + String.join(", ", columns)
                    + ") VALUES ("
                    + String.join(", ", expressions)
                    + ")")
            + " RETURNING row_to_json("
            + alias
            + ")::text, "
            + boolExp.compile(table, alias, access.rowExpression(), session, params);
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      params.bind(connection, statement);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        JsonElement row = Json.parseStrict(result.getString(1)).orElseThrow();
        if (!result.getBoolean(2)) {
          throw HasuraError.of("permission-error", CHECK_FAILED, path);
        }
        return new Inserted(affectedRows + 1, row.getAsJsonObject());
      }
    } catch (SQLException e) {
      throw SqlErrors.toHasura(e, path);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> objects(Object value) {
    if (value instanceof List<?> list) {
      return (List<Map<String, Object>>) list;
    }
    // Input coercion: a single object where the list is expected.
    return value == null ? List.of() : List.of((Map<String, Object>) value);
  }
}
