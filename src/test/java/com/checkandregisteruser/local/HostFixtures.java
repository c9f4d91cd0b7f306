package com.checkandregisteruser.local;

import com.checkandregisteruser.Settings;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import mockwebserver3.MockResponse;

/**
 * What the host tests send and script. The package's own small copies of the payload and Hasura answers
 * in {@code com.checkandregisteruser}'s test helpers, which are package-private there.
 */
final class HostFixtures {
  /** A fixed test key (32 bytes), never a real one. */
  static final String KEY_BASE64 = Base64.getEncoder().encodeToString(new byte[] {
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28,
      29, 30, 31, 32});

  private HostFixtures() {}

  /** Settings for a function whose Hasura is at {@code graphqlBaseApi}. */
  static Map<String, String> settingsFor(String graphqlBaseApi) {
    Map<String, String> settings = new HashMap<>();
    settings.put(Settings.GRAPHQL_BASE_API, graphqlBaseApi);
    settings.put(Settings.TOKEN_ENCRYPTION_KEY, KEY_BASE64);
    return settings;
  }

  /** The body Hasura posts to the action handler (contract §1). */
  static String payload(String username) {
    JsonObject variables = new JsonObject();
    variables.addProperty("x-hasura-role", "user");
    variables.addProperty("x-hasura-user-id", username);
    variables.addProperty("x-hasura-access-token", "tok-" + username);
    variables.addProperty("x-hasura-access-token-secret", "sec-" + username);
    JsonObject action = new JsonObject();
    action.addProperty("name", "checkAndRegisterUser");
    JsonObject body = new JsonObject();
    body.add("action", action);
    body.add("input", new JsonObject());
    body.add("session_variables", variables);
    body.addProperty("request_query", "mutation { checkAndRegisterUser { affected_rows } }");
    return body.toString();
  }

  /** Hasura's answer to the existence query when the user exists. */
  static MockResponse userFound(String username) {
    JsonObject user = new JsonObject();
    user.addProperty("username", username);
    JsonArray users = new JsonArray();
    users.add(user);
    JsonObject data = new JsonObject();
    data.add("user", users);
    return data(data);
  }

  /** Hasura's answer to the existence query when the user does not exist. */
  static MockResponse noUser() {
    JsonObject data = new JsonObject();
    data.add("user", new JsonArray());
    return data(data);
  }

  /** Hasura's answer to the nested insert. */
  static MockResponse inserted(int affectedRows) {
    JsonObject result = new JsonObject();
    result.addProperty("affected_rows", affectedRows);
    JsonObject data = new JsonObject();
    data.add("insert_account_user", result);
    return data(data);
  }

  private static MockResponse data(JsonObject data) {
    JsonObject body = new JsonObject();
    body.add("data", data);
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
        .body(body.toString()).build();
  }
}
