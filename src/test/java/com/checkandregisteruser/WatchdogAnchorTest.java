package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The anchor stays armed while calls come, leaves okio's queue when they stop, and never stands in
 * the way of a timeout.
 */
class WatchdogAnchorTest {
  private static final GraphQlOperation OPERATION =
      GraphQlOperation.of("query Q($a: String!) { q(a: $a) }");

  private final MockWebServer hasura = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    hasura.start();
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  private static JsonObject variables() {
    JsonObject variables = new JsonObject();
    variables.addProperty("a", "x");
    return variables;
  }

  @Test
  void aCall_armsTheAnchor_andAPeriodWithoutCallsDisarmsIt() throws Exception {
    // given a client whose shortest timeout is 200 ms: the anchor's period is at most 100 ms
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofMillis(200)).build();
    GraphQlClient client = new GraphQlClient(http, hasura.url("/v1/graphql"));
    WatchdogAnchor anchor = WatchdogAnchor.covering(http);
    hasura.enqueue(HasuraAnswers.json(200, "{\"data\":{\"q\":1}}"));

    // when a call is made
    client.execute(OPERATION, variables(), "B t", Duration.ofMinutes(1)).data();

    // then the anchor is armed, and once calls stop it leaves the queue by itself
    assertTrue(anchor.isArmed(), "armed after a call");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (anchor.isArmed() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(anchor.isArmed(), "disarmed after a period without calls");
  }

  @Test
  void readTimeoutShorterThanEveryOtherClientsTimeouts_stillFires() {
    // given an anchor armed for a client with long timeouts, then a client with a short one
    OkHttpClient slow = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
    WatchdogAnchor.covering(slow).beforeCall();
    OkHttpClient quick = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();
    GraphQlClient client = new GraphQlClient(quick, hasura.url("/v1/graphql"));
    hasura.enqueue(new MockResponse.Builder().headersDelay(1, TimeUnit.SECONDS).body("{}").build());

    // when Hasura answers later than the short read timeout
    IOException e =
        assertThrows(
            IOException.class,
            () -> client.execute(OPERATION, variables(), "B t", Duration.ofMinutes(1)));

    // then the call ends in a timeout
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, GraphQlClient.transportFailure(e).kind());
  }
}
