package com.checkandregisteruser;

import java.util.Set;

/**
 * The first entry of the {@code errors} array Hasura answered with.
 *
 * @param code Hasura's {@code extensions.code}, or {@code "unknown"} if it gave none
 * @param message Hasura's message, which may quote what it was sent (so it is redacted before use)
 * @param path Hasura's {@code extensions.path}, or null
 */
public record GraphQlError(String code, String message, String path) {
  private static final Set<String> AUTHENTICATION_CODES =
      Set.of("invalid-jwt", "invalid-headers", "access-denied");
  private static final Set<String> CONNECTION_FAILURE_TEXTS =
      Set.of(
          "connection error", "root certificate error", "certificate error", "private-key error");

  /** True if Hasura refused the forwarded credentials rather than the operation. */
  public boolean isAuthenticationError() {
    return AUTHENTICATION_CODES.contains(code) || code.startsWith("jwt-");
  }

  /**
   * True for unique, foreign-key and not-null violations (check violations are {@code
   * permission-error}).
   */
  public boolean isConstraintViolation() {
    return code.equals("constraint-violation");
  }

  /**
   * True when Hasura could not open a connection to PostgreSQL (contract §3): {@code
   * postgres-max-connections-error}, or {@code postgres-error} with one of the texts Hasura gives a
   * failed connection (its certificate and key texts too: Hasura's TLS files to the database, still
   * not the operation's fault). Any other {@code postgres-error} (a failure at COMMIT, say) is
   * about the operation.
   */
  public boolean isDatabaseUnavailable() {
    return code.equals("postgres-max-connections-error")
        || (code.equals("postgres-error") && CONNECTION_FAILURE_TEXTS.contains(message));
  }

  /** Where Hasura placed the error, for the log: {@code " (code c, path p)"}. */
  public String where() {
    return " (code " + code + (path == null ? "" : ", path " + path) + ")";
  }

  /** The failure this error is when nothing more can be done about it. */
  public Failure failure() {
    if (code.equals("invalid-jwt") && message.contains("NoUsableKeys")) {
      // Not the token's fault: Hasura has no key to check any token with, for about a second after
      // it starts (contract §5) or for good with an empty JWK set. Logging in again cannot help.
      return Failure.of(
          Failure.Kind.UPSTREAM_UNAVAILABLE,
          "Hasura cannot verify tokens yet: its JWK set has no usable key",
          "Hasura has no usable JWT key: it started less than a second ago, or its jwk_url serves"
              + " no key"
              + where());
    }
    if (isDatabaseUnavailable()) {
      // Hasura is up but has no connection to PostgreSQL: down, restarting, out of connection
      // slots (a retry a moment later may pass), or Hasura's TLS files for it unreadable (the
      // detail names which). Nothing in the operation is wrong either way.
      return Failure.of(
          Failure.Kind.UPSTREAM_UNAVAILABLE,
          "Hasura has no connection to its database",
          "Hasura has no database connection: " + message + where());
    }
    if (isAuthenticationError()) {
      // Hasura's own words (e.g. "Could not verify JWT: JWTExpired") tell the client what to fix.
      return Failure.of(
          Failure.Kind.UNAUTHORIZED, message, "Hasura refused the credentials" + where());
    }
    return Failure.of(
        Failure.Kind.GRAPHQL_ERROR,
        "Hasura answered with an error: " + message,
        "GraphQL error" + where() + ": " + message);
  }
}
