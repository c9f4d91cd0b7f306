package com.checkandregisteruser;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import mockwebserver3.MockResponse;

/** Scripted answers in the shapes Hasura's /v1/graphql gives (docs/hasura-contract.md §3). */
public final class HasuraAnswers {
  private HasuraAnswers() {}

  public static MockResponse userFound(String username) {
    JsonObject user = new JsonObject();
    user.addProperty("username", username);
    JsonArray users = new JsonArray();
    users.add(user);
    JsonObject data = new JsonObject();
    data.add("user", users);
    return data(data);
  }

  public static MockResponse noUser() {
    JsonObject data = new JsonObject();
    data.add("user", new JsonArray());
    return data(data);
  }

  public static MockResponse inserted(int affectedRows) {
    JsonObject result = new JsonObject();
    result.addProperty("affected_rows", affectedRows);
    JsonObject data = new JsonObject();
    data.add("insert_account_user", result);
    return data(data);
  }

  /** Hasura reports failures with HTTP 200 and an errors array. */
  public static MockResponse error(String code, String message, String path) {
    JsonObject extensions = new JsonObject();
    extensions.addProperty("path", path);
    extensions.addProperty("code", code);
    JsonObject error = new JsonObject();
    error.addProperty("message", message);
    error.add("extensions", extensions);
    JsonArray errors = new JsonArray();
    errors.add(error);
    JsonObject body = new JsonObject();
    body.add("errors", errors);
    return json(200, body.toString());
  }

  public static MockResponse uniquenessViolation() {
    return error(
        "constraint-violation",
        "Uniqueness violation. duplicate key value violates unique constraint \"user_username_key\"",
        "$.selectionSet.insert_account_user.args.objects[0].user.data");
  }

  public static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  private static MockResponse data(JsonObject data) {
    JsonObject body = new JsonObject();
    body.add("data", data);
    return json(200, body.toString());
  }
}
