package com.checkandregisteruser.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * An embedded PostgreSQL 14 with the project's own migrations applied, for tests. It keeps its port
 * and data directory across {@link #stop()} and {@link #restart()}, so a DataSource handed out
 * before a stop works again after the restart: that is how tests simulate "database down".
 */
public final class PostgresFixture implements AutoCloseable {

  /** The superuser, who logs in without a password (embedded PostgreSQL trusts local logins). */
  public static final String USER = "postgres";

  public static final String DATABASE = "postgres";

  private final Path dataDirectory;
  private final int port;
  // The data directory holds whatever was written, tokens included (also in its WAL): it goes
  // when the JVM ends, even without close(). One hook stops and deletes in order;
  // EmbeddedPostgres's
  // own hook would race it.
  private final Thread deleteOnExit = new Thread(this::close, "postgres-fixture-cleanup");
  private EmbeddedPostgres postgres;

  private PostgresFixture(Path dataDirectory, int port) {
    this.dataDirectory = dataDirectory;
    this.port = port;
    Runtime.getRuntime().addShutdownHook(deleteOnExit);
  }

  /**
   * Starts PostgreSQL and applies every up.sql of the project found by {@link
   * HasuraProject#locate()}.
   */
  public static PostgresFixture start() {
    return start(HasuraProject.locate());
  }

  /**
   * Starts PostgreSQL on a copy of a data directory to which every up.sql of {@code project} was
   * applied, oldest first (see {@link PostgresTemplate}).
   */
  public static PostgresFixture start(HasuraProject project) {
    Path template = PostgresTemplate.prepare(project.upMigrations());
    PostgresFixture fixture;
    try {
      fixture =
          new PostgresFixture(
              Files.createTempDirectory("sandbox-postgres"), FreePort.forLongLivedServer());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      PostgresTemplate.copy(template, fixture.dataDirectory);
      fixture.startServer();
      return fixture;
    } catch (RuntimeException e) {
      fixture.close();
      throw e;
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
  }

  /** The port PostgreSQL listens on (localhost). */
  public int port() {
    return port;
  }

  /** Where its data lives until {@link #close()}. */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Returns a DataSource that opens a new connection each time, refused at once while stopped. */
  public DataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setUrl(jdbcUrl());
    dataSource.setUser(USER);
    // A stopped server refuses at once whatever this is; a running one forks a backend per
    // connection (there is no pool), which took over 2 s under 200 concurrent logins on a loaded
    // 2-core machine and surfaced as a random "connection error".
    dataSource.setConnectTimeout(10);
    dataSource.setSocketTimeout(30);
    return dataSource;
  }

  /** Stops the server ("database down"); its data stays for {@link #restart()}. */
  public synchronized void stop() {
    if (postgres == null) {
      return;
    }
    try {
      postgres.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stop PostgreSQL", e);
    } finally {
      postgres = null;
    }
  }

  /** Starts the server again, on the same port with the same data, after {@link #stop()}. */
  public synchronized void restart() {
    if (postgres == null) {
      startServer();
    }
  }

  public synchronized boolean isRunning() {
    return postgres != null;
  }

  /** Empties every table of the public schema and resets identities, so each test starts clean. */
  public void truncateAllTables() {
    try (Connection connection = dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public'")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      if (!tables.isEmpty()) {
        statement.execute("TRUNCATE " + String.join(", ", tables) + " RESTART IDENTITY CASCADE");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot truncate tables", e);
    }
  }

  /** Stops PostgreSQL and deletes its data directory; safe to call more than once. */
  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      Files2.deleteRecursively(dataDirectory);
      if (Thread.currentThread() != deleteOnExit) {
        try {
          Runtime.getRuntime().removeShutdownHook(deleteOnExit);
        } catch (IllegalStateException shuttingDown) {
          // The hook runs anyway and finds nothing left to do.
        }
      }
    }
  }

  private synchronized void startServer() {
    try {
      postgres =
          EmbeddedPostgres.builder()
              .setPort(port)
              .setDataDirectory(dataDirectory)
              // Kept across stop/start; close() deletes it.
              .setCleanDataDirectory(false)
              .setRegisterShutdownHook(false)
              // Durability is worthless for a throw-away test database and costs start-up time.
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
    }
  }
}
