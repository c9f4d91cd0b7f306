package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.checkandregisteruser.e2e.Rows;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.QueueDispatcher;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * PostgreSQL, a sandbox in front of it, a client and a JWT minter: what each conformance test class
 * starts once (about 4 s) and resets before each test. A JUnit extension, so a test class needs
 * only {@code @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();}.
 */
final class SandboxHarness
    implements AutoCloseable, BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

  static final String JWT_KEY = "sandbox-test-hs256-key-0123456789abcdef";
  static final String ADMIN_SECRET = "sandbox-test-admin-secret";

  private final boolean withActionHandler;
  private final UnaryOperator<HasuraSandbox.Builder> customizer;
  private final Jwts jwts = new Jwts(JWT_KEY);
  private PostgresFixture postgres;
  private HasuraSandbox sandbox;
  private GraphQlTestClient client;
  private MockWebServer handler;
  private QueueDispatcher answers;

  private SandboxHarness(
      boolean withActionHandler, UnaryOperator<HasuraSandbox.Builder> customizer) {
    this.withActionHandler = withActionHandler;
    this.customizer = customizer;
  }

  /** A sandbox with empty tables before each test. */
  static SandboxHarness perClass() {
    return new SandboxHarness(false, UnaryOperator.identity());
  }

  /**
   * The same, with the checkAndRegisterUser action wired to a MockWebServer (its scripted answers
   * and recorded requests also cleared before each test; unscripted calls get 599) and the
   * environment its headers need.
   */
  static SandboxHarness withActionHandler() {
    return withActionHandler(UnaryOperator.identity());
  }

  /** {@link #withActionHandler()} with more sandbox settings, e.g. an action timeout. */
  static SandboxHarness withActionHandler(UnaryOperator<HasuraSandbox.Builder> customizer) {
    return new SandboxHarness(true, customizer);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (withActionHandler) {
      answers = new QueueDispatcher();
      answers.setFailFast(new MockResponse.Builder().code(599).body("no answer scripted").build());
      handler = new MockWebServer();
      handler.setDispatcher(answers);
      try {
        handler.start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    postgres = PostgresFixture.start();
    try {
      HasuraSandbox.Builder builder =
          HasuraSandbox.builder()
              .dataSource(postgres.dataSource())
              .jwtKey(JWT_KEY)
              .adminSecret(ADMIN_SECRET);
      if (handler != null) {
        builder
            .actionBaseUrl("http://127.0.0.1:" + handler.getPort())
            .environment("ACTION_SECRET", "s3cret")
            .environment("ACTION_FUNCTIONS_KEY", "function-key");
      }
      sandbox = customizer.apply(builder).start();
      client = new GraphQlTestClient(sandbox.graphqlUri());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
    if (handler != null) {
      answers.clear();
      try {
        while (handler.takeRequest(0, TimeUnit.MILLISECONDS) != null) {
          // left over by the previous test
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  PostgresFixture postgres() {
    return postgres;
  }

  HasuraSandbox sandbox() {
    return sandbox;
  }

  GraphQlTestClient client() {
    return client;
  }

  /** The action handler's base URL (ACTION_BASE_URL). */
  String handlerUrl() {
    return "http://127.0.0.1:" + handler.getPort();
  }

  /** Scripts the action handler's next answer (a JSON body). */
  void handlerAnswers(int status, String body) {
    handlerAnswers(status, body, Duration.ZERO);
  }

  /** Scripts the next answer, sent after {@code delay}. */
  void handlerAnswers(int status, String body, Duration delay) {
    handler.enqueue(
        new MockResponse.Builder()
            .code(status)
            .addHeader("Content-Type", "application/json")
            .body(body)
            .headersDelay(delay.toMillis(), TimeUnit.MILLISECONDS)
            .build());
  }

  /** The next request the action handler received, failing if none arrives within 5 s. */
  RecordedRequest handlerRequest() throws InterruptedException {
    RecordedRequest request = handler.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(request, "no request reached the action handler");
    return request;
  }

  /** The next request, or null if none arrives within {@code wait}. */
  RecordedRequest handlerRequestWithin(Duration wait) throws InterruptedException {
    return handler.takeRequest(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A recorded request's body as JSON. */
  static JsonObject json(RecordedRequest request) {
    String body = request.getBody() == null ? "" : request.getBody().utf8();
    return Json.parseStrict(body)
        .orElseThrow(() -> new AssertionError("not JSON: " + body))
        .getAsJsonObject();
  }

  Jwts jwts() {
    return jwts;
  }

  /** Empties the tables; restarts PostgreSQL if a test stopped it. */
  void reset() {
    postgres.restart();
    postgres.truncateAllTables();
  }

  GraphQlTestClient.Response asUser(String userId, String query, JsonObject variables) {
    return asToken(
        jwts.forUser(userId).accessToken("tok-" + userId).accessTokenSecret("sec-" + userId).sign(),
        query,
        variables);
  }

  GraphQlTestClient.Response asToken(String token, String query, JsonObject variables) {
    return client.post(query, variables, Map.of("Authorization", "Bearer " + token));
  }

  GraphQlTestClient.Response asAdmin(String query, JsonObject variables) {
    return client.post(query, variables, Map.of("x-hasura-admin-secret", ADMIN_SECRET));
  }

  /** Runs a count query straight on PostgreSQL, bypassing the sandbox. */
  long count(String sql) {
    return new Rows(postgres.dataSource()).number(sql);
  }

  @Override
  public void close() {
    try {
      if (sandbox != null) {
        sandbox.close();
      }
    } finally {
      try {
        if (postgres != null) {
          postgres.close();
        }
      } finally {
        if (handler != null) {
          handler.close();
        }
      }
    }
  }
}
