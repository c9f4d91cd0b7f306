package com.checkandregisteruser;

/**
 * Why an invocation fails: what kind of failure it is (and so the HTTP status and Hasura's {@code
 * extensions.code}), what the caller is told, and what the log adds.
 *
 * <p>Whoever decides that a call fails builds the failure, in its own words; {@link AnswerRenderer}
 * is the one place that turns it into an answer and a log line. Neither text may hold a token, a
 * secret, an Authorization value or a library's exception text that could quote them; text that
 * came from elsewhere (Hasura's messages) is scrubbed by {@link #redacted} before it is rendered.
 *
 * @param kind what failed, which fixes the status and the code
 * @param message what the caller reads in {@code message}
 * @param detail what the log line says beyond the message, or null
 */
public record Failure(Kind kind, String message, String detail) {

  /**
   * Every way an invocation can fail, with the HTTP status and the {@code extensions.code} Hasura
   * passes on.
   *
   * <p>4xx codes are the caller's to fix and Hasura shows them to the client verbatim; 5xx codes
   * are server-side faults that Hasura hides from non-admin clients, so they are always logged in
   * detail.
   */
  public enum Kind {
    INVALID_PAYLOAD(400, "invalid-payload"),
    INVALID_SESSION_VARIABLES(400, "invalid-session-variables"),
    /** Auth0 knows no user with the id in {@code x-hasura-user-id}. */
    AUTH0_USER_NOT_FOUND(400, "auth0-user-not-found"),
    /** The Auth0 user has no identity of the configured provider, so there are no tokens. */
    AUTH0_IDENTITY_MISSING(400, "auth0-identity-missing"),
    MISSING_AUTHORIZATION(401, "missing-authorization"),
    UNAUTHORIZED(401, "unauthorized"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large"),
    MISCONFIGURED(500, "misconfigured"),
    INTERNAL_ERROR(500, "internal-error"),
    GRAPHQL_ERROR(502, "graphql-error"),
    BAD_UPSTREAM_RESPONSE(502, "bad-upstream-response"),
    UPSTREAM_UNAVAILABLE(503, "upstream-unavailable"),
    /** Auth0 rate-limited the function beyond what one call can wait for. */
    AUTH0_RATE_LIMITED(503, "auth0-rate-limited"),
    UPSTREAM_TIMEOUT(504, "upstream-timeout");

    private final int status;
    private final String code;

    Kind(int status, String code) {
      this.status = status;
      this.code = code;
    }

    public int status() {
      return status;
    }

    public String code() {
      return code;
    }
  }

  public Failure {
    if (kind == null || message == null) {
      throw new IllegalArgumentException("a failure needs a kind and a message");
    }
  }

  /** A failure whose message says all there is to log. */
  public static Failure of(Kind kind, String message) {
    return new Failure(kind, message, null);
  }

  /** A failure whose log line says more than the caller is told. */
  public static Failure of(Kind kind, String message, String detail) {
    return new Failure(kind, message, detail);
  }

  /** Returns this failure as an exception, for a layer that has to unwind to report it. */
  public FailureException toException() {
    return new FailureException(this);
  }

  /** Returns this failure with every secret of the invocation masked in both texts. */
  Failure redacted(Redactor redactor) {
    return new Failure(kind, redactor.scrub(message), redactor.scrub(detail));
  }
}
