package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Application.warmUp: what it sends (only GET /healthz) and how a problem reaches the log. */
class ApplicationWarmUpTest {
  private final MockWebServer hasura = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    hasura.start();
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  private String base(String path) {
    return "http://127.0.0.1:" + hasura.getPort() + path;
  }

  @Test
  void warmUp_sendsOnlyGetHealthz_underTheBasePath_andLogsNothingWhenHasuraIsHealthy()
      throws Exception {
    // given Hasura under a base path given with a trailing slash
    hasura.enqueue(new MockResponse.Builder().body("OK").build());
    Application application = Application.fromSettings(TestSettings.forUpstream(base("/hge/")));

    // when it warms up and an invocation then reports
    application.warmUp();
    CapturingContext context = new CapturingContext();
    application.reportWarmUpOnce(context.getLogger());

    // then only GET /hge/healthz reached Hasura, and nothing was logged
    RecordedRequest health = hasura.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(health);
    assertEquals("GET /hge/healthz HTTP/1.1", health.getRequestLine());
    assertEquals(0, health.getBodySize());
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS));
    assertEquals(List.of(), context.messages());
  }

  @Test
  void unhealthyHasura_isLoggedOnceAsWarning_withoutTheUrlsCredentials() throws Exception {
    // given a Hasura that answers /healthz with 503, reached with a user and password in the URL
    hasura.enqueue(new MockResponse.Builder().code(503).body("ERROR").build());
    Application application =
        Application.fromSettings(
            TestSettings.forUpstream("http://admin:pa55word@127.0.0.1:" + hasura.getPort()));
    application.warmUp();

    // when two invocations report
    CapturingContext first = new CapturingContext();
    CapturingContext second = new CapturingContext();
    application.reportWarmUpOnce(first.getLogger());
    application.reportWarmUpOnce(second.getLogger());

    // then the first logs it as a warning, the second nothing
    assertEquals(
        List.of(
            "checkAndRegisterUser warm-up: GET http://127.0.0.1:"
                + hasura.getPort()
                + "/healthz answered HTTP 503 (not fatal: calls connect themselves)"),
        first.messages());
    assertEquals(Level.WARNING, first.records().get(0).getLevel());
    assertEquals(List.of(), second.messages());
  }

  @Test
  void misconfiguredApplication_warmsUpWithoutCallingAnything() throws Exception {
    // given settings without the encryption key
    Map<String, String> settings = TestSettings.forUpstream(base("/"));
    settings.remove(Settings.TOKEN_ENCRYPTION_KEY);
    Application application = Application.fromSettings(settings);

    // when it warms up
    application.warmUp();
    CapturingContext context = new CapturingContext();
    application.reportWarmUpOnce(context.getLogger());

    // then nothing reached Hasura and there is nothing to report
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS));
    assertEquals(List.of(), context.messages());
  }
}
