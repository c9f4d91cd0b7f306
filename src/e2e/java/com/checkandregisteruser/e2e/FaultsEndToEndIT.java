package com.checkandregisteruser.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.ActionCalls;
import com.checkandregisteruser.Settings;
import com.checkandregisteruser.local.LocalFunctionHost;
import com.checkandregisteruser.sandbox.FreePort;
import com.checkandregisteruser.sandbox.HeldConnectionSlots;
import com.checkandregisteruser.sandbox.SandboxStack;
import java.io.OutputStream;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What callers see when something goes wrong, over real HTTP, and that nothing is written
 * meanwhile.
 */
class FaultsEndToEndIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static SandboxStack stack;
  private static Rows rows;

  @BeforeAll
  static void startStack() {
    stack = SandboxStack.start(Map.of(), 0, 0, QUIET);
    rows = new Rows(stack.postgres().dataSource());
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @AfterEach
  void restoreAndAssertNothingWritten() {
    stack.sandbox().setResponseDelay(Duration.ZERO);
    stack.postgres().restart();
    assertEquals(0, rows.count("\"user\""), "no user row after a failed call");
    assertEquals(0, rows.count("account"), "no account row after a failed call");
    assertEquals(0, rows.count("account_user"), "no link row after a failed call");
  }

  private static String jwt() {
    return stack
        .jwts()
        .forUser("carol")
        .accessToken("tok-carol")
        .accessTokenSecret("sec-carol")
        .sign();
  }

  private static String payload() {
    return ActionCalls.payload("carol");
  }

  /**
   * Calls the function as Hasura does: the action secret, the forwarded Authorization, the payload.
   */
  private static Http.Answer callFunction(String functionUrl, String body, String jwt) {
    return Http.actionCall(
        functionUrl, body, jwt, stack.functionSettings().get(Settings.ACTION_SECRET));
  }

  private static LocalFunctionHost hostWith(Map<String, String> overrides) {
    Map<String, String> settings = new HashMap<>(stack.functionSettings());
    settings.putAll(overrides);
    return LocalFunctionHost.start(settings, 0, QUIET);
  }

  @Test
  void hasuraDown_functionAnswers503() {
    int closedPort = FreePort.pick();
    try (LocalFunctionHost host =
        hostWith(Map.of(Settings.GRAPHQL_BASE_API, "http://127.0.0.1:" + closedPort))) {
      Http.Answer answer = callFunction(host.functionUrl(), payload(), jwt());

      assertEquals(503, answer.status(), answer.body());
      assertEquals("upstream-unavailable", answer.errorCode());
    }
  }

  @Test
  void hasuraSlowerThanTheTimeout_functionAnswers504WithinTheTimeout() {
    stack.sandbox().setResponseDelay(Duration.ofSeconds(15));
    try (LocalFunctionHost host =
        hostWith(
            Map.of(
                Settings.GRAPHQL_READ_TIMEOUT_MS,
                "1000",
                Settings.GRAPHQL_CALL_TIMEOUT_MS,
                "1500"))) {
      long started = System.nanoTime();
      Http.Answer answer = callFunction(host.functionUrl(), payload(), jwt());
      long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

      assertEquals(504, answer.status(), answer.body());
      assertEquals("upstream-timeout", answer.errorCode());
      // Bounded by the configured timeout plus a margin, not by the 15 s delay: the timeout is what
      // ended it.
      assertTrue(elapsedMs < 1500 + 4000, "answered after " + elapsedMs + " ms");
    }
  }

  @Test
  void postgresStopped_functionAnswers503AndClientsSeeHasurasInternalError() {
    stack.postgres().stop();

    Http.Answer direct = callFunction(stack.host().functionUrl(), payload(), jwt());
    Http.Answer viaHasura = Http.mutation(stack.sandbox().baseUrl() + "/v1/graphql", jwt());

    // Hasura is up, its database is not: unavailable upstream, not an error in the operation.
    assertEquals(503, direct.status(), direct.body());
    assertEquals("upstream-unavailable", direct.errorCode());
    assertEquals("Hasura has no connection to its database", direct.errorMessage(), direct.body());
    // Hasura hides a handler's 5xx from non-admin clients (docs/hasura-contract.md §2).
    assertEquals(200, viaHasura.status());
    assertEquals("internal error", viaHasura.errorMessage(), viaHasura.body());
    assertEquals("unexpected", viaHasura.errorCode());
  }

  @Test
  void postgresOutOfConnections_functionAnswers503() throws SQLException {
    // given every connection slot of PostgreSQL taken by other clients
    try (HeldConnectionSlots slots = HeldConnectionSlots.takeEvery(stack.postgres().dataSource())) {
      assertEquals("53300", slots.refusal().getSQLState(), slots.refusal().getMessage());

      // when the function is called
      Http.Answer direct = callFunction(stack.host().functionUrl(), payload(), jwt());

      // then Hasura's max-connections error is an unavailable upstream
      assertEquals(503, direct.status(), direct.body());
      assertEquals("upstream-unavailable", direct.errorCode());
      assertEquals(
          "Hasura has no connection to its database", direct.errorMessage(), direct.body());
    }
  }

  @Test
  void insertFailingAtTheLinkRow_leavesNeitherUserNorAccount() throws Exception {
    // The nested insert writes account and user first; make the last row, the link, fail.
    rows.execute(
        "alter table account_user add constraint refuse_links_for_test check (user_id < 0) not valid");
    try {
      Http.Answer direct = callFunction(stack.host().functionUrl(), payload(), jwt());
      Http.Answer viaHasura = Http.mutation(stack.sandbox().baseUrl() + "/v1/graphql", jwt());

      assertEquals(502, direct.status(), direct.body());
      assertEquals("graphql-error", direct.errorCode());
      assertTrue(direct.errorMessage().contains("Check constraint violation"), direct.body());
      assertEquals("internal error", viaHasura.errorMessage(), viaHasura.body());
      assertEquals(0, rows.count("\"user\""), "the user row is rolled back with the link");
      assertEquals(0, rows.count("account"), "the account row is rolled back with the link");
    } finally {
      rows.execute("alter table account_user drop constraint refuse_links_for_test");
    }
  }

  @Test
  void expiredJwt_functionAnswers401WithHasurasMessage() {
    String expired =
        stack
            .jwts()
            .forUser("carol")
            .accessToken("t")
            .accessTokenSecret("s")
            .expiresIn(Duration.ofMinutes(-5))
            .sign();

    Http.Answer answer = callFunction(stack.host().functionUrl(), payload(), expired);

    assertEquals(401, answer.status(), answer.body());
    assertEquals("unauthorized", answer.errorCode());
    assertEquals("Could not verify JWT: JWTExpired", answer.errorMessage());
  }

  @Test
  void wrongActionSecret_isRefusedBeforeHasuraIsCalled() {
    Http.Answer answer =
        Http.post(
            stack.host().functionUrl(),
            payload(),
            Map.of("Authorization", "Bearer " + jwt(), "x-action-secret", "guessed"));

    assertEquals(401, answer.status(), answer.body());
    assertEquals("unauthorized", answer.errorCode());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "garbage",
        "{\"session_variables\":{\"x-hasura-user-id\":42,\"x-hasura-access-token\":[],"
            + "\"x-hasura-access-token-secret\":null}}",
        "[]",
        ""
      })
  void badBody_answers400(String body) {
    Http.Answer answer = callFunction(stack.host().functionUrl(), body, jwt());

    assertEquals(400, answer.status(), answer.body());
    assertTrue(answer.errorCode().startsWith("invalid-"), answer.body());
  }

  @Test
  void oneMebibyteBody_answers413() {
    String body = "{\"session_variables\":{\"x-hasura-user-id\":\"" + "x".repeat(1 << 20) + "\"}}";

    Http.Answer answer = callFunction(stack.host().functionUrl(), body, jwt());

    assertEquals(413, answer.status(), answer.body());
    assertEquals("payload-too-large", answer.errorCode());
  }
}
