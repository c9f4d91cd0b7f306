package com.checkandregisteruser.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import graphql.language.Field;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLNamedType;
import graphql.schema.GraphQLNonNull;
import graphql.schema.GraphQLObjectType;
import graphql.schema.GraphQLOutputType;
import graphql.schema.GraphQLTypeUtil;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns an action handler's HTTP answer into the client's result or error, following callWebhook,
 * validateResponse and makeActionResponseNoRelations in
 * server/src-lib/Hasura/GraphQL/Execute/Action.hs (hasura/graphql-engine, v2): the body must be
 * JSON whatever the status; 2xx is checked against the output type; 4xx must decode as {@code
 * {message, code?, extensions?}}; any other status is {@code internal error}. Every error is code
 * {@code unexpected} at path {@code $} unless the 4xx body says otherwise. The {@code internal}
 * details Hasura adds for admins are not reproduced.
 */
final class ActionAnswer {

  private static final Set<String> BUILT_IN_SCALARS =
      Set.of("Int", "Float", "String", "Boolean", "ID");

  // How Aeson's generic decoder names the type in its errors.
  private static final String ERROR_RESPONSE =
      "Hasura.GraphQL.Execute.Action.Types.ActionWebhookErrorResponse(ActionWebhookErrorResponse)";

  private ActionAnswer() {}

  /**
   * Returns the handler's value, checked against {@code outputType}, or throws the client's error.
   */
  static JsonElement read(int status, String body, GraphQLOutputType outputType) {
    Optional<JsonElement> parsed = Json.parseStrict(body);
    if (parsed.isEmpty()) {
      throw unexpected("not a valid json response from webhook");
    }
    JsonElement value = parsed.get();
    if (status >= 200 && status < 300) {
      validate(value, outputType);
      return value;
    }
    if (status >= 400 && status < 500) {
      throw clientError(value);
    }
    throw unexpected("internal error");
  }

  /** Builds the client's value from the handler's: selected fields only, absent ones omitted. */
  static JsonElement shape(
      JsonElement value,
      GraphQLOutputType outputType,
      List<Field> fields,
      OperationContext context) {
    if (value.isJsonNull()) {
      return JsonNull.INSTANCE;
    }
    GraphQLOutputType type = (GraphQLOutputType) GraphQLTypeUtil.unwrapNonNull(outputType);
    if (type instanceof GraphQLList list && value.isJsonArray()) {
      JsonArray shaped = new JsonArray();
      value
          .getAsJsonArray()
          .forEach(
              item ->
                  shaped.add(
                      shape(item, (GraphQLOutputType) list.getWrappedType(), fields, context)));
      return shaped;
    }
    if (!(type instanceof GraphQLObjectType object) || !value.isJsonObject()) {
      return value;
    }
    JsonObject result = new JsonObject();
    for (Field field : fields) {
      if (field.getName().equals("__typename")) {
        result.add(field.getResultKey(), new JsonPrimitive(object.getName()));
        continue;
      }
      JsonElement fieldValue = value.getAsJsonObject().get(field.getName());
      if (fieldValue == null) {
        continue;
      }
      GraphQLFieldDefinition definition = object.getFieldDefinition(field.getName());
      result.add(
          field.getResultKey(),
          field.getSelectionSet() == null
              ? fieldValue
              : shape(
                  fieldValue,
                  definition.getType(),
                  context.fields(field.getSelectionSet()),
                  context));
    }
    return result;
  }

  private static void validate(JsonElement value, GraphQLOutputType outputType) {
    boolean nullable = !(outputType instanceof GraphQLNonNull);
    GraphQLOutputType type = (GraphQLOutputType) GraphQLTypeUtil.unwrapNonNull(outputType);
    if (value.isJsonNull()) {
      if (!nullable) {
        throw unexpected("got null for the action webhook response");
      }
      return;
    }
    if (type instanceof GraphQLList list) {
      if (!value.isJsonArray()) {
        throw unexpected("expecting array for the action webhook response");
      }
      value
          .getAsJsonArray()
          .forEach(item -> validate(item, (GraphQLOutputType) list.getWrappedType()));
      return;
    }
    String name = ((GraphQLNamedType) type).getName();
    if (value.isJsonArray()) {
      throw unexpected("got array for the action webhook response, expecting " + name);
    }
    if (value.isJsonPrimitive()) {
      JsonPrimitive primitive = value.getAsJsonPrimitive();
      // Hasura's text for a number is "got scalar String" too; copied as is.
      if (primitive.isNumber() && !name.equals("Int") && !name.equals("Float")) {
        throw unexpected("got scalar String for the action webhook response, expecting " + name);
      }
      if (primitive.isBoolean() && !name.equals("Boolean")) {
        throw unexpected("got scalar Boolean for the action webhook response, expecting " + name);
      }
      if (primitive.isString() && !name.equals("String") && !name.equals("ID")) {
        throw unexpected("got scalar String for the action webhook response, expecting " + name);
      }
      return;
    }
    if (BUILT_IN_SCALARS.contains(name)) {
      throw unexpected("got object for the action webhook response, expecting " + name);
    }
    if (type instanceof GraphQLObjectType object) {
      // Fields not in the output type are ignored; non-null ones must be present and not null.
      for (GraphQLFieldDefinition field : object.getFieldDefinitions()) {
        if (!(field.getType() instanceof GraphQLNonNull)) {
          continue;
        }
        JsonElement fieldValue = value.getAsJsonObject().get(field.getName());
        if (fieldValue == null) {
          throw unexpected(
              "field \"" + field.getName() + "\" expected in webhook response, but not found");
        }
        if (fieldValue.isJsonNull()) {
          throw unexpected("expecting not null value for field \"" + field.getName() + "\"");
        }
      }
    }
  }

  // ActionWebhookErrorResponse {message: Text, code: Maybe Text, extensions: Maybe Value}, decoded
  // by
  // Aeson's generic parser; a decode failure is a parse-failed error whose text is Aeson's.
  private static HasuraError clientError(JsonElement value) {
    if (!value.isJsonObject()) {
      throw HasuraError.atRoot(
          "parse-failed",
          "parsing "
              + ERROR_RESPONSE
              + " failed, expected Object, but encountered "
              + Json.aesonTypeName(value));
    }
    JsonObject object = value.getAsJsonObject();
    JsonElement message = object.get("message");
    if (message == null) {
      throw HasuraError.atRoot(
          "parse-failed", "parsing " + ERROR_RESPONSE + " failed, key \"message\" not found");
    }
    if (!isString(message)) {
      throw HasuraError.of(
          "parse-failed",
          "parsing Text failed, expected String, but encountered " + Json.aesonTypeName(message),
          "$.message");
    }
    JsonElement code = object.get("code");
    if (code != null && !code.isJsonNull() && !isString(code)) {
      throw HasuraError.of(
          "parse-failed",
          "parsing Text failed, expected String, but encountered " + Json.aesonTypeName(code),
          "$.code");
    }
    JsonElement extensions = object.get("extensions");
    if (extensions != null && !extensions.isJsonNull()) {
      // Hasura puts the handler's extensions in place of its own, whatever they hold.
      if (extensions.isJsonObject()) {
        return HasuraError.withVerbatimExtensions(
            message.getAsString(), extensions.getAsJsonObject());
      }
      throw new IllegalStateException(
          "sandbox: non-object extensions from an action handler are not supported");
    }
    String errorCode = code == null || code.isJsonNull() ? "unexpected" : code.getAsString();
    return HasuraError.atRoot(errorCode, message.getAsString());
  }

  private static boolean isString(JsonElement element) {
    return element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }

  private static HasuraError unexpected(String message) {
    return HasuraError.atRoot("unexpected", message);
  }
}
