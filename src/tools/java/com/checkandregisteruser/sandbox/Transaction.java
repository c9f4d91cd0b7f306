package com.checkandregisteruser.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One transaction for all database fields of a mutation, opened only when the first one runs (an
 * action-only mutation never touches the database). Closing without commit rolls back, so a failure
 * anywhere leaves nothing half-written.
 */
final class Transaction implements AutoCloseable {

  private final DataSource dataSource;
  private Connection connection;
  private boolean committed;

  Transaction(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  Connection connection() throws SQLException {
    if (connection == null) {
      connection = dataSource.getConnection();
      connection.setAutoCommit(false);
    }
    return connection;
  }

  void commit() throws SQLException {
    if (connection != null) {
      connection.commit();
    }
    committed = true;
  }

  @Override
  public void close() throws SQLException {
    if (connection == null) {
      return;
    }
    try {
      if (!committed) {
        connection.rollback();
      }
    } finally {
      connection.close();
    }
  }
}
