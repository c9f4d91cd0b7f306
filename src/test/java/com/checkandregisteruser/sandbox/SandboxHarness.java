package com.checkandregisteruser.sandbox;

import com.google.gson.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * PostgreSQL, a sandbox in front of it, a client and a JWT minter: what each conformance test class
 * starts once (about 4 s) and resets per test with {@link #reset()}.
 */
final class SandboxHarness implements AutoCloseable {

  static final String JWT_KEY = "sandbox-test-hs256-key-0123456789abcdef";
  static final String ADMIN_SECRET = "sandbox-test-admin-secret";

  private final PostgresFixture postgres;
  private final HasuraSandbox sandbox;
  private final GraphQlTestClient client;
  private final Jwts jwts = new Jwts(JWT_KEY);

  private SandboxHarness(PostgresFixture postgres, HasuraSandbox sandbox) {
    this.postgres = postgres;
    this.sandbox = sandbox;
    this.client = new GraphQlTestClient(sandbox.graphqlUri());
  }

  static SandboxHarness start() {
    return start(UnaryOperator.identity());
  }

  static SandboxHarness start(UnaryOperator<HasuraSandbox.Builder> customizer) {
    PostgresFixture postgres = PostgresFixture.start();
    try {
      HasuraSandbox sandbox = customizer.apply(HasuraSandbox.builder()
              .dataSource(postgres.dataSource())
              .jwtKey(JWT_KEY)
              .adminSecret(ADMIN_SECRET))
          .start();
      return new SandboxHarness(postgres, sandbox);
    } catch (RuntimeException e) {
      postgres.close();
      throw e;
    }
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

  Jwts jwts() {
    return jwts;
  }

  /** Empties the tables; restarts PostgreSQL if a test stopped it. */
  void reset() {
    postgres.restart();
    postgres.truncateAllTables();
  }

  GraphQlTestClient.Response asUser(String userId, String query, JsonObject variables) {
    return asToken(jwts.forUser(userId).accessToken("tok-" + userId).accessTokenSecret("sec-" + userId).sign(),
        query, variables);
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
      sandbox.close();
    } finally {
      postgres.close();
    }
  }
}
