package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The exact HTTP the client sends to /v1/graphql, and how it reads each kind of answer. */
class GraphQlClientTest {
  private static final GraphQlOperation OPERATION =
      GraphQlOperation.of("query Q($a: String!) { q(a: $a) }");

  // More than any call timeout here: only the timeout tests below limit a call by the time left.
  private static final Duration TIME_LEFT = Duration.ofMinutes(1);

  private final MockWebServer hasura = new MockWebServer();
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(java.time.Duration.ofMillis(300)).build();
  private GraphQlClient client;

  @BeforeEach
  void start() throws IOException {
    hasura.start();
    client = new GraphQlClient(http, hasura.url("/v1/graphql"));
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  private static JsonObject variables(String a) {
    JsonObject variables = new JsonObject();
    variables.addProperty("a", a);
    return variables;
  }

  @Test
  void execute_postsQueryAndVariablesAsJsonWithTheCallersAuthorization() throws Exception {
    hasura.enqueue(HasuraAnswers.json(200, "{\"data\":{\"q\":1}}"));

    JsonObject data =
        client.execute(OPERATION, variables("x"), "Bearer abc.def.ghi", TIME_LEFT).data();

    assertEquals(JsonParser.parseString("{\"q\":1}"), data);
    RecordedRequest request = hasura.takeRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/graphql", request.getUrl().encodedPath());
    assertEquals("Bearer abc.def.ghi", request.getHeaders().get("Authorization"));
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    assertEquals("identity", request.getHeaders().get("Accept-Encoding"));
    JsonObject expected = new JsonObject();
    expected.addProperty("query", "query Q($a: String!) { q(a: $a) }");
    expected.add("variables", variables("x"));
    assertEquals(expected, JsonParser.parseString(request.getBody().utf8()));
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void execute_keepsAwkwardValuesOutOfTheQueryText() throws Exception {
    hasura.enqueue(HasuraAnswers.json(200, "{\"data\":{}}"));
    String awkward = "a\"b\\c\nd}{ $e \u00e9\u4e16\ud83d\ude00";

    client.execute(OPERATION, variables(awkward), "Bearer t", TIME_LEFT);

    JsonObject sent =
        JsonParser.parseString(hasura.takeRequest().getBody().utf8()).getAsJsonObject();
    assertEquals("query Q($a: String!) { q(a: $a) }", sent.get("query").getAsString());
    assertEquals(awkward, sent.getAsJsonObject("variables").get("a").getAsString());
  }

  @Test
  void errorsArray_becomesTheFirstErrorWithCodeAndPath() throws Exception {
    hasura.enqueue(
        HasuraAnswers.error(
            "validation-failed",
            "field 'x' not found in type: 'user'",
            "$.selectionSet.user.selectionSet.x"));

    GraphQlResult result = client.execute(OPERATION, variables("x"), "B t", TIME_LEFT);

    assertEquals(
        new GraphQlError(
            "validation-failed",
            "field 'x' not found in type: 'user'",
            "$.selectionSet.user.selectionSet.x"),
        result.error().orElseThrow());
    FailureException e = assertThrows(FailureException.class, result::data);
    assertEquals(
        Failure.of(
            Failure.Kind.GRAPHQL_ERROR,
            "Hasura answered with an error: field 'x' not found in type: 'user'",
            "GraphQL error (code validation-failed, path $.selectionSet.user.selectionSet.x):"
                + " field 'x' not found in type: 'user'"),
        e.failure());
  }

  /**
   * A first error of another shape is still an error: what is missing or not a string is left out.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"errors\":[\"boom\"]}|(no message)",
        "{\"errors\":[{}]}|(no message)",
        "{\"errors\":[{\"message\":5}]}|(no message)",
        "{\"errors\":[{\"message\":\"m\"}]}|m",
        "{\"errors\":[{\"message\":\"m\",\"extensions\":\"x\"}]}|m",
        "{\"errors\":[{\"message\":\"m\",\"extensions\":{}}]}|m",
        "{\"errors\":[{\"message\":\"m\",\"extensions\":{\"code\":5,\"path\":5}}]}|m",
        "{\"errors\":[{\"message\":\"m\",\"extensions\":{\"code\":{},\"path\":{}}}]}|m"
      })
  void errorsArrayWithAnOddFirstEntry_isStillAnError(String body, String message) throws Exception {
    hasura.enqueue(HasuraAnswers.json(200, body));

    GraphQlResult result = client.execute(OPERATION, variables("x"), "B t", TIME_LEFT);

    assertEquals(new GraphQlError("unknown", message, null), result.error().orElseThrow());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"{\"data\":{\"q\":1},\"errors\":[]}", "{\"data\":{\"q\":1},\"errors\":\"x\"}"})
  void errorsThatAreEmptyOrNotAList_leaveTheData(String body) throws Exception {
    hasura.enqueue(HasuraAnswers.json(200, body));

    GraphQlResult result = client.execute(OPERATION, variables("x"), "B t", TIME_LEFT);

    assertTrue(result.error().isEmpty());
    assertEquals(JsonParser.parseString("{\"q\":1}"), result.data());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"path\":\"$\",\"error\":\"invalid json\",\"code\":\"parse-failed\"}|$",
        "{\"error\":\"invalid json\",\"code\":\"parse-failed\"}|",
        "{\"path\":5,\"error\":\"invalid json\",\"code\":\"parse-failed\"}|"
      })
  void hasurasNonGraphqlErrorEnvelope_becomesAnError(String body, String path) throws Exception {
    hasura.enqueue(HasuraAnswers.json(400, body));

    GraphQlError e =
        client.execute(OPERATION, variables("x"), "B t", TIME_LEFT).error().orElseThrow();

    assertEquals(new GraphQlError("parse-failed", "invalid json", path), e);
  }

  /** Half an error envelope is no error, and without a data object it is no answer at all. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"code\":\"c\"}",
        "{\"error\":\"e\"}",
        "{\"error\":\"e\",\"code\":5}",
        "{\"data\":null}",
        "{\"data\":[]}"
      })
  void neitherADataObjectNorAWholeErrorEnvelope_isABadResponse(String body) {
    hasura.enqueue(HasuraAnswers.json(200, body));

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> client.execute(OPERATION, variables("x"), "B t", TIME_LEFT));

    assertEquals(
        Failure.of(
            Failure.Kind.BAD_UPSTREAM_RESPONSE,
            "Hasura's answer is not the expected GraphQL response: HTTP 200 with neither data nor"
                + " errors",
            "HTTP 200 with neither data nor errors"),
        e.failure());
    assertEquals(502, e.failure().kind().status());
    assertEquals("bad-upstream-response", e.failure().kind().code());
  }

  @Test
  void readTimeout_isTimeout() {
    hasura.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("{}").build());

    IOException e =
        assertThrows(
            IOException.class, () -> client.execute(OPERATION, variables("x"), "B t", TIME_LEFT));

    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, GraphQlClient.transportFailure(e).kind());
  }

  @Test
  void answerSlowerThanTheCallTimeout_isTimeout_thoughNoReadWaitsForTheReadTimeout() {
    // Headers after 200 ms, the body 200 ms later: each wait is under the read timeout (300 ms),
    // the whole answer takes longer than the call timeout (300 ms).
    hasura.enqueue(
        new MockResponse.Builder()
            .headersDelay(200, TimeUnit.MILLISECONDS)
            .bodyDelay(200, TimeUnit.MILLISECONDS)
            .body("{\"data\":{\"q\":1}}")
            .build());
    OkHttpClient withCallTimeout =
        http.newBuilder().callTimeout(java.time.Duration.ofMillis(300)).build();
    GraphQlClient timed = new GraphQlClient(withCallTimeout, hasura.url("/v1/graphql"));

    IOException e =
        assertThrows(
            IOException.class, () -> timed.execute(OPERATION, variables("x"), "B t", TIME_LEFT));

    assertEquals("timeout", e.getMessage(), "the call timeout, not a read timeout, ended it");
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, GraphQlClient.transportFailure(e).kind());
  }

  @Test
  void timeLeftShorterThanTheCallTimeout_endsTheCallWhenItRunsOut() {
    // Given a client that would wait 30 s and an answer that takes 3 s
    OkHttpClient patient =
        http.newBuilder()
            .readTimeout(Duration.ofSeconds(30))
            .callTimeout(Duration.ofSeconds(30))
            .build();
    GraphQlClient slowHasura = new GraphQlClient(patient, hasura.url("/v1/graphql"));
    hasura.enqueue(
        new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).body("{\"data\":{}}").build());

    // When only 200 ms are left of the login's budget
    IOException e =
        assertThrows(
            IOException.class,
            () -> slowHasura.execute(OPERATION, variables("x"), "B t", Duration.ofMillis(200)));

    // Then the call gives up as a timeout instead of waiting for the answer
    assertTrue(e instanceof InterruptedIOException, e.toString());
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, GraphQlClient.transportFailure(e).kind());
  }

  @Test
  void noTimeLeft_endsTheCallAtOnce_ratherThanMeaningNoLimit() {
    // Given a client without a call timeout and an answer that takes 3 s
    OkHttpClient unbounded = http.newBuilder().readTimeout(Duration.ofSeconds(30)).build();
    GraphQlClient slowHasura = new GraphQlClient(unbounded, hasura.url("/v1/graphql"));
    hasura.enqueue(
        new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).body("{\"data\":{}}").build());

    // When the login's budget has nothing left (to OkHttp, a zero timeout is no timeout)
    IOException e =
        assertThrows(
            IOException.class,
            () -> slowHasura.execute(OPERATION, variables("x"), "B t", Duration.ZERO));

    // Then the call gives up as a timeout instead of waiting for the answer
    assertTrue(e instanceof InterruptedIOException, e.toString());
  }

  @Test
  void callTimeoutShorterThanTheTimeLeft_stillBoundsTheCall() {
    OkHttpClient hasty =
        http.newBuilder()
            .readTimeout(Duration.ofSeconds(30))
            .callTimeout(Duration.ofMillis(200))
            .build();
    GraphQlClient slowHasura = new GraphQlClient(hasty, hasura.url("/v1/graphql"));
    hasura.enqueue(
        new MockResponse.Builder().headersDelay(3, TimeUnit.SECONDS).body("{\"data\":{}}").build());

    IOException e =
        assertThrows(
            IOException.class,
            () -> slowHasura.execute(OPERATION, variables("x"), "B t", Duration.ofMinutes(1)));

    assertTrue(e instanceof InterruptedIOException, e.toString());
  }

  @Test
  void connectionDroppedBeforeAnswer_isUnavailable() {
    hasura.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
    hasura.enqueue(
        new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());

    IOException e =
        assertThrows(
            IOException.class, () -> client.execute(OPERATION, variables("x"), "B t", TIME_LEFT));

    assertEquals(Failure.Kind.UPSTREAM_UNAVAILABLE, GraphQlClient.transportFailure(e).kind());
  }

  @Test
  void bodyOverOneMebibyte_isBadResponse() {
    hasura.enqueue(HasuraAnswers.json(200, "{\"data\":{\"q\":\"" + "x".repeat(1 << 20) + "\"}}"));

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> client.execute(OPERATION, variables("x"), "B t", TIME_LEFT));

    assertEquals(Failure.Kind.BAD_UPSTREAM_RESPONSE, e.failure().kind());
  }

  @Test
  void everyResponseIsClosed_soTheConnectionIsReused() throws Exception {
    hasura.enqueue(HasuraAnswers.json(200, "{\"data\":{}}"));
    hasura.enqueue(HasuraAnswers.error("unexpected", "boom", "$"));
    hasura.enqueue(HasuraAnswers.json(500, "nope"));
    hasura.enqueue(HasuraAnswers.json(200, "{\"data\":{}}"));

    client.execute(OPERATION, variables("x"), "B t", TIME_LEFT).data();
    assertTrue(client.execute(OPERATION, variables("x"), "B t", TIME_LEFT).error().isPresent());
    assertThrows(
        FailureException.class, () -> client.execute(OPERATION, variables("x"), "B t", TIME_LEFT));
    client.execute(OPERATION, variables("x"), "B t", TIME_LEFT).data();

    // A leaked body would pin its connection: each later call would then need a new one.
    for (int i = 0; i < 4; i++) {
      assertEquals(
          0, hasura.takeRequest().getConnectionIndex(), "request " + i + " reused connection 0");
    }
  }
}
