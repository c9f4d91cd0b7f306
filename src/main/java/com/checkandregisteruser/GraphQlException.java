package com.checkandregisteruser;

import java.util.Set;

/** Hasura answered with an {@code errors} array; this is its first error. */
public final class GraphQlException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final Set<String> AUTHENTICATION_CODES =
      Set.of("invalid-jwt", "invalid-headers", "access-denied");

  private final String code;
  private final String path;

  public GraphQlException(String code, String message, String path) {
    super(message, null, false, false);
    this.code = code;
    this.path = path;
  }

  /** Returns Hasura's {@code extensions.code}, or {@code "unknown"} if it gave none. */
  public String code() {
    return code;
  }

  /** Returns Hasura's {@code extensions.path}, or null. */
  public String path() {
    return path;
  }

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
}
