package com.checkandregisteruser.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.sandbox.HasuraProject;
import com.checkandregisteruser.sandbox.PostgresFixture;
import com.checkandregisteruser.tokens.TokenCipher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The registration_integrity, token_length and link_names migrations on real PostgreSQL 14, written
 * to directly as the database owner: PostgreSQL itself refuses every state the function never
 * writes, whoever writes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistrationSchemaIT {

  // The stored format, v1:<keyId>:<base64url>, with the 38 characters of a nonce and a tag.
  private static final String TOKEN = "'v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'";
  private static final String SECRET = "'v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'";

  private final HasuraProject project = HasuraProject.locate();
  private PostgresFixture postgres;
  private Rows rows;

  @BeforeAll
  void startDatabase() {
    postgres = PostgresFixture.start(project);
    rows = new Rows(postgres.dataSource());
  }

  @AfterAll
  void stopDatabase() {
    postgres.close();
  }

  @BeforeEach
  void emptyTables() {
    postgres.truncateAllTables();
  }

  @Test
  void fixture_appliesEveryMigrationOldestFirst() {
    List<String> applied =
        project.upMigrations().stream().map(up -> up.getParent().getFileName().toString()).toList();

    assertEquals(
        List.of(
            "1764028800000_init",
            "1796083200000_registration_integrity",
            "1796169600000_token_length",
            "1796256000000_link_names"),
        applied);
    assertEquals(
        "account_access_token_format,account_access_token_length",
        single(
            "SELECT string_agg(conname, ',' ORDER BY conname) FROM pg_constraint"
                + " WHERE conname IN ('account_access_token_format', 'account_access_token_length')"));
  }

  @Test
  void eachDown_restoresThePreviousSchemaExactly_andEachUpAppliesAgain() throws Exception {
    try (PostgresFixture scratch = PostgresFixture.start(project);
        Connection db = scratch.dataSource().getConnection();
        Statement sql = db.createStatement()) {
      String latest = schema(sql);
      sql.execute(migration(3, "down.sql"));
      String length = schema(sql);
      sql.execute(migration(2, "down.sql"));
      String integrity = schema(sql);
      sql.execute(migration(1, "down.sql"));
      String init = schema(sql);
      sql.execute(migration(0, "down.sql"));
      assertEquals("", schema(sql), "every down leaves an empty public schema");

      sql.execute(migration(0, "up.sql"));
      assertEquals(init, schema(sql));
      sql.execute(migration(1, "up.sql"));
      assertEquals(integrity, schema(sql));
      sql.execute(migration(2, "up.sql"));
      assertEquals(length, schema(sql));
      sql.execute(migration(3, "up.sql"));
      assertEquals(latest, schema(sql));

      assertTrue(init.contains("account_user_account_id_user_id_key UNIQUE (account_id, user_id)"));
      assertTrue(init.contains("column account.access_token_secret text NOT NULL"), init);
      assertNotEquals(init, integrity);
      assertTrue(integrity.contains("account_access_token_format"), integrity);
      assertTrue(!integrity.contains("account_access_token_length"), integrity);
      assertTrue(length.contains("account_access_token_secret_length"), length);
      assertTrue(!length.contains("account_user_names_match"), length);
      assertTrue(latest.contains("account_user_names_match"), latest);
    }
  }

  @Test
  void up_removesWhatItsConstraintsWouldReject_andKeepsWholeEncryptedRegistrations()
      throws Exception {
    try (PostgresFixture scratch = PostgresFixture.start(project);
        Connection db = scratch.dataSource().getConnection();
        Statement sql = db.createStatement()) {
      sql.execute(migration(3, "down.sql"));
      sql.execute(migration(2, "down.sql"));
      sql.execute(migration(1, "down.sql"));
      sql.execute(
          """
          INSERT INTO "user" (id, username) VALUES
            (1, 'whole'), (2, 'plain'), (3, 'lone-user'), (4, 'twice'), (5, 'half-plain');
          INSERT INTO account (id, account_name, access_token, access_token_secret) VALUES
            (1, 'whole', %1$s, %2$s),
            (2, 'plain', 'oauth-token', 'oauth-secret'),
            (3, 'lone-account', %1$s, %2$s),
            (4, 'twice', %1$s, %2$s),
            (5, 'twice-again', %1$s, %2$s),
            (6, 'half-plain', %1$s, 'oauth-secret');
          INSERT INTO account_user (account_id, user_id) VALUES (1, 1), (2, 2), (4, 4), (5, 4), (6, 5);
          """
              .formatted(TOKEN, SECRET));

      sql.execute(migration(1, "up.sql"));

      assertOnlyTheRegistrationWholeIsLeft(sql);
    }
  }

  @Test
  void tokenLengthUp_removesRegistrationsWithLongerValues_andKeepsTheOthers() throws Exception {
    try (PostgresFixture scratch = PostgresFixture.start(project);
        Connection db = scratch.dataSource().getConnection();
        Statement sql = db.createStatement()) {
      sql.execute(migration(3, "down.sql"));
      sql.execute(migration(2, "down.sql"));
      sql.execute(
          """
          INSERT INTO "user" (id, username) VALUES (1, 'whole'), (2, 'long-token'), (3, 'long-secret');
          INSERT INTO account (id, account_name, access_token, access_token_secret) VALUES
            (1, 'whole', %1$s, %2$s),
            (2, 'long-token', %3$s, %2$s),
            (3, 'long-secret', %1$s, %3$s);
          INSERT INTO account_user (account_id, user_id) VALUES (1, 1), (2, 2), (3, 3);
          """
              .formatted(TOKEN, SECRET, stored(16_423)));

      sql.execute(migration(2, "up.sql"));

      assertOnlyTheRegistrationWholeIsLeft(sql);
    }
  }

  @Test
  void linkNamesUp_removesRegistrationsWhoseNamesDiffer_andKeepsTheOthers() throws Exception {
    try (PostgresFixture scratch = PostgresFixture.start(project);
        Connection db = scratch.dataSource().getConnection();
        Statement sql = db.createStatement()) {
      // given, before the migration, a registration that links alice to bob's account
      sql.execute(migration(3, "down.sql"));
      sql.execute(
          """
          INSERT INTO "user" (id, username) VALUES (1, 'whole'), (2, 'alice');
          INSERT INTO account (id, account_name, access_token, access_token_secret) VALUES
            (1, 'whole', %1$s, %2$s),
            (2, 'bob', %1$s, %2$s);
          INSERT INTO account_user (account_id, user_id) VALUES (1, 1), (2, 2);
          """
              .formatted(TOKEN, SECRET));

      // when it is applied
      sql.execute(migration(3, "up.sql"));

      // then that registration is gone, whole, and the other one is kept
      assertOnlyTheRegistrationWholeIsLeft(sql);
    }
  }

  @Test
  void linkBetweenAUserAndAnAccountOfDifferentNames_failsAtCommit() {
    assertTransactionFails(
        "23000",
        "of different names",
        "INSERT INTO account (id, account_name, access_token, access_token_secret)"
            + " VALUES (7, 'bob', "
            + TOKEN
            + ", "
            + SECRET
            + ")",
        "INSERT INTO \"user\" (id, username) VALUES (8, 'alice')",
        "INSERT INTO account_user (account_id, user_id) VALUES (7, 8)");

    assertEquals(0, rows.count("account_user"));
    assertEquals(0, rows.count("\"user\""));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "UPDATE \"user\" SET username = 'mallory'",
        "UPDATE account SET account_name = 'mallory'"
      })
  void renamingOneEndOfARegistration_failsAtCommit(String rename) throws Exception {
    register("alice", TOKEN, SECRET);

    assertTransactionFails("23000", "of different names", rename);

    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
  }

  @Test
  void renamingBothEndsInOneTransaction_commits() throws Exception {
    register("alice", TOKEN, SECRET);

    transaction(
        "UPDATE \"user\" SET username = 'alice-renamed'",
        "UPDATE account SET account_name = 'alice-renamed'");

    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice-renamed"));
  }

  @Test
  void longestTokenTheFunctionStores_fitsTheBound() throws Exception {
    // given the longest token the function takes, in characters of three UTF-8 bytes each, sealed
    // under the longest key id there may be
    String keyId = "k".repeat(32);
    TokenCipher cipher = new TokenCipher(keyId, Map.of(keyId, new byte[32]), new SecureRandom());
    String longest = cipher.encrypt("€".repeat(4_096), "alice", TokenCipher.Column.ACCESS_TOKEN);

    assertEquals(16_458, longest.length());
    assertDoesNotThrow(() -> register("alice", literal(longest), literal(longest)));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"access_token", "access_token_secret"})
  void valueOneCharacterLongerThanTheFunctionWrites_isACheckViolation(String column) {
    String tooLong = stored(16_423);
    SQLException e =
        assertThrows(
            SQLException.class,
            () ->
                register(
                    "alice",
                    column.equals("access_token") ? tooLong : TOKEN,
                    column.equals("access_token") ? SECRET : tooLong));

    assertEquals("23514", e.getSQLState());
    assertTrue(e.getMessage().contains("\"account_" + column + "_length\""), e.getMessage());
    assertArrayEquals(new long[] {0, 0, 0}, rows.registrationOf("alice"));
  }

  @Test
  void nestedInsertInOneTransaction_commits() throws Exception {
    register("alice", TOKEN, SECRET);

    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
  }

  @Test
  void nullSecret_isAllowed_forOAuth2IdentitiesWithoutOne() throws Exception {
    register("alice", TOKEN, "NULL");

    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
  }

  @Test
  void plainTextToken_isACheckViolation() {
    SQLException e = assertThrows(SQLException.class, () -> register("alice", "'oauth'", SECRET));

    assertEquals("23514", e.getSQLState());
    assertTrue(e.getMessage().contains("\"account_access_token_format\""), e.getMessage());
    assertArrayEquals(new long[] {0, 0, 0}, rows.registrationOf("alice"));
  }

  @Test
  void plainTextSecret_isACheckViolation() {
    SQLException e = assertThrows(SQLException.class, () -> register("alice", TOKEN, "'oauth'"));

    assertEquals("23514", e.getSQLState());
    assertTrue(e.getMessage().contains("\"account_access_token_secret_format\""), e.getMessage());
  }

  @Test
  void tokenFormat_refusesEveryNearMiss() {
    for (String nearMiss :
        List.of(
            "'v2:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'",
            "'v1::AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'",
            "'v1:" + "k".repeat(33) + ":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'",
            "'v1:k 1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'",
            "'v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='",
            "'v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+/'",
            "'v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'",
            "'v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n'")) {
      SQLException e =
          assertThrows(SQLException.class, () -> register("alice", nearMiss, SECRET), nearMiss);
      assertEquals("23514", e.getSQLState(), nearMiss);
    }
    for (String keyId : List.of("k", "Key_2026.12-01", "k".repeat(32))) {
      postgres.truncateAllTables();
      assertDoesNotThrow(
          () ->
              register(
                  "alice", "'v1:" + keyId + ":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'", SECRET));
    }
  }

  @Test
  void loneUser_failsAtCommit() {
    assertTransactionFails(
        "23000", "has no account", "INSERT INTO \"user\" (username) VALUES ('a')");

    assertEquals(0, rows.count("\"user\""));
  }

  @Test
  void loneAccount_failsAtCommit() {
    assertTransactionFails(
        "23000",
        "has no user",
        "INSERT INTO account (account_name, access_token, access_token_secret)"
            + " VALUES ('a', "
            + TOKEN
            + ", "
            + SECRET
            + ")");

    assertEquals(0, rows.count("account"));
  }

  @Test
  void secondLinkForAUser_isAUniquenessViolation() throws Exception {
    register("alice", TOKEN, SECRET);

    assertTransactionFails(
        "23505",
        "\"account_user_user_id_key\"",
        "INSERT INTO account (id, account_name, access_token, access_token_secret)"
            + " VALUES (99, 'alice-2', "
            + TOKEN
            + ", "
            + SECRET
            + ")",
        "INSERT INTO account_user (account_id, user_id)"
            + " SELECT 99, id FROM \"user\" WHERE username = 'alice'");
  }

  @Test
  void secondLinkForAnAccount_isAUniquenessViolation() throws Exception {
    register("alice", TOKEN, SECRET);

    assertTransactionFails(
        "23505",
        "\"account_user_account_id_key\"",
        "INSERT INTO \"user\" (id, username) VALUES (99, 'alice-2')",
        "INSERT INTO account_user (account_id, user_id)"
            + " SELECT id, 99 FROM account WHERE account_name = 'alice'");
  }

  @Test
  void deletingALinkAlone_failsAtCommit() throws Exception {
    register("alice", TOKEN, SECRET);

    SQLException e =
        assertThrows(SQLException.class, () -> transaction("DELETE FROM account_user"));

    assertEquals("23000", e.getSQLState());
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
  }

  @Test
  void repointingALink_failsAtCommit_forTheUserLeftBehind() throws Exception {
    register("alice", TOKEN, SECRET);

    assertTransactionFails(
        "23000",
        "has no account",
        "INSERT INTO \"user\" (id, username) VALUES (99, 'mallory')",
        "UPDATE account_user SET user_id = 99");
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "DELETE FROM \"user\" WHERE username = 'alice'",
        "DELETE FROM account WHERE account_name = 'alice'"
      })
  void deletingAUserOrAnAccount_removesTheWholeRegistration(String delete) throws Exception {
    register("alice", TOKEN, SECRET);
    register("bob", TOKEN, SECRET);

    rows.execute(delete);

    assertArrayEquals(new long[] {0, 0, 0}, rows.registrationOf("alice"));
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("bob"));
  }

  @Test
  void deletedUser_canRegisterAgain() throws Exception {
    register("alice", TOKEN, SECRET);
    rows.execute("DELETE FROM \"user\" WHERE username = 'alice'");

    register("alice", TOKEN, SECRET);

    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
  }

  @Test
  void thirtyTwoConcurrentFirstRegistrations_leaveExactlyOne() throws Exception {
    int logins = 32;
    ExecutorService pool = Executors.newFixedThreadPool(logins);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<String>> outcomes = new ArrayList<>();
      for (int i = 0; i < logins; i++) {
        Callable<String> login =
            () -> {
              start.await();
              try {
                register("alice", TOKEN, SECRET);
                return "registered";
              } catch (SQLException e) {
                return e.getSQLState();
              }
            };
        outcomes.add(pool.submit(login));
      }
      start.countDown();
      List<String> results = new ArrayList<>();
      for (Future<String> outcome : outcomes) {
        results.add(outcome.get());
      }

      assertEquals(1, results.stream().filter("registered"::equals).count(), results.toString());
      assertEquals(
          logins - 1, results.stream().filter("23505"::equals).count(), results.toString());
      assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
      assertEquals(1, rows.count("\"user\""));
      assertEquals(1, rows.count("account"));
      assertEquals(1, rows.count("account_user"));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Of the rows an up migration found, only the registration of the user "whole" is left. */
  private static void assertOnlyTheRegistrationWholeIsLeft(Statement sql) throws SQLException {
    assertEquals("whole", text(sql, "SELECT string_agg(username, ',') FROM \"user\""));
    assertEquals("whole", text(sql, "SELECT string_agg(account_name, ',') FROM account"));
    assertEquals("1", text(sql, "SELECT count(*) FROM account_user"));
  }

  /**
   * The function's nested insert as Hasura runs it: account, user, then the link, one statement
   * each, in one transaction. {@code token} and {@code secret} are SQL expressions.
   */
  private void register(String username, String token, String secret) throws SQLException {
    inTransaction(
        sql -> {
          long account =
              id(
                  sql,
                  "INSERT INTO account (account_name, access_token, access_token_secret) VALUES ("
                      + literal(username)
                      + ", "
                      + token
                      + ", "
                      + secret
                      + ") RETURNING id");
          long user =
              id(
                  sql,
                  "INSERT INTO \"user\" (username) VALUES ("
                      + literal(username)
                      + ") RETURNING id");
          sql.execute(
              "INSERT INTO account_user (account_id, user_id) VALUES ("
                  + account
                  + ", "
                  + user
                  + ")");
        });
  }

  /** The transaction of {@code statements} fails with {@code sqlState}, its message naming why. */
  private void assertTransactionFails(String sqlState, String messagePart, String... statements) {
    SQLException e = assertThrows(SQLException.class, () -> transaction(statements));

    assertEquals(sqlState, e.getSQLState());
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
  }

  /** Runs the statements in one transaction and commits, where deferred triggers fire. */
  private void transaction(String... statements) throws SQLException {
    inTransaction(
        sql -> {
          for (String statement : statements) {
            sql.execute(statement);
          }
        });
  }

  /** What one transaction does with its statement. */
  private interface SqlWork {
    void run(Statement sql) throws SQLException;
  }

  /** Runs {@code work} in one transaction and commits; rolls back and rethrows if it fails. */
  private void inTransaction(SqlWork work) throws SQLException {
    try (Connection db = postgres.dataSource().getConnection()) {
      db.setAutoCommit(false);
      try (Statement sql = db.createStatement()) {
        work.run(sql);
        db.commit();
      } catch (SQLException e) {
        db.rollback();
        throw e;
      }
    }
  }

  private String single(String query) {
    try (Connection db = postgres.dataSource().getConnection();
        Statement sql = db.createStatement()) {
      return text(sql, query);
    } catch (SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  private static long id(Statement sql, String insert) throws SQLException {
    try (ResultSet row = sql.executeQuery(insert)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static String text(Statement sql, String query) throws SQLException {
    try (ResultSet row = sql.executeQuery(query)) {
      return row.next() ? row.getString(1) : null;
    }
  }

  /**
   * A value in the stored format under a 32-character key id, as an SQL literal, with {@code
   * base64Characters} characters after the key id: 16,422 is the most the function writes.
   */
  private static String stored(int base64Characters) {
    return literal("v1:" + "k".repeat(32) + ":" + "A".repeat(base64Characters));
  }

  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private String migration(int index, String file) throws Exception {
    Path up = project.upMigrations().get(index);
    return Files.readString(up.resolveSibling(file));
  }

  /**
   * The public schema as text: columns with type, nullability and default; constraints, indexes and
   * triggers with their definitions; functions. Object ids and creation order do not appear.
   */
  private static String schema(Statement sql) throws SQLException {
    String query =
        """
        SELECT string_agg(line, E'\n' ORDER BY line) FROM (
          SELECT format('column %s.%s %s%s%s', c.relname, a.attname,
                        format_type(a.atttypid, a.atttypmod),
                        CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
                        coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')) AS line
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
          UNION ALL
          SELECT format('constraint %s.%s %s', c.relname, con.conname, pg_get_constraintdef(con.oid))
          FROM pg_constraint con
          JOIN pg_class c ON c.oid = con.conrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public'
          UNION ALL
          SELECT format('index %s', indexdef) FROM pg_indexes WHERE schemaname = 'public'
          UNION ALL
          SELECT format('trigger %s', pg_get_triggerdef(t.oid))
          FROM pg_trigger t
          JOIN pg_class c ON c.oid = t.tgrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND NOT t.tgisinternal
          UNION ALL
          SELECT format('function %s %s', p.proname, md5(p.prosrc))
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE n.nspname = 'public'
          UNION ALL
          SELECT format('identity %s', seq.relname)
          FROM pg_class seq JOIN pg_namespace n ON n.oid = seq.relnamespace
          WHERE n.nspname = 'public' AND seq.relkind = 'S'
        ) lines""";
    String schema = text(sql, query);
    return schema == null ? "" : schema;
  }
}
