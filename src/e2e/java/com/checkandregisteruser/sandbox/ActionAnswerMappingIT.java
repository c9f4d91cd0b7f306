package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How the handler's answer reaches the client: one test per row of docs/hasura-contract.md §2. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionAnswerMappingIT {

  private static final String ACTION = "mutation { checkAndRegisterUser { affected_rows } }";
  private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(1);

  @RegisterExtension
  static final SandboxHarness harness =
      SandboxHarness.withActionHandler(b -> b.actionTimeout(ACTION_TIMEOUT));

  @Test
  void http200WithAffectedRows_isData() {
    // §2 row 1.
    assertEquals(
        "{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":3}}}",
        answer(200, "{\"affected_rows\": 3}"));
  }

  @Test
  void http200WithoutAffectedRows_isFieldExpectedError() {
    // §2 row 2.
    assertEquals(
        unexpected("field \\\"affected_rows\\\" expected in webhook response, but not found"),
        answer(200, "{\"rows\": 3}"));
  }

  @Test
  void http200WithNullAffectedRows_isNotNullError() {
    // §2 row 3.
    assertEquals(
        unexpected("expecting not null value for field \\\"affected_rows\\\""),
        answer(200, "{\"affected_rows\": null}"));
  }

  @Test
  void http200WithExtraFields_ignoresThem() {
    // §2 row 4.
    assertEquals(
        "{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":1}}}",
        answer(200, "{\"affected_rows\": 1, \"debug\": {\"took_ms\": 12}}"));
  }

  @Test
  void http200WithStringAffectedRows_isPassedThroughUnchecked() {
    // §2 row 5: not type-checked, so the client gets a string where the schema says Int.
    assertEquals(
        "{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":\"3\"}}}",
        answer(200, "{\"affected_rows\": \"3\"}"));
  }

  @Test
  void http200WithNull_isNullData_becauseTheOutputTypeIsNullable() {
    assertEquals("{\"data\":{\"checkAndRegisterUser\":null}}", answer(200, "null"));
  }

  @Test
  void http200WithArray_isRejected() {
    assertEquals(
        unexpected(
            "got array for the action webhook response, expecting CheckAndRegisterUserOutput"),
        answer(200, "[{\"affected_rows\": 1}]"));
  }

  @Test
  void http4xxWithMessageAndExtensions_passesExtensionsVerbatim() {
    // §2 row 6.
    assertEquals(
        "{\"errors\":[{\"message\":\"m\",\"extensions\":{\"code\":\"c\"}}]}",
        answer(400, "{\"message\": \"m\", \"extensions\": {\"code\": \"c\"}}"));
  }

  @Test
  void http4xxWithMessageOnly_isUnexpectedAtRoot() {
    // §2 row 7.
    assertEquals(
        "{\"errors\":[{\"message\":\"m\",\"extensions\":{\"path\":\"$\",\"code\":\"unexpected\"}}]}",
        answer(401, "{\"message\": \"m\"}"));
  }

  @Test
  void http4xxWithTopLevelStringCode_usesThatCode() {
    // ActionWebhookErrorResponse also has a top-level "code" (Action/Types.hs).
    assertEquals(
        "{\"errors\":[{\"message\":\"m\",\"extensions\":{\"path\":\"$\",\"code\":\"bad-input\"}}]}",
        answer(422, "{\"message\": \"m\", \"code\": \"bad-input\"}"));
  }

  @Test
  void http4xxWithoutMessage_isParseFailed_andTheHandlersTextIsLost() {
    // §2 row 8.
    JsonObject error = firstError(answer(400, "{\"error\": \"user exists\"}"));
    assertEquals("parse-failed", error.getAsJsonObject("extensions").get("code").getAsString());
    assertEquals(false, error.get("message").getAsString().contains("user exists"));
  }

  @Test
  void http4xxWithNonStringCode_isParseFailed() {
    // §2 row 8.
    JsonObject error = firstError(answer(400, "{\"message\": \"m\", \"code\": 409}"));
    assertEquals("parse-failed", error.getAsJsonObject("extensions").get("code").getAsString());
  }

  @Test
  void http5xx_isInternalError_whateverTheBodySays() {
    // §2 row 9.
    assertEquals(
        unexpected("internal error"), answer(500, "{\"message\": \"database password is wrong\"}"));
  }

  @Test
  void http3xx_isInternalErrorToo() {
    assertEquals(unexpected("internal error"), answer(302, "{}"));
  }

  @Test
  void nonJsonBody_isNotAValidJsonResponse_evenWith200() {
    // §2 row 10.
    assertEquals(unexpected("not a valid json response from webhook"), answer(200, "OK"));
  }

  @Test
  void nonJsonBody_isNotAValidJsonResponse_evenWith500() {
    // §2 row 10: the JSON check comes before the status check.
    assertEquals(
        unexpected("not a valid json response from webhook"),
        answer(500, "<html>Bad gateway</html>"));
  }

  @Test
  void emptyBody_isNotAValidJsonResponse() {
    assertEquals(unexpected("not a valid json response from webhook"), answer(200, ""));
  }

  @Test
  void handlerSlowerThanTheActionTimeout_isHttpException() throws InterruptedException {
    // Contract §1: a timeout reaches the client as "http exception when calling webhook".
    harness.handlerAnswers(200, "{\"affected_rows\": 1}", ACTION_TIMEOUT.plusSeconds(2));

    var response = harness.asUser("alice", ACTION, null);

    assertEquals(unexpected("http exception when calling webhook"), response.body());
    harness.handlerRequest();
  }

  @Test
  void handlerNotListening_isHttpException() {
    int closedPort = FreePort.pick();
    try (HasuraSandbox unreachable =
        HasuraSandbox.builder()
            .dataSource(harness.postgres().dataSource())
            .jwtKey(SandboxHarness.JWT_KEY)
            .actionBaseUrl("http://127.0.0.1:" + closedPort)
            .environment("ACTION_SECRET", "s3cret")
            .environment("ACTION_FUNCTIONS_KEY", "function-key")
            .start()) {
      String token = harness.jwts().forUser("alice").sign();

      var response =
          new GraphQlTestClient(unreachable.graphqlUri())
              .post(ACTION, null, Map.of("Authorization", "Bearer " + token));

      assertEquals(unexpected("http exception when calling webhook"), response.body());
    }
  }

  private String answer(int status, String body) {
    harness.handlerAnswers(status, body);
    var response = harness.asUser("alice", ACTION, null);
    assertEquals(200, response.status(), "Hasura answers 200 whatever the handler did");
    return response.body();
  }

  private static JsonObject firstError(String body) {
    return Json.parseStrict(body)
        .orElseThrow()
        .getAsJsonObject()
        .getAsJsonArray("errors")
        .get(0)
        .getAsJsonObject();
  }

  private static String unexpected(String message) {
    return "{\"errors\":[{\"message\":\""
        + message
        + "\",\"extensions\":{\"path\":\"$\",\"code\":\"unexpected\"}}]}";
  }
}
