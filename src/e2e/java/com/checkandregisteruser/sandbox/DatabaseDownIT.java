package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL unreachable: docs/hasura-contract.md §3, "database unreachable", and recovery after a
 * restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseDownIT {

  // Contract §3, "database unreachable": postgres-error, connection error (at $).
  private static final String CONNECTION_ERROR =
      "{\"errors\":[{\"message\":\"connection error\",\"extensions\":{\"path\":\"$\",\"code\":\"postgres-error\"}}]}";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.withActionHandler();

  @BeforeEach
  void stopDatabase() {
    harness.postgres().stop();
  }

  @AfterEach
  void startDatabase() {
    harness.postgres().restart();
  }

  @Test
  void query_whileDatabaseIsDown_isConnectionError() {
    var response = harness.asUser("alice", "query { user { username } }", null);

    assertEquals(200, response.status());
    assertEquals(CONNECTION_ERROR, response.body());
  }

  @Test
  void insert_whileDatabaseIsDown_isConnectionError() {
    var response =
        harness.asUser(
            "alice",
            """
        mutation {
          insert_account_user(objects: {
            account: {data: {account_name: "alice", access_token: "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", access_token_secret: "v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"}},
            user: {data: {username: "alice"}}}) { affected_rows }
        }""",
            null);

    assertEquals(CONNECTION_ERROR, response.body());
  }

  @Test
  void query_afterRestart_worksAgain() {
    harness.asUser("alice", "query { user { username } }", null);
    harness.postgres().restart();

    var response = harness.asUser("alice", "query { user { username } }", null);

    assertEquals("{\"data\":{\"user\":[]}}", response.body());
  }

  @Test
  void action_whileDatabaseIsDown_stillReachesTheHandler() throws InterruptedException {
    harness.handlerAnswers(200, "{\"affected_rows\":0}");

    var response =
        harness.asUser("alice", "mutation { checkAndRegisterUser { affected_rows } }", null);

    // An action-only mutation never opens a database connection.
    assertEquals("{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":0}}}", response.body());
    assertEquals("/checkAndRegisterUser", harness.handlerRequest().getUrl().encodedPath());
  }
}
