package com.checkandregisteruser.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.sandbox.SandboxStack;
import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a logged-in user can do around the function with its own JWT, over real HTTP and real
 * PostgreSQL: every direct write that would leave a partial registration or a plain-text token is
 * refused, nothing stays behind, and the user still registers through the action afterwards.
 */
class RegistrationIntegrityIT {
  private static final String STORED_FORMAT = "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static SandboxStack stack;
  private static Rows rows;
  private static String graphql;

  @BeforeAll
  static void startStack() {
    stack = SandboxStack.start(Map.of(), 0, 0, new PrintStream(OutputStream.nullOutputStream()));
    rows = new Rows(stack.postgres().dataSource());
    graphql = stack.sandbox().baseUrl() + "/v1/graphql";
  }

  @AfterAll
  static void stopStack() {
    stack.close();
  }

  @BeforeEach
  void emptyTables() {
    stack.postgres().truncateAllTables();
  }

  private static String jwt(String username) {
    return Logins.jwt(stack, username);
  }

  private static Http.Answer asUser(String username, String query) {
    return Http.graphql(graphql, jwt(username), query, null);
  }

  private static void assertNothingStoredAndRegistersThroughTheAction(String username) {
    assertEquals(0, rows.count("\"user\""));
    assertEquals(0, rows.count("account"));
    assertEquals(0, rows.count("account_user"));

    Http.Answer login = Http.mutation(graphql, jwt(username));

    assertEquals(3, login.affectedRows(), login.body());
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf(username));
    assertTrue(rows.tokensOf(username).get(0).startsWith("v1:k1:"));
  }

  @Test
  void loneInsertUser_isRefusedAtCommit_andTheUserStillRegisters() {
    Http.Answer direct =
        asUser(
            "alice", "mutation { insert_user(objects: {username: \"alice\"}) { affected_rows } }");

    assertEquals(
        "{\"errors\":[{\"message\":\"postgres tx error\",\"extensions\":{\"path\":\"$\",\"code\":\"postgres-error\"}}]}",
        direct.body());
    assertNothingStoredAndRegistersThroughTheAction("alice");
  }

  @Test
  void loneInsertAccount_isRefusedAtCommit_andTheUserStillRegisters() {
    Http.Answer direct =
        asUser(
            "alice",
            """
            mutation {
              insert_account(objects: {account_name: "alice", access_token: "%1$s",
                                       access_token_secret: "%1$s"}) { affected_rows }
            }"""
                .formatted(STORED_FORMAT));

    assertEquals("postgres tx error", direct.errorMessage(), direct.body());
    assertEquals("postgres-error", direct.errorCode());
    assertNothingStoredAndRegistersThroughTheAction("alice");
  }

  @Test
  void plainTextTokens_areACheckViolation_andTheUserStillRegisters() {
    Http.Answer direct =
        asUser(
            "alice",
            """
            mutation {
              insert_account(objects: {account_name: "alice", access_token: "oauth-token-of-alice",
                                       access_token_secret: "%s"}) { affected_rows }
            }"""
                .formatted(STORED_FORMAT));

    assertEquals("permission-error", direct.errorCode(), direct.body());
    assertEquals(
        "Check constraint violation. new row for relation \"account\" violates check constraint"
            + " \"account_access_token_format\"",
        direct.errorMessage());
    assertNothingStoredAndRegistersThroughTheAction("alice");
  }

  @Test
  void nestedInsertWithPlainTextTokens_isACheckViolation_andTheUserStillRegisters() {
    Http.Answer direct =
        asUser(
            "alice",
            """
            mutation {
              insert_account_user(objects: {
                account: {data: {account_name: "alice", access_token: "%s",
                                  access_token_secret: "oauth-secret-of-alice"}},
                user: {data: {username: "alice"}}
              }) { affected_rows }
            }"""
                .formatted(STORED_FORMAT));

    assertEquals("permission-error", direct.errorCode(), direct.body());
    assertEquals(
        "Check constraint violation. new row for relation \"account\" violates check constraint"
            + " \"account_access_token_secret_format\"",
        direct.errorMessage());
    assertNothingStoredAndRegistersThroughTheAction("alice");
  }

  @Test
  void overlongStoredToken_isACheckViolation_andTheNextLoginStillReadsTheRegistration() {
    // given a registered user who rewrites their own token with a value longer than the function
    // ever writes (16,459 characters), hoping to leave one the lookup cannot read back
    assertEquals(3, Http.mutation(graphql, jwt("alice")).affectedRows());
    String before = rows.tokensOf("alice").get(0);
    JsonObject variables = new JsonObject();
    variables.addProperty("token", "v1:k1:" + "A".repeat(16_453));

    Http.Answer direct =
        Http.graphql(
            graphql,
            jwt("alice"),
            "mutation ($token: String!) {"
                + " update_account(where: {}, _set: {access_token: $token}) { affected_rows } }",
            variables);

    assertEquals("permission-error", direct.errorCode(), direct.body());
    assertEquals(
        "Check constraint violation. new row for relation \"account\" violates check constraint"
            + " \"account_access_token_length\"",
        direct.errorMessage());
    assertEquals(before, rows.tokensOf("alice").get(0));
    Http.Answer next = Http.mutation(graphql, jwt("alice"));
    assertEquals(0, next.affectedRows(), next.body());
  }

  @Test
  void deletingTheUser_removesTheWholeRegistration_andTheNextLoginRegistersAgain() {
    assertEquals(3, Http.mutation(graphql, jwt("alice")).affectedRows());
    assertEquals(3, Http.mutation(graphql, jwt("bob")).affectedRows());

    // An operator removes a user with one statement.
    rows.execute("DELETE FROM \"user\" WHERE username = 'alice'");

    assertArrayEquals(new long[] {0, 0, 0}, rows.registrationOf("alice"));
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("bob"));
    Http.Answer next = Http.mutation(graphql, jwt("alice"));
    assertEquals(3, next.affectedRows(), next.body());
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
    assertEquals(0, Http.mutation(graphql, jwt("alice")).affectedRows());
  }
}
