package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code update_<table>(where:, _set:)} with the shipped update permission of role user on account:
 * the two token columns of its own row, nothing else (Hasura's update mutation; a column outside
 * the permission is not in {@code <table>_set_input}, a row outside the filter is not updated).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdateMutationIT {

  static final String ALICE_TOKEN = "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  static final String BOB_TOKEN = "v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  static final String NEW_TOKEN = "v1:k2:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();

  @BeforeEach
  void registerAliceAndBob() {
    register(harness, "alice", ALICE_TOKEN);
    register(harness, "bob", BOB_TOKEN);
  }

  /** Registers {@code username} with the nested insert, both tokens {@code token}. */
  static void register(SandboxHarness harness, String username, String token) {
    String body =
        harness
            .asUser(
                username,
                """
            mutation {
              insert_account_user(objects: {
                account: {data: {account_name: "%1$s", access_token: "%2$s", access_token_secret: "%2$s"}},
                user: {data: {username: "%1$s"}}
              }) { affected_rows }
            }"""
                    .formatted(username, token),
                null)
            .body();
    assertEquals("{\"data\":{\"insert_account_user\":{\"affected_rows\":3}}}", body);
  }

  @Test
  void ownRow_updatesBothTokens_andAnswersAffectedRowsAndReturning() {
    var response =
        harness.asUser(
            "alice",
            """
            mutation {
              update_account(where: {account_name: {_eq: "alice"}},
                             _set: {access_token: "%1$s", access_token_secret: null}) {
                affected_rows
                returning { account_name access_token access_token_secret }
              }
            }"""
                .formatted(NEW_TOKEN),
            null);

    assertEquals(
        "{\"data\":{\"update_account\":{\"affected_rows\":1,\"returning\":[{\"account_name\":\"alice\","
            + "\"access_token\":\""
            + "v1:k2:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC"
            + "\",\"access_token_secret\":null}]}}}",
        response.body());
    assertEquals(
        1,
        harness.count(
            "SELECT count(*) FROM account WHERE account_name = 'alice'"
                + " AND access_token LIKE 'v1:k2:%' AND access_token_secret IS NULL"));
  }

  @Test
  void emptyWhere_updatesOnlyTheCallersOwnRow() {
    var response =
        harness.asUser(
            "alice",
            "mutation { update_account(where: {}, _set: {access_token: \"%s\"}) { affected_rows } }"
                .formatted(NEW_TOKEN),
            null);

    assertEquals("{\"data\":{\"update_account\":{\"affected_rows\":1}}}", response.body());
    assertEquals(
        1,
        harness.count(
            "SELECT count(*) FROM account WHERE account_name = 'bob'"
                + " AND access_token = 'v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'"));
  }

  @Test
  void anotherUsersRow_isOutsideTheFilter_andAffectsZeroRows() {
    var response =
        harness.asUser(
            "alice",
            """
            mutation {
              update_account(where: {account_name: {_eq: "bob"}}, _set: {access_token: "%s"}) {
                affected_rows returning { account_name }
              }
            }"""
                .formatted(NEW_TOKEN),
            null);

    assertEquals(
        "{\"data\":{\"update_account\":{\"affected_rows\":0,\"returning\":[]}}}", response.body());
    assertEquals(
        1,
        harness.count(
            "SELECT count(*) FROM account WHERE account_name = 'bob'"
                + " AND access_token = 'v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'"));
  }

  @Test
  void columnOutsideThePermission_isNotFoundInTheSetInput() {
    var response =
        harness.asUser(
            "alice",
            "mutation { update_account(where: {}, _set: {account_name: \"mallory\"}) { affected_rows } }",
            null);

    assertEquals(
        "{\"errors\":[{\"message\":\"field 'account_name' not found in type: 'account_set_input'\","
            + "\"extensions\":{\"path\":\"$.selectionSet.update_account.args._set.account_name\","
            + "\"code\":\"validation-failed\"}}]}",
        response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM account WHERE account_name = 'mallory'"));
  }

  @Test
  void tableWithoutUpdatePermission_hasNoUpdateField() {
    var response =
        harness.asUser(
            "alice",
            "mutation { update_user(where: {}, _set: {username: \"mallory\"}) { affected_rows } }",
            null);

    assertEquals(
        "{\"errors\":[{\"message\":\"field 'update_user' not found in type: 'mutation_root'\","
            + "\"extensions\":{\"path\":\"$.selectionSet.update_user\",\"code\":\"validation-failed\"}}]}",
        response.body());
  }

  @Test
  void plainTextToken_isRefusedByTheDatabase_asCheckConstraintViolation() {
    var response =
        harness.asUser(
            "alice",
            "mutation { update_account(where: {}, _set: {access_token: \"oauth-token\"}) { affected_rows } }",
            null);

    // Contract §3, check constraint violation row; an update's errors sit at the root.
    assertEquals(
        "{\"errors\":[{\"message\":\"Check constraint violation. new row for relation \\\"account\\\""
            + " violates check constraint \\\"account_access_token_format\\\"\","
            + "\"extensions\":{\"path\":\"$\",\"code\":\"permission-error\"}}]}",
        response.body());
    assertEquals(
        0, harness.count("SELECT count(*) FROM account WHERE access_token NOT LIKE 'v1:%'"));
  }

  @Test
  void admin_mayUpdateAnyColumnOfAnyRow() {
    // Both ends of bob's registration in one mutation (one transaction): the database refuses a
    // link whose user and account are named apart at COMMIT (migration link_names).
    var response =
        harness.asAdmin(
            "mutation { update_account(where: {account_name: {_eq: \"bob\"}}, _set: {account_name: \"robert\"}) { affected_rows }"
                + " update_user(where: {username: {_eq: \"bob\"}}, _set: {username: \"robert\"}) { affected_rows } }",
            null);

    assertEquals(
        "{\"data\":{\"update_account\":{\"affected_rows\":1},\"update_user\":{\"affected_rows\":1}}}",
        response.body());
    assertEquals(1, harness.count("SELECT count(*) FROM account WHERE account_name = 'robert'"));
  }

  @Test
  void admin_renamingOneEndOfARegistration_isAPostgresTxError_andChangesNothing() {
    var response =
        harness.asAdmin(
            "mutation { update_account(where: {account_name: {_eq: \"bob\"}}, _set: {account_name: \"robert\"}) { affected_rows } }",
            null);

    // Contract "Also true": a COMMIT-time failure, whatever its SQLSTATE.
    assertTrue(
        response.body().startsWith("{\"errors\":[{\"message\":\"postgres tx error\""),
        response.body());
    assertEquals(1, harness.count("SELECT count(*) FROM account WHERE account_name = 'bob'"));
  }
}
