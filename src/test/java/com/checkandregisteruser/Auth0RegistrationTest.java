package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.tokens.TokenCipher;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The function with AUTH0_DOMAIN set, against a scripted Hasura and a scripted Management API: the
 * tokens come from Auth0, after the lookup.
 */
class Auth0RegistrationTest {
  private static final String USER_ID = "twitter|123";

  private final MockWebServer hasura = new MockWebServer();
  private final MockWebServer auth0 = new MockWebServer();
  private final CapturingContext context = new CapturingContext();
  private Map<String, String> settings;

  @BeforeEach
  void start() throws IOException {
    hasura.start();
    auth0.start();
    settings = TestSettings.forUpstream(hasura.url("/").toString());
    TestSettings.useAuth0(settings, auth0.url("/").toString(), "client-id-1", "client-secret-1");
  }

  @AfterEach
  void stop() {
    hasura.close();
    auth0.close();
  }

  private static String payload(String variables) {
    return "{\"action\":{\"name\":\"checkAndRegisterUser\"},\"input\":{},\"session_variables\":{"
        + "\"x-hasura-role\":\"user\","
        + variables
        + "}}";
  }

  /** The payload of a login of the user whose Auth0 user id, and so username, is {@code id}. */
  private static String loginOf(String id) {
    return payload("\"x-hasura-user-id\":\"" + id + "\"");
  }

  private static final String ALICE = loginOf(USER_ID);

  private FakeHttpResponse call(String body) {
    return call(new CheckAndRegisterUserFunction(Application.fromSettings(settings)), body);
  }

  private FakeHttpResponse call(CheckAndRegisterUserFunction function, String body) {
    return (FakeHttpResponse) function.run(ActionCalls.request(body), context);
  }

  private static JsonObject json(FakeHttpResponse response) {
    return JsonParser.parseString(response.bodyText()).getAsJsonObject();
  }

  @Test
  void newUser_isInsertedWithTheTokensAuth0Gives() throws Exception {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-1"));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, "auth0-token", "auth0-secret"));

    FakeHttpResponse response = call(ALICE);

    assertEquals(200, response.getStatusCode(), response.bodyText());
    assertEquals(3, json(response).get("affected_rows").getAsInt());
    assertTrue(hasura.takeRequest().getBody().utf8().contains("GetUser"));
    JsonObject variables =
        JsonParser.parseString(hasura.takeRequest().getBody().utf8())
            .getAsJsonObject()
            .getAsJsonObject("variables");
    TokenCipher cipher = TestSettings.cipher();
    assertEquals(
        "auth0-token",
        cipher.decrypt(
            variables.get("accessToken").getAsString(), USER_ID, TokenCipher.Column.ACCESS_TOKEN));
    assertEquals(
        "auth0-secret",
        cipher.decrypt(
            variables.get("accessTokenSecret").getAsString(),
            USER_ID,
            TokenCipher.Column.ACCESS_TOKEN_SECRET));
    assertEquals("/oauth/token", auth0.takeRequest().getTarget());
    assertEquals("/api/v2/users/twitter%7C123", auth0.takeRequest().getTarget());
  }

  @Test
  void existingUserWithTheSameTokens_answersZero() throws Exception {
    hasura.enqueue(HasuraAnswers.registered(USER_ID, "auth0-token", "auth0-secret"));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-1"));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, "auth0-token", "auth0-secret"));

    FakeHttpResponse response = call(ALICE);

    assertEquals(0, json(response).get("affected_rows").getAsInt(), response.bodyText());
    assertEquals(1, hasura.getRequestCount());
  }

  @Test
  void rateLimitedWhileTheUserExists_answersZeroWithoutRefreshing_andLogsIt() throws Exception {
    hasura.enqueue(HasuraAnswers.registered(USER_ID, "old-token", "old-secret"));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-1"));
    auth0.enqueue(Auth0Answers.rateLimited("60"));

    FakeHttpResponse response = call(ALICE);

    assertEquals(200, response.getStatusCode(), response.bodyText());
    assertEquals(0, json(response).get("affected_rows").getAsInt());
    assertEquals(1, hasura.getRequestCount(), "the lookup only: no update");
    String line = context.invocationLine();
    assertTrue(
        line.contains(
            "outcome=existing-not-refreshed-rate-limited status=200 username=\"twitter|123\""),
        line);
  }

  @Test
  void whileAuth0AsksToWait_registeredUsersSkipIt_andFirstLoginsStillGetTheirTokens()
      throws Exception {
    // given one process whose refresh of alice got a 429 asking for 60 s
    CheckAndRegisterUserFunction function =
        new CheckAndRegisterUserFunction(Application.fromSettings(settings));
    hasura.enqueue(HasuraAnswers.registered(USER_ID, "old-token", "old-secret"));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-1"));
    auth0.enqueue(Auth0Answers.rateLimited("60"));
    call(function, ALICE);
    assertEquals(2, auth0.getRequestCount());

    // when bob, registered, logs in: answered 0, and Auth0 is not asked
    hasura.enqueue(HasuraAnswers.registered("twitter|456", "bob-token", "bob-secret"));
    FakeHttpResponse bob = call(function, loginOf("twitter|456"));
    assertEquals(0, json(bob).get("affected_rows").getAsInt(), bob.bodyText());
    assertEquals(2, auth0.getRequestCount());

    // when carol logs in for the first time: Auth0 is asked, and she is registered
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));
    auth0.enqueue(Auth0Answers.twitterUser("twitter|789", "carol-token", "carol-secret"));
    FakeHttpResponse carol = call(function, loginOf("twitter|789"));
    assertEquals(3, json(carol).get("affected_rows").getAsInt(), carol.bodyText());
    assertEquals(3, auth0.getRequestCount());
  }

  @Test
  void rateLimitedForANewUser_is503Auth0RateLimited_andNothingIsWritten() throws Exception {
    hasura.enqueue(HasuraAnswers.noUser());
    auth0.enqueue(Auth0Answers.rateLimited("60"));

    FakeHttpResponse response = call(ALICE);

    assertEquals(503, response.getStatusCode());
    assertEquals(
        "auth0-rate-limited",
        json(response).getAsJsonObject("extensions").get("code").getAsString());
    assertEquals(1, hasura.getRequestCount());
  }

  @Test
  void auth0DownWhileTheUserExists_answersZeroWithoutRefreshing_andWarnsWhy() throws Exception {
    // given a registered user, and an Auth0 that answers 503
    hasura.enqueue(HasuraAnswers.registered(USER_ID, "old-token", "old-secret"));
    auth0.enqueue(Auth0Answers.error(503, "Service Unavailable", "down"));

    // when they log in
    FakeHttpResponse response = call(ALICE);

    // then the login goes on, nothing is written, and the log says why at WARNING
    assertEquals(200, response.getStatusCode(), response.bodyText());
    assertEquals(0, json(response).get("affected_rows").getAsInt());
    assertEquals(1, hasura.getRequestCount(), "the lookup only: no update");
    String line = context.invocationLine();
    assertTrue(
        line.startsWith(
            "checkAndRegisterUser outcome=existing-not-refreshed-unavailable status=200"
                + " username=\"twitter|123\""),
        line);
    assertTrue(line.contains(" detail=\"tokens not refreshed: upstream-unavailable: "), line);
    LogRecord record =
        context.records().stream()
            .filter(r -> r.getMessage().equals(line))
            .findFirst()
            .orElseThrow();
    assertEquals(Level.WARNING, record.getLevel());
  }

  @Test
  void auth0Down_stillFailsAFirstLogin_whichCannotRegisterWithoutTokens() throws Exception {
    hasura.enqueue(HasuraAnswers.noUser());
    auth0.enqueue(Auth0Answers.error(503, "Service Unavailable", "down"));

    FakeHttpResponse response = call(ALICE);

    assertEquals(503, response.getStatusCode());
    assertEquals(
        "upstream-unavailable",
        json(response).getAsJsonObject("extensions").get("code").getAsString());
    assertEquals(1, hasura.getRequestCount(), "the lookup only: no insert");
  }

  @Test
  void auth0RefusingTheApplicationWhileTheUserExists_isStillReported() throws Exception {
    // An operator's fix (the M2M application's scopes), not an outage: every login says so.
    hasura.enqueue(HasuraAnswers.registered(USER_ID, "old-token", "old-secret"));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-1"));
    auth0.enqueue(Auth0Answers.error(403, "Forbidden", "Insufficient scope"));

    FakeHttpResponse response = call(ALICE);

    assertEquals(500, response.getStatusCode(), response.bodyText());
    assertEquals(
        "misconfigured", json(response).getAsJsonObject("extensions").get("code").getAsString());
  }

  @Test
  void usernameThatIsNotAnAuth0UserId_is400BeforeAnyUpstreamCall_evenWithTokenClaims()
      throws Exception {
    FakeHttpResponse response =
        call(
            payload(
                "\"x-hasura-user-id\":\"alice\",\"x-hasura-access-token\":\"t\","
                    + "\"x-hasura-access-token-secret\":\"s\""));

    assertRefusedBeforeAnyUpstreamCall(
        response, "session variable x-hasura-user-id is not an Auth0 user id");
  }

  /**
   * Hasura's permissions tie only x-hasura-user-id to the caller's JWT; a second id that names
   * another Auth0 user would bring that user's tokens into the caller's account.
   */
  @Test
  void anotherAuth0UserIdBesideTheUsername_is400BeforeAnyUpstreamCall() throws Exception {
    FakeHttpResponse response =
        call(
            payload(
                "\"x-hasura-user-id\":\"twitter|666\","
                    + "\"x-hasura-auth0-user-id\":\"twitter|123\""));

    assertRefusedBeforeAnyUpstreamCall(
        response, "session variable x-hasura-auth0-user-id differs from x-hasura-user-id");
  }

  /**
   * A 400 invalid-session-variables whose message starts so, with neither Hasura nor Auth0 asked.
   */
  private void assertRefusedBeforeAnyUpstreamCall(FakeHttpResponse response, String messageStart)
      throws InterruptedException {
    assertEquals(400, response.getStatusCode());
    JsonObject body = json(response);
    assertEquals(
        "invalid-session-variables", body.getAsJsonObject("extensions").get("code").getAsString());
    assertTrue(body.get("message").getAsString().startsWith(messageStart), body.toString());
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS));
    assertNull(auth0.takeRequest(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void misconfiguredAuth0Settings_areReportedAtTheEndpoint() {
    settings.remove(Auth0Settings.AUTH0_CLIENT_SECRET);

    FakeHttpResponse response = call(ALICE);

    assertEquals(500, response.getStatusCode());
    assertTrue(
        json(response)
            .get("message")
            .getAsString()
            .startsWith("the function is misconfigured: AUTH0_CLIENT_SECRET is not set"));
  }

  @Test
  void startLine_namesTheTenantAndProvider() {
    hasura.enqueue(HasuraAnswers.noUser());
    auth0.enqueue(Auth0Answers.error(503, "Service Unavailable", "down"));

    call(ALICE);

    String start =
        context.messages().stream()
            .filter(m -> m.startsWith("checkAndRegisterUser started: "))
            .findFirst()
            .orElseThrow();
    assertTrue(start.endsWith(" auth0=" + auth0.url("/") + " identityProvider=twitter"), start);
  }

  @Test
  void sessionMode_isUnchangedWithoutAuth0Domain() throws Exception {
    settings.remove(Auth0Settings.AUTH0_DOMAIN);
    settings.remove(Auth0Settings.AUTH0_CLIENT_ID);
    settings.remove(Auth0Settings.AUTH0_CLIENT_SECRET);
    hasura.enqueue(HasuraAnswers.userFound("alice"));

    FakeHttpResponse response = call(ActionCalls.payload("alice"));

    assertEquals(0, json(response).get("affected_rows").getAsInt(), response.bodyText());
    assertNull(auth0.takeRequest(100, TimeUnit.MILLISECONDS));
    RecordedRequest lookup = hasura.takeRequest();
    assertTrue(lookup.getBody().utf8().contains("GetUser"));
  }
}
