package com.checkandregisteruser;

import com.checkandregisteruser.tokens.TokenCipher;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import mockwebserver3.MockResponse;

/** Scripted answers in the shapes Hasura's /v1/graphql gives (docs/hasura-contract.md §3). */
public final class HasuraAnswers {
  private HasuraAnswers() {}

  /**
   * The lookup's answer for a user stored with the tokens {@link ActionCalls#payload(String)} gives
   * that user ({@code tok-<username>}, {@code sec-<username>}): a login that changes nothing.
   */
  public static MockResponse userFound(String username) {
    return registered(username, "tok-" + username, "sec-" + username);
  }

  /**
   * The lookup's answer for a user whose account holds these tokens, encrypted as the function
   * stores them with {@link TestSettings#cipher()} (current key id {@code k2}).
   */
  public static MockResponse registered(
      String username, String accessToken, String accessTokenSecret) {
    TokenCipher cipher = TestSettings.cipher();
    return storedValues(
        username,
        cipher.encrypt(accessToken, username, TokenCipher.Column.ACCESS_TOKEN),
        accessTokenSecret == null
            ? null
            : cipher.encrypt(accessTokenSecret, username, TokenCipher.Column.ACCESS_TOKEN_SECRET));
  }

  /** The lookup's answer for a user whose account holds exactly these stored values. */
  public static MockResponse storedValues(
      String username, String storedToken, String storedSecret) {
    JsonObject user = new JsonObject();
    user.addProperty("username", username);
    JsonArray users = new JsonArray();
    users.add(user);
    JsonObject account = new JsonObject();
    account.addProperty("access_token", storedToken);
    // Hasura answers a NULL column with null, not by leaving the field out.
    account.add(
        "access_token_secret",
        storedSecret == null ? JsonNull.INSTANCE : new JsonPrimitive(storedSecret));
    JsonArray accounts = new JsonArray();
    accounts.add(account);
    JsonObject data = new JsonObject();
    data.add("user", users);
    data.add("account", accounts);
    return data(data);
  }

  /** The lookup's answer when neither the user nor their account exists. */
  public static MockResponse noUser() {
    JsonObject data = new JsonObject();
    data.add("user", new JsonArray());
    data.add("account", new JsonArray());
    return data(data);
  }

  public static MockResponse inserted(int affectedRows) {
    return affected("insert_account_user", affectedRows);
  }

  public static MockResponse updated(int affectedRows) {
    return affected("update_account", affectedRows);
  }

  private static MockResponse affected(String field, int affectedRows) {
    JsonObject result = new JsonObject();
    result.addProperty("affected_rows", affectedRows);
    JsonObject data = new JsonObject();
    data.add(field, result);
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
    // toString() keeps null members (Gson's toJson would drop them).
    return json(200, body.toString());
  }
}
