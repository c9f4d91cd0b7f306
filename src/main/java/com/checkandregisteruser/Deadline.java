package com.checkandregisteruser;

import java.time.Duration;

/**
 * The moment by which a login's calls must be done, on a {@link Ticker}: the whole registration's
 * budget, and within it the Auth0 client's.
 */
record Deadline(Ticker ticker, long endNanos) {

  static Deadline after(Duration budget, Ticker ticker) {
    return new Deadline(ticker, ticker.nanoTime() + budget.toNanos());
  }

  /** The time left, never negative. */
  Duration remaining() {
    return Duration.ofNanos(Math.max(0, endNanos - ticker.nanoTime()));
  }

  boolean passed() {
    return endNanos - ticker.nanoTime() <= 0;
  }
}
