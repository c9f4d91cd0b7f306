package com.checkandregisteruser;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.gson.JsonObject;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds action calls as the Functions host delivers them: lower-case header names, body as
 * Optional.
 */
public final class ActionCalls {
  static final String AUTHORIZATION = "Bearer header.payload.signature";

  private ActionCalls() {}

  /**
   * The payload Hasura posts (docs/hasura-contract.md §1) for this user, with tokens derived from
   * the name.
   */
  public static String payload(String username) {
    return payload(username, "tok-" + username, "sec-" + username);
  }

  /** The payload Hasura posts (docs/hasura-contract.md §1) for this user and tokens. */
  public static String payload(String username, String accessToken, String accessTokenSecret) {
    JsonObject variables = sessionVariables(username);
    variables.addProperty("x-hasura-access-token", accessToken);
    variables.addProperty("x-hasura-access-token-secret", accessTokenSecret);
    return payload(variables);
  }

  /**
   * The payload Hasura posts in Auth0 mode (docs/hasura-contract.md §1): the username, which is the
   * user's Auth0 user id, and no tokens.
   */
  public static String auth0Payload(String auth0UserId) {
    return payload(sessionVariables(auth0UserId));
  }

  private static JsonObject sessionVariables(String username) {
    JsonObject variables = new JsonObject();
    variables.addProperty("x-hasura-role", "user");
    variables.addProperty("x-hasura-user-id", username);
    return variables;
  }

  private static String payload(JsonObject variables) {
    JsonObject action = new JsonObject();
    action.addProperty("name", "checkAndRegisterUser");
    JsonObject body = new JsonObject();
    body.add("action", action);
    body.add("input", new JsonObject());
    body.add("session_variables", variables);
    body.addProperty("request_query", "mutation { checkAndRegisterUser { affected_rows } }");
    return body.toString();
  }

  static Map<String, String> headers(String authorization) {
    Map<String, String> headers = new HashMap<>();
    headers.put("content-type", "application/json");
    headers.put("user-agent", "hasura-graphql-engine/v2.48.0");
    if (authorization != null) {
      headers.put("authorization", authorization);
    }
    return headers;
  }

  @SuppressWarnings("unchecked")
  static HttpRequestMessage<Optional<String>> request(
      Map<String, String> headers, Optional<String> body) {
    HttpRequestMessage<Optional<String>> request = mock(HttpRequestMessage.class);
    when(request.getHeaders()).thenReturn(headers);
    when(request.getBody()).thenReturn(body);
    when(request.createResponseBuilder(any(HttpStatus.class)))
        .thenAnswer(call -> new FakeHttpResponse.Builder(call.getArgument(0)));
    return request;
  }

  static HttpRequestMessage<Optional<String>> request(String body) {
    return request(headers(AUTHORIZATION), Optional.ofNullable(body));
  }
}
