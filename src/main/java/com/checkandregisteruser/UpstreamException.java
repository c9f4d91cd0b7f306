package com.checkandregisteruser;

import java.io.IOException;

/**
 * Hasura could not be reached, was too slow, or answered something that is not a GraphQL response.
 */
public final class UpstreamException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong on the way to Hasura. */
  public enum Kind {
    UNAVAILABLE,
    TIMEOUT,
    BAD_RESPONSE
  }

  private final Kind kind;

  public UpstreamException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
