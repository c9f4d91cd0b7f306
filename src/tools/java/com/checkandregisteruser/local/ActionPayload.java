package com.checkandregisteruser.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body Hasura posts to an action handler (docs/hasura-contract.md §1): {@code action.name},
 * {@code input}, {@code session_variables} and {@code request_query}, in that order. The sandbox's
 * dispatcher sends it; the banners print it for curl.
 */
public final class ActionPayload {
  /** The one action of this project and the mutation a web app sends for it. */
  public static final String ACTION = "checkAndRegisterUser";

  public static final String REQUEST_QUERY = "mutation { checkAndRegisterUser { affected_rows } }";

  private ActionPayload() {}

  /** Any action call: {@code sessionVariables} as Hasura resolved them (names lower case). */
  public static JsonObject of(
      String actionName,
      JsonElement input,
      Map<String, String> sessionVariables,
      String requestQuery) {
    JsonObject action = new JsonObject();
    action.addProperty("name", actionName);
    JsonObject variables = new JsonObject();
    sessionVariables.forEach(variables::addProperty);
    JsonObject payload = new JsonObject();
    payload.add("action", action);
    payload.add("input", input);
    payload.add("session_variables", variables);
    payload.addProperty("request_query", requestQuery);
    return payload;
  }

  /** The registration call Hasura makes for a logged-in user of role {@code user}. */
  public static JsonObject registration(
      String userId, String accessToken, String accessTokenSecret) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("x-hasura-role", "user");
    variables.put("x-hasura-user-id", userId);
    variables.put("x-hasura-access-token", accessToken);
    variables.put("x-hasura-access-token-secret", accessTokenSecret);
    return of(ACTION, new JsonObject(), variables, REQUEST_QUERY);
  }
}
