package com.checkandregisteruser;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import mockwebserver3.MockResponse;

/** Scripted answers in the shapes Auth0's /oauth/token and /api/v2/users/{id} give. */
public final class Auth0Answers {
  private Auth0Answers() {}

  public static MockResponse managementToken(String token) {
    JsonObject body = new JsonObject();
    body.addProperty("access_token", token);
    body.addProperty("scope", "read:users read:user_idp_tokens");
    body.addProperty("expires_in", 86400);
    body.addProperty("token_type", "Bearer");
    return json(200, body.toString());
  }

  static MockResponse managementToken(String token, long expiresIn) {
    JsonObject body = new JsonObject();
    body.addProperty("access_token", token);
    body.addProperty("expires_in", expiresIn);
    body.addProperty("token_type", "Bearer");
    return json(200, body.toString());
  }

  /** A user with a Twitter identity (OAuth 1.0a: token and secret). */
  public static MockResponse twitterUser(String userId, String token, String secret) {
    return user(
        userId, identity("twitter", userId.substring(userId.indexOf('|') + 1), token, secret));
  }

  static JsonObject identity(String provider, String id, String token, String secret) {
    JsonObject identity = new JsonObject();
    identity.addProperty("provider", provider);
    identity.addProperty("user_id", id);
    identity.addProperty("connection", provider);
    identity.addProperty("isSocial", true);
    if (token != null) {
      identity.addProperty("access_token", token);
    }
    if (secret != null) {
      identity.addProperty("access_token_secret", secret);
    }
    return identity;
  }

  static MockResponse user(String userId, JsonObject... identities) {
    JsonArray list = new JsonArray();
    for (JsonObject identity : identities) {
      list.add(identity);
    }
    JsonObject user = new JsonObject();
    user.addProperty("user_id", userId);
    user.addProperty("name", "Alice");
    user.add("identities", list);
    return json(200, user.toString());
  }

  /** Auth0's error shape, e.g. {"statusCode":429,"error":"Too Many Requests",...}. */
  static MockResponse error(int status, String error, String message) {
    JsonObject body = new JsonObject();
    body.addProperty("statusCode", status);
    body.addProperty("error", error);
    body.addProperty("message", message);
    return json(status, body.toString());
  }

  static MockResponse rateLimited(String retryAfter) {
    MockResponse.Builder builder =
        new MockResponse.Builder()
            .code(429)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"statusCode\":429,\"error\":\"Too Many Requests\",\"message\":\"Global limit has been reached\"}");
    if (retryAfter != null) {
      builder.addHeader("Retry-After", retryAfter);
    }
    return builder.build();
  }

  /** A 429 as Auth0's rate limit policy describes it: X-RateLimit-Reset, no Retry-After. */
  static MockResponse rateLimitedUntil(String resetEpochSecond) {
    return rateLimited(null)
        .newBuilder()
        .addHeader("X-RateLimit-Limit", "10")
        .addHeader("X-RateLimit-Remaining", "0")
        .addHeader("X-RateLimit-Reset", resetEpochSecond)
        .build();
  }

  static MockResponse json(int status, String body) {
    return new MockResponse.Builder()
        .code(status)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
