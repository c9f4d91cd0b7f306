package com.checkandregisteruser;

import static com.checkandregisteruser.ActionCalls.AUTHORIZATION;
import static com.checkandregisteruser.ActionCalls.headers;
import static com.checkandregisteruser.ActionCalls.payload;
import static com.checkandregisteruser.ActionCalls.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.microsoft.azure.functions.HttpRequestMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The function adapter end to end against a scripted Hasura: one test per row of the error table.
 */
class CheckAndRegisterUserFunctionTest {
  private static final String VALID = payload("alice", "tok-123456", "sec-123456");

  private final MockWebServer hasura = new MockWebServer();
  private final CapturingContext context = new CapturingContext();
  private Map<String, String> settings;

  @BeforeEach
  void startHasura() throws IOException {
    hasura.start();
    settings = TestSettings.forUpstream(hasura.url("/").toString());
  }

  @AfterEach
  void stopHasura() {
    hasura.close();
  }

  private FakeHttpResponse call(HttpRequestMessage<Optional<String>> request) {
    CheckAndRegisterUserFunction function =
        new CheckAndRegisterUserFunction(Application.fromSettings(settings));
    return (FakeHttpResponse) function.run(request, context);
  }

  private FakeHttpResponse call(String body) {
    return call(request(body));
  }

  private void assertNoMoreRequests() throws InterruptedException {
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS), "no further request reaches Hasura");
  }

  /**
   * Asserts Hasura's action error shape exactly: {"message": string, "extensions": {"code": code}}.
   */
  private static String assertError(FakeHttpResponse response, int status, String code) {
    assertEquals(status, response.getStatusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject body = JsonParser.parseString(response.bodyText()).getAsJsonObject();
    assertEquals(Set.of("message", "extensions"), body.keySet());
    assertTrue(body.get("message").getAsJsonPrimitive().isString());
    JsonObject extensions = body.getAsJsonObject("extensions");
    assertEquals(Set.of("code"), extensions.keySet());
    assertEquals(code, extensions.get("code").getAsString());
    return body.get("message").getAsString();
  }

  private static void assertAffectedRows(FakeHttpResponse response, int expected) {
    assertEquals(200, response.getStatusCode());
    assertEquals("application/json", response.getHeader("Content-Type"));
    JsonObject body = JsonParser.parseString(response.bodyText()).getAsJsonObject();
    assertEquals(Set.of("affected_rows"), body.keySet());
    JsonElement rows = body.get("affected_rows");
    assertTrue(
        rows.getAsJsonPrimitive().isNumber(), "affected_rows must be a JSON number, not a string");
    assertEquals(expected, rows.getAsInt());
  }

  @Test
  void existingUser_answersZeroAfterOneQuery() throws InterruptedException {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-123456", "sec-123456"));

    FakeHttpResponse response = call(VALID);

    assertAffectedRows(response, 0);
    RecordedRequest query = hasura.takeRequest();
    assertEquals(AUTHORIZATION, query.getHeaders().get("Authorization"));
    assertTrue(query.getBody().utf8().contains("GetUser"));
    assertNoMoreRequests();
    String line = context.invocationLine();
    assertTrue(line.contains("outcome=existing status=200 username=\"alice\" elapsedMs="), line);
  }

  @Test
  void newUser_insertsAndAnswersHasurasAffectedRows() throws InterruptedException {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));

    FakeHttpResponse response = call(VALID);

    assertAffectedRows(response, 3);
    assertTrue(hasura.takeRequest().getBody().utf8().contains("GetUser"));
    assertTrue(hasura.takeRequest().getBody().utf8().contains("insert_account_user"));
    assertNoMoreRequests();
    assertTrue(context.invocationLine().contains("outcome=created status=200"));
  }

  @Test
  void existingUserWithNewTokens_rewritesThemAndAnswersOne() throws InterruptedException {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-old", "sec-old"));
    hasura.enqueue(HasuraAnswers.updated(1));

    FakeHttpResponse response = call(VALID);

    assertAffectedRows(response, 1);
    assertTrue(hasura.takeRequest().getBody().utf8().contains("GetUser"));
    assertTrue(hasura.takeRequest().getBody().utf8().contains("update_account"));
    assertNoMoreRequests();
    String line = context.invocationLine();
    assertTrue(line.contains("outcome=tokens-updated status=200 username=\"alice\""), line);
  }

  @Test
  void headerNamesInAnyCase_areFound() throws InterruptedException {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-123456", "sec-123456"));
    Map<String, String> headers = Map.of("Authorization", AUTHORIZATION);

    FakeHttpResponse response = call(request(headers, Optional.of(VALID)));

    assertAffectedRows(response, 0);
    assertEquals(AUTHORIZATION, hasura.takeRequest().getHeaders().get("Authorization"));
  }

  @Test
  void insertConflict_rechecksAndAnswersZero() throws InterruptedException {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.uniquenessViolation());
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-123456", "sec-123456"));

    FakeHttpResponse response = call(VALID);

    assertAffectedRows(response, 0);
    assertEquals(3, hasura.getRequestCount());
    assertTrue(context.invocationLine().contains("outcome=registered-concurrently status=200"));
  }

  @Test
  void insertConflictWithoutUser_answers502GraphqlError() {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.uniquenessViolation());
    hasura.enqueue(HasuraAnswers.noUser());

    String message = assertError(call(VALID), 502, "graphql-error");

    assertTrue(message.startsWith("registration conflict: Uniqueness violation."), message);
    assertEquals(Level.SEVERE, context.records().get(context.records().size() - 1).getLevel());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "not json",
        "{\"session_variables\":",
        "[1,2]",
        "\"text\"",
        "42",
        "{}",
        "{\"session_variables\":null}",
        "{\"session_variables\":[]}",
        "{\"session_variables\":\"x\"}",
        "{\"session_variables\":{}} trailing"
      })
  void malformedBody_answers400InvalidPayload(String body) {
    assertError(call(body), 400, "invalid-payload");
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void missingBody_answers400InvalidPayload() {
    assertError(call(request(headers(AUTHORIZATION), Optional.empty())), 400, "invalid-payload");
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void nestedInputElsewhere_isSkipped() {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-123456", "sec-123456"));
    String nested = "[".repeat(200) + "]".repeat(200);
    String body = VALID.substring(0, VALID.length() - 1) + ",\"input\":" + nested + "}";

    assertAffectedRows(call(body), 0);
  }

  @Test
  void absurdlyDeepNesting_neverOverflowsIntoA500() {
    // Gson 2.11+ refuses nesting past 255 (400 invalid-payload); the worker's Gson 2.9 skips it
    // without
    // recursion (the call proceeds). Either is fine; a StackOverflowError turned 500 is not.
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-123456", "sec-123456"));
    String nested = "[".repeat(60_000) + "]".repeat(2);
    String body = VALID.substring(0, VALID.length() - 1) + ",\"input\":" + nested + "}";

    FakeHttpResponse response = call(body);

    assertTrue(response.getStatusCode() < 500, response.bodyText());
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "x-hasura-user-id|missing|is missing",
        "x-hasura-user-id|blank|must not be blank",
        "x-hasura-user-id|number|must be a string",
        "x-hasura-user-id|long|is longer than 512 characters",
        "x-hasura-access-token|missing|is missing",
        "x-hasura-access-token|null|must be a string",
        "x-hasura-access-token|long|is longer than 4096 characters",
        "x-hasura-access-token-secret|blank|must not be blank",
        "x-hasura-access-token-secret|object|must be a string"
      })
  void badSessionVariable_answers400NamingIt(String name, String kind, String problem) {
    JsonObject body = JsonParser.parseString(VALID).getAsJsonObject();
    JsonObject variables = body.getAsJsonObject("session_variables");
    variables.remove(name);
    switch (kind) {
      case "blank" -> variables.addProperty(name, "  ");
      case "number" -> variables.addProperty(name, 42);
      case "null" -> variables.add(name, com.google.gson.JsonNull.INSTANCE);
      case "object" -> variables.add(name, new JsonObject());
      case "long" ->
          variables.addProperty(name, "a".repeat(name.equals("x-hasura-user-id") ? 513 : 4097));
      default -> {}
    }

    String message = assertError(call(body.toString()), 400, "invalid-session-variables");

    assertTrue(message.startsWith("session variable " + name + " " + problem), message);
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void sessionVariableKeys_matchCaseInsensitively() {
    hasura.enqueue(HasuraAnswers.registered("alice", "t", "s"));
    String body =
        "{\"session_variables\":{\"X-Hasura-User-Id\":\"alice\",\"X-HASURA-ACCESS-TOKEN\":\"t\","
            + "\"x-hasura-access-token-secret\":\"s\"}}";

    assertAffectedRows(call(body), 0);
  }

  @Test
  void sessionVariableGivenTwiceInDifferentCase_isRejected() {
    String body =
        "{\"session_variables\":{\"x-hasura-user-id\":\"alice\",\"X-Hasura-User-Id\":\"bob\","
            + "\"x-hasura-access-token\":\"t\",\"x-hasura-access-token-secret\":\"s\"}}";

    String message = assertError(call(body), 400, "invalid-session-variables");

    assertTrue(message.contains("x-hasura-user-id is given more than once"), message);
  }

  @Test
  void sessionVariablesGivenTwice_answers400InvalidPayloadWithoutCallingHasura() {
    // Whichever copy came last would otherwise decide who gets registered.
    String first = VALID.substring(0, VALID.length() - 1);
    String second =
        JsonParser.parseString(payload("bob"))
            .getAsJsonObject()
            .get("session_variables")
            .toString();
    String body = first + ",\"session_variables\":" + second + "}";

    String message = assertError(call(body), 400, "invalid-payload");

    assertEquals("session_variables is given more than once", message);
    assertEquals(0, hasura.getRequestCount());
    assertTrue(
        context.invocationLine().contains("outcome=invalid-payload status=400 username=-"),
        context.invocationLine());
  }

  @Test
  void noAuthorizationHeader_answers401PointingAtForwardClientHeaders() {
    String message =
        assertError(call(request(headers(null), Optional.of(VALID))), 401, "missing-authorization");

    assertTrue(message.contains("forward_client_headers"), message);
    assertEquals(0, hasura.getRequestCount());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "invalid-jwt|Could not verify JWT: JWTExpired",
        "invalid-headers|Missing 'Authorization' or 'Cookie' header in JWT authentication mode",
        "jwt-invalid-claims|claims key: 'https://hasura.io/jwt/claims' not found",
        "jwt-missing-role-claims|JWT claim does not contain x-hasura-allowed-roles",
        "access-denied|Your requested role is not in allowed roles"
      })
  void hasuraRejectsCredentials_answers401KeepingHasurasMessage(String code, String hasuraMessage) {
    hasura.enqueue(HasuraAnswers.error(code, hasuraMessage, "$"));

    String message = assertError(call(VALID), 401, "unauthorized");

    assertEquals(hasuraMessage, message);
    assertEquals(1, hasura.getRequestCount());
  }

  /** A Hasura replica in its first second after a start, before its JWKS poller has keys. */
  @Test
  void hasuraWithNoUsableKey_answers503NotAskingTheUserToLogInAgain() {
    hasura.enqueue(
        HasuraAnswers.error("invalid-jwt", "Could not verify JWT: JWSError NoUsableKeys", "$"));

    String message = assertError(call(VALID), 503, "upstream-unavailable");

    assertEquals("Hasura cannot verify tokens yet: its JWK set has no usable key", message);
  }

  /**
   * Hasura up, PostgreSQL down, out of connection slots, or Hasura's TLS files to it unreadable: as
   * Hasura words each (contract §3).
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "postgres-error|connection error",
        "postgres-max-connections-error|max connections reached on postgres",
        "postgres-error|root certificate error",
        "postgres-error|certificate error",
        "postgres-error|private-key error"
      })
  void hasuraWithoutItsDatabase_answers503AndLogsHasurasCode(String code, String hasuraMessage) {
    hasura.enqueue(HasuraAnswers.error(code, hasuraMessage, "$"));

    String message = assertError(call(VALID), 503, "upstream-unavailable");

    assertEquals("Hasura has no connection to its database", message);
    String line = context.invocationLine();
    assertTrue(line.contains("outcome=upstream-unavailable status=503"), line);
    assertTrue(line.contains(hasuraMessage + " (code " + code + ", path $)"), line);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "validation-failed|field 'username' not found in type: 'user'",
        "permission-error|check constraint of an insert permission has failed",
        "postgres-error|postgres tx error",
        "postgres-error|connection errors"
      })
  void otherGraphqlError_answers502WithHasurasMessageAndLogsIt(String code, String hasuraMessage) {
    hasura.enqueue(HasuraAnswers.error(code, hasuraMessage, "$.selectionSet.user"));

    String message = assertError(call(VALID), 502, "graphql-error");

    assertTrue(message.contains(hasuraMessage), message);
    String line = context.invocationLine();
    assertTrue(
        line.contains("outcome=graphql-error status=502") && line.contains("code " + code), line);
  }

  @Test
  void errorsAreCheckedBeforeData() {
    hasura.enqueue(
        HasuraAnswers.json(
            200,
            "{\"data\":{\"user\":[]},\"errors\":[{\"message\":\"boom\","
                + "\"extensions\":{\"code\":\"unexpected\",\"path\":\"$\"}}]}"));

    String message = assertError(call(VALID), 502, "graphql-error");

    assertTrue(message.contains("boom"), message);
    assertEquals(
        1, hasura.getRequestCount(), "a user list next to errors must not lead to an insert");
  }

  @Test
  void hasuraUnreachable_answers503() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    settings.put(Settings.GRAPHQL_BASE_API, "http://127.0.0.1:" + closedPort);

    assertError(call(VALID), 503, "upstream-unavailable");
    assertTrue(context.invocationLine().contains("cannot reach Hasura"));
  }

  @Test
  void hasuraTooSlow_answers504WithinTheTimeout() {
    settings.put(Settings.GRAPHQL_READ_TIMEOUT_MS, "200");
    settings.put(Settings.GRAPHQL_CALL_TIMEOUT_MS, "300");
    hasura.enqueue(new MockResponse.Builder().headersDelay(6, TimeUnit.SECONDS).body("{}").build());

    long started = System.nanoTime();
    assertError(call(VALID), 504, "upstream-timeout");
    // Not a speed assertion: proves the configured timeout, not the 6 s delay, ended the call.
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 4_000);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "200|<html>gateway</html>|not a JSON object",
        "200|{\"data\":{\"user\":null}}|data.user is not a list",
        "200|{\"something\":1}|neither data nor errors",
        "404|<html>Not Found</html>|not a JSON object",
        "301|{\"moved\":true}|unexpected HTTP status 301"
      })
  void hasuraAnswersSomethingElse_answers502BadUpstreamResponse(
      int status, String body, String detail) {
    hasura.enqueue(HasuraAnswers.json(status, body));

    String message = assertError(call(VALID), 502, "bad-upstream-response");

    assertTrue(message.contains(detail), message);
  }

  /** A gateway in front of Hasura that gave up waiting for it. */
  @Test
  void aGateways504_answers504UpstreamTimeout() {
    hasura.enqueue(HasuraAnswers.json(504, "upstream request timeout"));

    String message = assertError(call(VALID), 504, "upstream-timeout");

    assertEquals("Hasura did not answer in time: HTTP 504 from a gateway in front of it", message);
  }

  /** What an ingress or gateway answers while Hasura restarts or sheds load. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "502|<html>Bad Gateway</html>",
        "503|",
        "500|{\"oops\":true}",
        "429|Too Many Requests"
      })
  void aFiveHundredOr429WithoutAGraphQlAnswer_answers503UpstreamUnavailable(
      int status, String body) {
    hasura.enqueue(HasuraAnswers.json(status, body == null ? "" : body));

    String message = assertError(call(VALID), 503, "upstream-unavailable");

    assertEquals("Hasura is unavailable: HTTP " + status + " without a GraphQL answer", message);
  }

  @Test
  void insertAnswerWithoutAffectedRows_answers502BadUpstreamResponse() {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.json(200, "{\"data\":{\"insert_account_user\":null}}"));

    assertError(call(VALID), 502, "bad-upstream-response");
  }

  @Test
  void bodyOver64KiB_answers413() {
    String body = payload("alice", "t".repeat(70_000), "s");

    assertError(call(body), 413, "payload-too-large");
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void bodyOver64KiBOnlyInUtf8Bytes_answers413() {
    // 30,000 characters of 3 bytes each: small by char count, 90,000 bytes on the wire.
    String body = payload("alice", "\u20ac".repeat(30_000), "s");

    assertError(call(body), 413, "payload-too-large");
  }

  @Test
  void noEncryptionKey_answers500MisconfiguredWithoutCallingHasura() {
    settings.remove(Settings.TOKEN_ENCRYPTION_KEY);

    String message = assertError(call(VALID), 500, "misconfigured");

    assertTrue(message.contains("TOKEN_ENCRYPTION_KEY"), message);
    assertEquals(0, hasura.getRequestCount());
    assertTrue(
        context.messages().stream()
            .anyMatch(m -> m.contains("misconfigured: TOKEN_ENCRYPTION_KEY")));
  }

  @Test
  void keyOfWrongLength_answers500MisconfiguredNamingTheSettingNotItsValue() {
    String shortKey = java.util.Base64.getEncoder().encodeToString(new byte[16]);
    settings.put(Settings.TOKEN_ENCRYPTION_KEY, shortKey);

    String message = assertError(call(VALID), 500, "misconfigured");

    assertTrue(message.contains("TOKEN_ENCRYPTION_KEY"), message);
    assertTrue(context.messages().stream().noneMatch(m -> m.contains(shortKey)));
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void misconfiguredWithActionSecret_refusesUnauthenticatedCallersBeforeSayingWhatIsWrong() {
    settings.remove(Settings.TOKEN_ENCRYPTION_KEY);
    settings.put(Settings.ACTION_SECRET, "the-secret");
    Map<String, String> authenticated = headers(AUTHORIZATION);
    authenticated.put("x-action-secret", "the-secret");

    String refused = assertError(call(VALID), 401, "unauthorized");
    String told =
        assertError(call(request(authenticated, Optional.of(VALID))), 500, "misconfigured");

    assertTrue(
        !refused.contains("TOKEN_ENCRYPTION_KEY") && told.contains("TOKEN_ENCRYPTION_KEY"),
        refused + " / " + told);
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void firstInvocation_logsTheConfigurationOnce() {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-123456", "sec-123456"));
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-123456", "sec-123456"));
    Application application = Application.fromSettings(settings);

    new CheckAndRegisterUserFunction(application).run(request(VALID), context);
    new CheckAndRegisterUserFunction(application).run(request(VALID), context);

    long started =
        context.messages().stream()
            .filter(m -> m.startsWith("checkAndRegisterUser started:"))
            .count();
    assertEquals(1, started);
    assertTrue(context.messages().get(0).contains("tokenKeyId=k2"), context.messages().get(0));
  }
}
