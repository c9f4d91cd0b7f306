package com.checkandregisteruser;

/**
 * Every way an invocation can fail, with the HTTP status and the {@code extensions.code} Hasura
 * passes on.
 *
 * <p>4xx codes are the caller's to fix and Hasura shows them to the client verbatim; 5xx codes are
 * server-side faults that Hasura hides from non-admin clients, so they are always logged in detail.
 */
public enum ActionError {
  INVALID_PAYLOAD(400, "invalid-payload"),
  INVALID_SESSION_VARIABLES(400, "invalid-session-variables"),
  MISSING_AUTHORIZATION(401, "missing-authorization"),
  UNAUTHORIZED(401, "unauthorized"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large"),
  MISCONFIGURED(500, "misconfigured"),
  INTERNAL_ERROR(500, "internal-error"),
  GRAPHQL_ERROR(502, "graphql-error"),
  BAD_UPSTREAM_RESPONSE(502, "bad-upstream-response"),
  UPSTREAM_UNAVAILABLE(503, "upstream-unavailable"),
  UPSTREAM_TIMEOUT(504, "upstream-timeout");

  private final int status;
  private final String code;

  ActionError(int status, String code) {
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public boolean isServerFault() {
    return status >= 500;
  }
}
