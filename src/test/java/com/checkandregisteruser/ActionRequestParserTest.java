package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.checkandregisteruser.ActionRequestParser.TokenOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which session variables a payload must carry, by where the tokens come from. */
class ActionRequestParserTest {

  private static String payload(String variables) {
    return "{\"action\":{\"name\":\"checkAndRegisterUser\"},\"input\":{},\"session_variables\":{"
        + variables
        + "}}";
  }

  /** Alice's payload, padded with a session variable nobody reads to exactly {@code bytes}. */
  private static String payloadOfBytes(int bytes) {
    String variables =
        "\"x-hasura-user-id\":\"alice\",\"x-hasura-access-token\":\"t\","
            + "\"x-hasura-access-token-secret\":\"s\",\"x-hasura-padding\":\"";
    int padding = bytes - payload(variables + "\"").length();
    return payload(variables + "x".repeat(padding) + "\"");
  }

  private static Failure failure(String body, TokenOrigin origin) {
    return assertThrows(FailureException.class, () -> ActionRequestParser.parse(body, origin))
        .failure();
  }

  @Test
  void auth0Origin_readsTheUsernameAndTheAuth0UserId_withoutTokenClaims() throws FailureException {
    ActionRequest request =
        ActionRequestParser.parse(
            payload(
                "\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\"alice\","
                    + "\"X-Hasura-Auth0-User-Id\":\"twitter|123\""),
            TokenOrigin.AUTH0);

    assertEquals("alice", request.username());
    assertEquals("twitter|123", request.auth0UserId());
    assertNull(request.accessToken());
    assertNull(request.accessTokenSecret());
  }

  @Test
  void auth0Origin_ignoresTokenClaimsSentAnyway() throws FailureException {
    ActionRequest request =
        ActionRequestParser.parse(
            payload(
                "\"x-hasura-user-id\":\"alice\",\"x-hasura-auth0-user-id\":\"twitter|123\","
                    + "\"x-hasura-access-token\":\"from-the-jwt\""),
            TokenOrigin.AUTH0);

    assertNull(request.accessToken());
  }

  @Test
  void auth0Origin_withoutTheAuth0UserId_is400SayingWhatTheClaimsMustCarry() {
    Failure failure =
        failure(
            payload(
                "\"x-hasura-user-id\":\"alice\",\"x-hasura-access-token\":\"t\","
                    + "\"x-hasura-access-token-secret\":\"s\""),
            TokenOrigin.AUTH0);

    assertEquals(Failure.Kind.INVALID_SESSION_VARIABLES, failure.kind());
    assertEquals(
        "session variable x-hasura-auth0-user-id is missing: with the tokens from Auth0"
            + " (AUTH0_DOMAIN set), the JWT's claims must carry the user's Auth0 user id (the"
            + " post-login Action sets it from event.user.user_id)",
        failure.message());
  }

  @Test
  void auth0Origin_blankOrOverlongOrNonStringAuth0UserId_is400() {
    assertEquals(
        Failure.Kind.INVALID_SESSION_VARIABLES,
        failure(
                payload("\"x-hasura-user-id\":\"alice\",\"x-hasura-auth0-user-id\":\" \""),
                TokenOrigin.AUTH0)
            .kind());
    assertEquals(
        Failure.Kind.INVALID_SESSION_VARIABLES,
        failure(
                payload(
                    "\"x-hasura-user-id\":\"alice\",\"x-hasura-auth0-user-id\":\""
                        + "x".repeat(513)
                        + "\""),
                TokenOrigin.AUTH0)
            .kind());
    assertEquals(
        Failure.Kind.INVALID_SESSION_VARIABLES,
        failure(
                payload("\"x-hasura-user-id\":\"alice\",\"x-hasura-auth0-user-id\":123"),
                TokenOrigin.AUTH0)
            .kind());
  }

  /** OkHttp would read them as path steps: "." turns users/{id} into users, the list of all. */
  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void auth0Origin_anAuth0UserIdThatIsAPathStep_is400(String auth0UserId) {
    Failure failure =
        failure(
            payload(
                "\"x-hasura-user-id\":\"alice\",\"x-hasura-auth0-user-id\":\""
                    + auth0UserId
                    + "\""),
            TokenOrigin.AUTH0);

    assertEquals(Failure.Kind.INVALID_SESSION_VARIABLES, failure.kind());
    assertEquals(
        "session variable x-hasura-auth0-user-id is not an Auth0 user id: \".\" and \"..\" name"
            + " no user",
        failure.message());
  }

  @Test
  void auth0Origin_aDotInsideTheId_isKept() throws FailureException {
    ActionRequest request =
        ActionRequestParser.parse(
            payload("\"x-hasura-user-id\":\"alice\",\"x-hasura-auth0-user-id\":\"auth0|a.b\""),
            TokenOrigin.AUTH0);

    assertEquals("auth0|a.b", request.auth0UserId());
  }

  @Test
  void auth0Origin_stillRequiresTheUsername() {
    Failure failure =
        failure(payload("\"x-hasura-auth0-user-id\":\"twitter|123\""), TokenOrigin.AUTH0);

    assertEquals("session variable x-hasura-user-id is missing", failure.message());
  }

  @Test
  void sessionOrigin_stillRequiresTheTokens_andNotTheAuth0UserId() throws FailureException {
    Failure failure =
        failure(
            payload("\"x-hasura-user-id\":\"alice\",\"x-hasura-auth0-user-id\":\"twitter|123\""),
            TokenOrigin.SESSION_VARIABLES);
    assertEquals(
        "session variable x-hasura-access-token is missing: the JWT's claims must carry the"
            + " user's social tokens",
        failure.message());

    ActionRequest request =
        ActionRequestParser.parse(
            payload(
                "\"x-hasura-user-id\":\"alice\",\"x-hasura-access-token\":\"t\","
                    + "\"x-hasura-access-token-secret\":\"s\""),
            TokenOrigin.SESSION_VARIABLES);
    assertEquals(new ActionRequest("alice", "t", "s"), request);
    assertNull(request.auth0UserId());
  }

  @Test
  void bodyOfExactly64KiB_isRead() throws FailureException {
    String body = payloadOfBytes(65_536);

    assertEquals(new ActionRequest("alice", "t", "s"), ActionRequestParser.parse(body));
  }

  @Test
  void bodyOneByteOver64KiB_isPayloadTooLarge() {
    Failure failure = failure(payloadOfBytes(65_537), TokenOrigin.SESSION_VARIABLES);

    assertEquals(Failure.Kind.PAYLOAD_TOO_LARGE, failure.kind());
  }

  @Test
  void sessionOrigin_valuesOfExactlyTheMaximumLengths_areRead() throws FailureException {
    String username = "u".repeat(512);
    String token = "t".repeat(4096);
    String secret = "s".repeat(4096);

    ActionRequest request = ActionRequestParser.parse(ActionCalls.payload(username, token, secret));

    assertEquals(new ActionRequest(username, token, secret), request);
  }

  @Test
  void toString_namesTheUserAndAuth0IdButNoToken() {
    String text = new ActionRequest("alice", "TOKEN-x1", "SECRET-x1", "twitter|123").toString();

    assertFalse(text.contains("TOKEN-x1"));
    assertFalse(text.contains("SECRET-x1"));
    assertEquals(
        "ActionRequest[username=alice, accessToken=<redacted>, accessTokenSecret=<redacted>,"
            + " auth0UserId=twitter|123]",
        text);
  }
}
