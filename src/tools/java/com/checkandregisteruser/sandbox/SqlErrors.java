package com.checkandregisteruser.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.sql.SQLException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Maps PostgreSQL errors to Hasura's, as Hasura.Backends.Postgres.SQL.Error / mkTxErrorHandler
 * does: integrity violations get a prefix before PostgreSQL's own message.
 */
final class SqlErrors {

  private SqlErrors() {}

  /** Maps a failure to connect or to run a statement; {@code path} is where the statement ran. */
  static HasuraError toHasura(SQLException e, String path) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = serverMessage(e);
    // Connection errors happen before Hasura runs anything, so they sit at the root. Hasura tells
    // one apart by libpq's text (Hasura.Base.Error, fromPGConnErr): "sorry, too many clients
    // already" when every max_connections slot is taken. (53300 is only ever a refused connection;
    // its other texts, the reserved slots or a role's limit, are plain connection errors.)
    if (state.equals("53300") && message != null && message.contains("too many clients")) {
      return HasuraError.atRoot(
          "postgres-max-connections-error", "max connections reached on postgres");
    }
    if (state.startsWith("08") || state.equals("53300")) {
      return HasuraError.atRoot("postgres-error", "connection error");
    }
    return switch (state) {
      case "23505" ->
          HasuraError.of("constraint-violation", "Uniqueness violation. " + message, path);
      case "23503" ->
          HasuraError.of("constraint-violation", "Foreign key violation. " + message, path);
      case "23502" ->
          HasuraError.of("constraint-violation", "Not-NULL violation. " + message, path);
      case "23514" ->
          HasuraError.of("permission-error", "Check constraint violation. " + message, path);
      case "23P01" ->
          HasuraError.of("constraint-violation", "Conflicting rows violation. " + message, path);
      case "23001" ->
          HasuraError.of(
              "constraint-violation",
              "Can not delete or update due to data being referred. " + message,
              path);
      default ->
          state.startsWith("23")
              ? HasuraError.of("constraint-violation", message, path)
              : state.startsWith("22")
                  ? HasuraError.of(
                      state.equals("22025") ? "bad-request" : "data-exception", message, path)
                  : HasuraError.of("unexpected", "database query error", path);
    };
  }

  /**
   * Maps a failure of COMMIT itself (a deferred constraint trigger, say): Hasura reports every
   * transaction error this way whatever its SQLSTATE (Hasura.Base.Error, fromPGTxErr), with the
   * statement and PostgreSQL's error in {@code internal} (pg-client's PGTxErr as JSON).
   */
  static HasuraError commitFailed(SQLException e) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.startsWith("08")) {
      return toHasura(e, "$");
    }
    ServerErrorMessage server =
        e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
    JsonObject error = new JsonObject();
    error.addProperty("exec_status", "FatalError");
    error.addProperty("hint", server == null ? null : server.getHint());
    error.addProperty("message", serverMessage(e));
    error.addProperty("status_code", state);
    error.addProperty("description", server == null ? null : server.getDetail());
    JsonObject internal = new JsonObject();
    internal.addProperty("statement", "COMMIT");
    internal.addProperty("prepared", false);
    internal.add("error", error);
    internal.add("arguments", new JsonArray());
    return HasuraError.withInternal("postgres-error", "postgres tx error", internal);
  }

  private static String serverMessage(SQLException e) {
    if (e instanceof PSQLException psql) {
      ServerErrorMessage server = psql.getServerErrorMessage();
      if (server != null && server.getMessage() != null) {
        return server.getMessage();
      }
    }
    return e.getMessage();
  }
}
