package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PostgreSQL with every connection slot taken: docs/hasura-contract.md §3, "database out of
 * connections", and recovery once slots are free again.
 */
class DatabaseOutOfConnectionsIT {

  // Contract §3: Hasura's err500 PostgresMaxConnectionsError, at $, with HTTP 200 like every
  // GraphQL error.
  private static final String MAX_CONNECTIONS =
      "{\"errors\":[{\"message\":\"max connections reached on postgres\",\"extensions\":{\"path\":\"$\",\"code\":\"postgres-max-connections-error\"}}]}";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();

  private HeldConnectionSlots slots;

  @AfterEach
  void release() throws SQLException {
    if (slots != null) {
      slots.close();
    }
  }

  @Test
  void query_whileEverySlotIsTaken_isMaxConnectionsError() throws SQLException {
    // given every connection slot of PostgreSQL taken, refused in the words Hasura looks for
    slots = HeldConnectionSlots.takeEvery(harness.postgres().dataSource());
    SQLException refusal = slots.refusal();
    assertEquals("53300", refusal.getSQLState());
    assertNotNull(refusal.getMessage());
    assertTrue(refusal.getMessage().contains("too many clients"), refusal.getMessage());

    // when a user queries through the sandbox
    var response = harness.asUser("alice", "query { user { username } }", null);

    // then the answer is Hasura's, HTTP 200 with the error at the root
    assertEquals(200, response.status());
    assertEquals(MAX_CONNECTIONS, response.body());
  }

  @Test
  void query_onceSlotsAreFree_worksAgain() throws SQLException {
    // given a sandbox that was refused a connection while every slot was taken
    slots = HeldConnectionSlots.takeEvery(harness.postgres().dataSource());
    var refused = harness.asUser("alice", "query { user { username } }", null);
    assertEquals(MAX_CONNECTIONS, refused.body());
    release();

    // when the user queries again once the slots are free
    var response = harness.asUser("alice", "query { user { username } }", null);

    // then the sandbox has recovered: it holds no broken state from the refusal
    assertEquals("{\"data\":{\"user\":[]}}", response.body());
  }
}
