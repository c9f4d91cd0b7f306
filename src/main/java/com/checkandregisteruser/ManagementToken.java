package com.checkandregisteruser;

import java.time.Duration;

/**
 * An access token for Auth0's Management API and when to stop using it.
 *
 * @param value the bearer token (never printed)
 * @param refreshAtNanos the {@link Ticker#nanoTime()} after which a new one is fetched
 */
record ManagementToken(String value, long refreshAtNanos) {
  // Auth0's default lifetime is 24 h; fetching a few minutes early avoids a token that expires
  // between the check and the users call.
  private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

  /** A token issued at {@code nowNanos} for {@code lifetime}, renewed shortly before it expires. */
  static ManagementToken issued(String value, Duration lifetime, long nowNanos) {
    Duration margin = lifetime.dividedBy(10);
    if (margin.compareTo(MAX_MARGIN) > 0) {
      margin = MAX_MARGIN;
    }
    return new ManagementToken(value, nowNanos + lifetime.minus(margin).toNanos());
  }

  boolean freshAt(long nowNanos) {
    return refreshAtNanos - nowNanos > 0;
  }

  String authorization() {
    return "Bearer " + value;
  }

  @Override
  public String toString() {
    return "ManagementToken[<redacted>]";
  }
}
