package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the database's own integrity rules look like to a Hasura client: a deferred constraint
 * trigger fails the COMMIT ("postgres tx error", detail only in {@code internal}, shown to admins
 * only), a CHECK violation on insert is a permission-error (docs/hasura-contract.md §3 and "Also
 * true").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitFailureIT {

  private static final String POSTGRES_TX_ERROR =
      "{\"errors\":[{\"message\":\"postgres tx error\",\"extensions\":{\"path\":\"$\",\"code\":\"postgres-error\"}}]}";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();

  @Test
  void loneUserInsert_failsAtCommit_asPostgresTxError_andWritesNothing() {
    var response =
        harness.asUser(
            "alice",
            "mutation { insert_user(objects: {username: \"alice\"}) { affected_rows } }",
            null);

    assertEquals(POSTGRES_TX_ERROR, response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM \"user\""));
  }

  @Test
  void loneAccountInsert_failsAtCommit_asPostgresTxError_andWritesNothing() {
    var response =
        harness.asUser(
            "alice",
            """
            mutation {
              insert_account_one(object: {account_name: "alice",
                access_token: "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                access_token_secret: "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}) { id }
            }""",
            null);

    assertEquals(POSTGRES_TX_ERROR, response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM account"));
  }

  @Test
  void commitFailure_showsAdminsThePostgresErrorInInternal() {
    var response =
        harness.asAdmin(
            "mutation { insert_user(objects: {username: \"alice\"}) { affected_rows } }", null);

    JsonObject error = response.json().getAsJsonArray("errors").get(0).getAsJsonObject();
    JsonObject extensions = error.getAsJsonObject("extensions");
    JsonObject internal = extensions.getAsJsonObject("internal");
    assertEquals("postgres tx error", error.get("message").getAsString());
    assertEquals("$", extensions.get("path").getAsString());
    assertEquals("postgres-error", extensions.get("code").getAsString());
    assertEquals("COMMIT", internal.get("statement").getAsString());
    assertEquals("23000", internal.getAsJsonObject("error").get("status_code").getAsString());
    String message = internal.getAsJsonObject("error").get("message").getAsString();
    assertTrue(message.startsWith("user 1 has no account"), message);
    assertEquals(0, harness.count("SELECT count(*) FROM \"user\""));
  }

  @Test
  void plainTextTokenInTheNestedInsert_isCheckConstraintViolation_atTheAccountsPath() {
    var response =
        harness.asUser(
            "alice",
            """
            mutation {
              insert_account_user(objects: {
                account: {data: {account_name: "alice", access_token: "oauth-token",
                                  access_token_secret: "oauth-secret"}},
                user: {data: {username: "alice"}}
              }) { affected_rows }
            }""",
            null);

    assertEquals(
        "{\"errors\":[{\"message\":\"Check constraint violation. new row for relation \\\"account\\\""
            + " violates check constraint \\\"account_access_token_format\\\"\",\"extensions\":{\"path\":"
            + "\"$.selectionSet.insert_account_user.args.objects[0].account.data\",\"code\":\"permission-error\"}}]}",
        response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM account"));
    assertEquals(0, harness.count("SELECT count(*) FROM \"user\""));
  }
}
