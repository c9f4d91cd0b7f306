package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the action handler receives: docs/hasura-contract.md §1, the request Hasura sends. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ActionDispatchIT {

  private static final String ACTION = "mutation { checkAndRegisterUser { affected_rows } }";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.withActionHandler();

  @Test
  void action_postsTheFourKeyPayloadToTheHandler() throws InterruptedException {
    harness.handlerAnswers(200, "{\"affected_rows\":3}");
    String token =
        harness.jwts().forUser("alice").accessToken("tok").accessTokenSecret("sec").sign();

    var response = harness.asToken(token, ACTION, null);

    assertEquals("{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":3}}}", response.body());
    RecordedRequest request = harness.handlerRequest();
    assertEquals("POST", request.getMethod());
    assertEquals("/checkAndRegisterUser", request.getUrl().encodedPath());
    // Contract §1: exactly action, input, session_variables (lower case, strings, role included,
    // allowed/default role removed) and request_query; no raw JWT in the body.
    assertEquals(
        Json.parseStrict(
                """
        {"action": {"name": "checkAndRegisterUser"},
         "input": {},
         "session_variables": {"x-hasura-user-id": "alice", "x-hasura-access-token": "tok",
                               "x-hasura-access-token-secret": "sec", "x-hasura-role": "user"},
         "request_query": "mutation { checkAndRegisterUser { affected_rows } }"}""")
            .orElseThrow(),
        SandboxHarness.json(request));
    assertNull(
        harness.handlerRequestWithin(Duration.ofMillis(100)),
        "one client request makes one handler call");
  }

  @Test
  void action_sendsConfiguredAndForwardedHeaders_andStripsHasurasIgnoredOnes()
      throws InterruptedException {
    harness.handlerAnswers(200, "{\"affected_rows\":0}");
    String token = harness.jwts().forUser("alice").sign();
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer " + token);
    headers.put("User-Agent", "e2e-client/1.0");
    headers.put("Origin", "https://app.example");
    headers.put("Referer", "https://app.example/login");
    headers.put("Accept", "application/json");
    headers.put("Accept-Language", "en");
    headers.put("Cache-Control", "no-cache");
    headers.put("DNT", "1");
    headers.put("X-Request-Id", "req-42");
    headers.put("x-hasura-role", "user");
    headers.put("x-hasura-anything", "dropped");

    harness.client().post(ACTION, null, headers);

    RecordedRequest request = harness.handlerRequest();
    assertAll(
        () -> assertEquals("application/json", request.getHeaders().get("content-type")),
        () -> assertEquals(ActionDispatcher.USER_AGENT, request.getHeaders().get("user-agent")),
        // actions.yaml: value_from_env, resolved from the server's environment.
        () -> assertEquals("s3cret", request.getHeaders().get("x-action-secret")),
        () -> assertEquals("function-key", request.getHeaders().get("x-functions-key")),
        // forward_client_headers: Authorization IS forwarded; unknown headers are too.
        () -> assertEquals("Bearer " + token, request.getHeaders().get("authorization")),
        () -> assertEquals("req-42", request.getHeaders().get("x-request-id")),
        () ->
            assertEquals(
                "127.0.0.1:" + harness.sandbox().port(),
                request.getHeaders().get("x-forwarded-host")),
        () -> assertEquals("e2e-client/1.0", request.getHeaders().get("x-forwarded-user-agent")),
        () -> assertEquals("https://app.example", request.getHeaders().get("x-forwarded-origin")),
        // Hasura's ignored list and every x-hasura-* header stay behind.
        () -> assertNull(request.getHeaders().get("origin")),
        () -> assertNull(request.getHeaders().get("referer")),
        () -> assertNull(request.getHeaders().get("accept")),
        () -> assertNull(request.getHeaders().get("accept-language")),
        () -> assertNull(request.getHeaders().get("cache-control")),
        () -> assertNull(request.getHeaders().get("dnt")),
        () -> assertNull(request.getHeaders().get("x-hasura-role")),
        () -> assertNull(request.getHeaders().get("x-hasura-anything")));
  }

  @Test
  void clientHeader_winsOverConfiguredHeaderOfTheSameName() throws InterruptedException {
    harness.handlerAnswers(200, "{\"affected_rows\":0}");
    String token = harness.jwts().forUser("mallory").sign();

    harness
        .client()
        .post(
            ACTION, null, Map.of("Authorization", "Bearer " + token, "x-action-secret", "forged"));

    // Contract §1 (read from code; Hasura merges headers with Map.fromList, the last one wins). A
    // client sending x-action-secret replaces the configured secret, so the function's check fails
    // that call: hence a header name that clients have no reason to send.
    assertEquals("forged", harness.handlerRequest().getHeaders().get("x-action-secret"));
  }

  @Test
  void aliasAndTypename_areAnsweredBySandbox_notTheHandler() throws InterruptedException {
    harness.handlerAnswers(200, "{\"affected_rows\":1}");

    var response =
        harness.asUser(
            "alice", "mutation { r: checkAndRegisterUser { __typename affected_rows } }", null);

    assertEquals(
        "{\"data\":{\"r\":{\"__typename\":\"CheckAndRegisterUserOutput\",\"affected_rows\":1}}}",
        response.body());
    assertEquals(
        "mutation { r: checkAndRegisterUser { __typename affected_rows } }",
        SandboxHarness.json(harness.handlerRequest()).get("request_query").getAsString());
  }

  @Test
  void headerEnvironmentVariableNotSet_isNotFound_andNothingIsSent() throws InterruptedException {
    try (HasuraSandbox withoutFunctionKey =
        HasuraSandbox.builder()
            .dataSource(harness.postgres().dataSource())
            .jwtKey(SandboxHarness.JWT_KEY)
            .actionBaseUrl(harness.handlerUrl())
            .environment("ACTION_SECRET", "s3cret")
            .start()) {
      String token = harness.jwts().forUser("alice").sign();

      var response =
          new GraphQlTestClient(withoutFunctionKey.graphqlUri())
              .post(ACTION, null, Map.of("Authorization", "Bearer " + token));

      // Hasura.RQL.DDL.Headers.makeHeadersFromConf resolves value_from_env on every call.
      assertEquals(
          "{\"errors\":[{\"message\":\"environment variable 'ACTION_FUNCTIONS_KEY' not set\","
              + "\"extensions\":{\"path\":\"$\",\"code\":\"not-found\"}}]}",
          response.body());
      assertNull(harness.handlerRequestWithin(Duration.ofMillis(200)));
    }
  }

  @Test
  void adminSecret_sendsHeaderSessionVariables_withRoleAdmin() throws InterruptedException {
    harness.handlerAnswers(200, "{\"affected_rows\":0}");

    harness
        .client()
        .post(
            ACTION,
            null,
            Map.of(
                "x-hasura-admin-secret", SandboxHarness.ADMIN_SECRET, "X-Hasura-User-Id", "ops"));

    assertEquals(
        Json.parseStrict("{\"x-hasura-user-id\": \"ops\", \"x-hasura-role\": \"admin\"}")
            .orElseThrow(),
        SandboxHarness.json(harness.handlerRequest()).get("session_variables"));
  }
}
