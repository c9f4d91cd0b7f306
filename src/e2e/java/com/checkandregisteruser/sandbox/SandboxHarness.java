package com.checkandregisteruser.sandbox;

import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.UnaryOperator;
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
  private FakeActionHandler handler;

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
   * The same, with the checkAndRegisterUser action wired to a {@link FakeActionHandler} (its
   * scripted answers and recorded requests also cleared before each test) and the environment its
   * headers need.
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
      handler = FakeActionHandler.start();
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
            .actionBaseUrl(handler.baseUrl())
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
      handler.reset();
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

  FakeActionHandler handler() {
    return handler;
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
    try (Connection connection = postgres.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
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
