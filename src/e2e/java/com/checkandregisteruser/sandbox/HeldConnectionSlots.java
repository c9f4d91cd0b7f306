package com.checkandregisteruser.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Every connection slot of a PostgreSQL server, taken by a client other than the one under test and
 * held until {@link #close}: the database that is up but refuses everyone else.
 */
public final class HeldConnectionSlots implements AutoCloseable {
  // Far above a test server's max_connections (100 by default): a server with more slots, or a
  // pooler in front, fails the test instead of hanging it.
  private static final int LIMIT = 1000;

  private final List<Connection> held;
  private final SQLException refusal;

  private HeldConnectionSlots(List<Connection> held, SQLException refusal) {
    this.held = held;
    this.refusal = refusal;
  }

  /** Opens connections until PostgreSQL refuses one. */
  public static HeldConnectionSlots takeEvery(DataSource database) throws SQLException {
    List<Connection> held = new ArrayList<>();
    try {
      while (held.size() < LIMIT) {
        held.add(database.getConnection());
      }
    } catch (SQLException refused) {
      return new HeldConnectionSlots(held, refused);
    }
    closeAll(held);
    throw new AssertionError("PostgreSQL still accepted connections after " + LIMIT);
  }

  /** How PostgreSQL refused the connection after the last slot. */
  public SQLException refusal() {
    return refusal;
  }

  /** Gives every slot back; closing twice is harmless. */
  @Override
  public void close() throws SQLException {
    closeAll(held);
    held.clear();
  }

  private static void closeAll(List<Connection> connections) throws SQLException {
    for (Connection connection : connections) {
      connection.close();
    }
  }
}
