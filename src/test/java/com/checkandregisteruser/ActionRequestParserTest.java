package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.ActionRequestParser.TokenOrigin;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
  void auth0Origin_theUsernameIsTheAuth0UserId_andNoTokenClaimIsNeeded() throws FailureException {
    ActionRequest request =
        ActionRequestParser.parse(
            payload("\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\"twitter|123\""),
            TokenOrigin.AUTH0);

    assertEquals(ActionRequest.forAuth0User("twitter|123"), request);
    assertEquals("twitter|123", request.username());
    assertNull(request.accessToken());
    assertNull(request.accessTokenSecret());
  }

  @Test
  void auth0Origin_ignoresTokenClaimsSentAnyway() throws FailureException {
    ActionRequest request =
        ActionRequestParser.parse(
            payload(
                "\"x-hasura-user-id\":\"twitter|123\",\"x-hasura-access-token\":\"from-the-jwt\","
                    + "\"x-hasura-access-token-secret\":\"from-the-jwt-too\""),
            TokenOrigin.AUTH0);

    assertNull(request.accessToken());
    assertNull(request.accessTokenSecret());
  }

  /** A username the post-login Action did not set: a nickname, a screen name, a path step. */
  @ParameterizedTest
  @ValueSource(strings = {"alice", "twitter:123", ".", ".."})
  void auth0Origin_aUsernameThatIsNotAnAuth0UserId_is400SayingWhatItMustBe(String username) {
    Failure failure =
        failure(payload("\"x-hasura-user-id\":\"" + username + "\""), TokenOrigin.AUTH0);

    assertEquals(Failure.Kind.INVALID_SESSION_VARIABLES, failure.kind());
    assertEquals(
        "session variable x-hasura-user-id is not an Auth0 user id (provider|id, e.g."
            + " twitter|1001): with the tokens from Auth0 (AUTH0_DOMAIN set), the username must"
            + " be the user's Auth0 user id, as the post-login Action sets it from"
            + " event.user.user_id",
        failure.message());
  }

  @Test
  void auth0Origin_theSameIdInXHasuraAuth0UserId_asEarlierActionsSentIt_isAccepted()
      throws FailureException {
    ActionRequest request =
        ActionRequestParser.parse(
            payload(
                "\"x-hasura-user-id\":\"twitter|123\","
                    + "\"x-hasura-auth0-user-id\":\"twitter|123\""),
            TokenOrigin.AUTH0);

    assertEquals(ActionRequest.forAuth0User("twitter|123"), request);
  }

  /**
   * A caller that reaches the function with its own JWT must not name another Auth0 user than the
   * username Hasura's permissions tie to that JWT: their tokens would land in the caller's account.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"x-hasura-auth0-user-id\":\"twitter|999\"",
        "\"X-Hasura-Auth0-User-Id\":\"twitter|999\"",
        "\"x-hasura-auth0-user-id\":\"Twitter|123\"",
        "\"x-hasura-auth0-user-id\":\"twitter|123 \"",
        "\"x-hasura-auth0-user-id\":\" \""
      })
  void auth0Origin_anotherIdInXHasuraAuth0UserId_is400(String variable) {
    Failure failure =
        failure(payload("\"x-hasura-user-id\":\"twitter|123\"," + variable), TokenOrigin.AUTH0);

    assertEquals(Failure.Kind.INVALID_SESSION_VARIABLES, failure.kind());
    assertEquals(
        "session variable x-hasura-auth0-user-id differs from x-hasura-user-id: with the tokens"
            + " from Auth0 (AUTH0_DOMAIN set), the function stores the tokens of the Auth0 user"
            + " that x-hasura-user-id names, the one Hasura ties to the JWT; leave the claim out",
        failure.message());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "123; must be a string",
        "null; must be a string",
        "\"twitter|123\",\"X-Hasura-Auth0-User-Id\":\"twitter|123\"; is given more than once"
      })
  void auth0Origin_anXHasuraAuth0UserIdThatIsNoSingleString_is400SayingWhy(
      String value, String problem) {
    Failure failure =
        failure(
            payload("\"x-hasura-user-id\":\"twitter|123\",\"x-hasura-auth0-user-id\":" + value),
            TokenOrigin.AUTH0);

    assertEquals(Failure.Kind.INVALID_SESSION_VARIABLES, failure.kind());
    assertEquals(
        "session variable x-hasura-auth0-user-id "
            + problem
            + ": with the tokens from Auth0 (AUTH0_DOMAIN set), the function needs only"
            + " x-hasura-user-id; leave the claim out",
        failure.message());
  }

  @Test
  void auth0Origin_aDotInsideTheId_isKept() throws FailureException {
    ActionRequest request =
        ActionRequestParser.parse(payload("\"x-hasura-user-id\":\"auth0|a.b\""), TokenOrigin.AUTH0);

    assertEquals("auth0|a.b", request.username());
  }

  @Test
  void auth0Origin_stillRequiresTheUsername() {
    Failure failure =
        failure(payload("\"x-hasura-auth0-user-id\":\"twitter|123\""), TokenOrigin.AUTH0);

    assertEquals("session variable x-hasura-user-id is missing", failure.message());
  }

  @Test
  void auth0Origin_anOverlongUsername_is400() {
    Failure failure =
        failure(
            payload("\"x-hasura-user-id\":\"twitter|" + "1".repeat(505) + "\""), TokenOrigin.AUTH0);

    assertEquals(
        "session variable x-hasura-user-id is longer than 512 characters", failure.message());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = ';',
      value = {
        "x-hasura-user-id; ali\\u0000ce",
        "x-hasura-user-id; alice\\ud800",
        "x-hasura-user-id; \\udc00alice",
        "x-hasura-access-token; t\\u0000",
        "x-hasura-access-token-secret; s\\ud83d\\ud83d\\ude00"
      })
  void sessionOrigin_aValueWithU0000OrALoneSurrogate_is400NamingTheVariable(
      String name, String escapedValue) {
    // given a payload whose JSON escapes put U+0000 or an unpaired surrogate into one variable
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("x-hasura-user-id", "alice");
    variables.put("x-hasura-access-token", "t");
    variables.put("x-hasura-access-token-secret", "s");
    variables.put(name, escapedValue);
    StringBuilder members = new StringBuilder();
    for (Map.Entry<String, String> variable : variables.entrySet()) {
      members.append(members.length() == 0 ? "" : ",");
      members.append('"').append(variable.getKey()).append("\":\"").append(variable.getValue());
      members.append('"');
    }
    String body = payload(members.toString());

    // when it is parsed
    Failure failure = failure(body, TokenOrigin.SESSION_VARIABLES);

    // then the caller is told which variable cannot be stored as sent (not a database error later)
    assertEquals(Failure.Kind.INVALID_SESSION_VARIABLES, failure.kind());
    assertEquals(400, failure.kind().status());
    assertTrue(
        failure
            .message()
            .startsWith("session variable " + name + " contains U+0000 or an unpaired surrogate"),
        failure.message());
  }

  @Test
  void aSurrogatePair_isKeptAsSent() throws FailureException {
    ActionRequest request =
        ActionRequestParser.parse(
            payload(
                "\"x-hasura-user-id\":\"al\\ud83d\\ude00ce\",\"x-hasura-access-token\":\"t\","
                    + "\"x-hasura-access-token-secret\":\"s\""),
            TokenOrigin.SESSION_VARIABLES);

    assertEquals("al\ud83d\ude00ce", request.username());
  }

  @Test
  void sessionOrigin_stillRequiresTheTokens_andIgnoresAnAuth0UserId() throws FailureException {
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
  void toString_namesTheUserButNoToken() {
    String text = new ActionRequest("alice", "TOKEN-x1", "SECRET-x1").toString();

    assertFalse(text.contains("TOKEN-x1"));
    assertFalse(text.contains("SECRET-x1"));
    assertEquals(
        "ActionRequest[username=alice, accessToken=<redacted>, accessTokenSecret=<redacted>]",
        text);
  }
}
