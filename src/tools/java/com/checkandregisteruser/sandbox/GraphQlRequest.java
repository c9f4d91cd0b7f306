package com.checkandregisteruser.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The body of a POST to /v1/graphql: query text, variables (plain values) and operation name. */
record GraphQlRequest(String query, Map<String, Object> variables, String operationName) {

  /** Reads the request body; Hasura answers a body it cannot decode with HTTP 200 and an error. */
  @SuppressWarnings("unchecked")
  static GraphQlRequest parse(String body) {
    Optional<JsonElement> json = Json.parseStrict(body);
    if (json.isEmpty()) {
      // Hasura shows Aeson's decode error; the sandbox does not reproduce its wording.
      throw HasuraError.atRoot("invalid-json", "Error in $: invalid json");
    }
    if (!json.get().isJsonObject()) {
      // Batched requests (a JSON array) are a Hasura feature the sandbox leaves out.
      throw HasuraError.atRoot("parse-failed", "sandbox: expected a JSON object with \"query\"");
    }
    JsonObject object = json.get().getAsJsonObject();
    JsonElement query = object.get("query");
    if (query == null || !query.isJsonPrimitive() || !query.getAsJsonPrimitive().isString()) {
      throw HasuraError.atRoot("parse-failed", "key \"query\" not found");
    }
    JsonElement variables = object.get("variables");
    if (variables != null && !variables.isJsonNull() && !variables.isJsonObject()) {
      throw HasuraError.of("parse-failed", "sandbox: variables must be an object", "$.variables");
    }
    Map<String, Object> variableValues =
        variables == null || variables.isJsonNull()
            ? Map.of()
            : (Map<String, Object>) Json.toPlain(variables);
    JsonElement operationName = object.get("operationName");
    return new GraphQlRequest(
        query.getAsString(),
        new LinkedHashMap<>(variableValues),
        operationName == null || operationName.isJsonNull() ? null : operationName.getAsString());
  }
}
