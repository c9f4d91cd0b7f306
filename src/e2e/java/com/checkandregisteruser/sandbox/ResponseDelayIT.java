package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The artificial response delay that lets the function's client-timeout handling be tested. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResponseDelayIT {

  private static final String REGISTER =
      """
      mutation {
        insert_account_user(objects: {
          account: {data: {account_name: "alice", access_token: "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", access_token_secret: "v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"}},
          user: {data: {username: "alice"}}}) { affected_rows }
      }""";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();

  @AfterEach
  void noDelay() {
    harness.sandbox().setResponseDelay(Duration.ZERO);
  }

  @Test
  void delay_setAtRunTime_holdsTheAnswerBack() {
    harness.sandbox().setResponseDelay(Duration.ofMillis(400));
    long start = System.nanoTime();

    var response = harness.asUser("alice", "query { user { username } }", null);

    assertEquals("{\"data\":{\"user\":[]}}", response.body());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofMillis(400)) >= 0);
  }

  @Test
  void clientGivingUpDuringTheDelay_stillFindsTheRowsWritten() throws InterruptedException {
    harness.sandbox().setResponseDelay(Duration.ofSeconds(2));
    String token = harness.jwts().forUser("alice").sign();

    assertThrows(
        HttpTimeoutException.class,
        () ->
            harness
                .client()
                .post(
                    REGISTER,
                    null,
                    Map.of("Authorization", "Bearer " + token),
                    Duration.ofMillis(300)));

    // The delay comes after the commit: a client that times out must re-check, not assume failure.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (harness.count("SELECT count(*) FROM account_user") == 0
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(1, harness.count("SELECT count(*) FROM account_user"));
  }
}
