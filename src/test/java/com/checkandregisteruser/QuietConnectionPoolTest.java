package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool's closer sleeps through the calls and still closes what stayed idle too long. */
class QuietConnectionPoolTest {
  private final MockWebServer hasura = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    hasura.start();
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  private void get(OkHttpClient http) throws IOException {
    hasura.enqueue(new MockResponse.Builder().body("OK").build());
    try (Response response =
        http.newCall(new Request.Builder().url(hasura.url("/")).build()).execute()) {
      assertEquals("OK", response.body().string());
    }
  }

  @Test
  void callsOneAfterAnother_reuseOneConnection_andDoNotWakeTheCloser() throws Exception {
    // given a pool whose closer wakes by itself only once an hour
    QuietConnectionPool.Backend backend = new QuietConnectionPool.Backend(Duration.ofHours(1));
    ConnectionPool pool = QuietConnectionPool.create(5, Duration.ofMinutes(5), backend);
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(pool).build();

    // when 30 calls return their connection one after another
    for (int i = 0; i < 30; i++) {
      get(http);
    }

    // then they shared one connection, and the closer went to sleep once or twice, not per call
    // (OkHttp's own pool wakes its closer on every returned connection)
    for (int i = 0; i < 30; i++) {
      assertEquals(0, hasura.takeRequest().getConnectionIndex(), "request " + i);
    }
    assertEquals(1, pool.connectionCount());
    assertTrue(backend.waits() <= 2, "closer slept " + backend.waits() + " times");
  }

  @Test
  void aConnectionIdleLongerThanTheKeepAlive_isClosed_andTheNextCallOpensANewOne()
      throws Exception {
    // given a pool keeping idle connections 100 ms, its closer waking every 20 ms
    ConnectionPool pool =
        QuietConnectionPool.create(
            5, Duration.ofMillis(100), new QuietConnectionPool.Backend(Duration.ofMillis(20)));
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(pool).build();
    get(http);
    assertEquals(1, pool.connectionCount());

    // when nothing uses the connection for longer than the keep-alive
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (pool.connectionCount() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }

    // then the closer has closed it, and the next call works on a new connection
    assertEquals(0, pool.connectionCount(), "idle connection still open after 10 s");
    get(http);
    assertEquals(0, hasura.takeRequest().getConnectionIndex());
    assertEquals(1, hasura.takeRequest().getConnectionIndex());
  }
}
