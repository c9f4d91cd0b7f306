package com.checkandregisteruser;

import java.time.Duration;

/** The moment by which one invocation's calls to Auth0 must be done, on a {@link Ticker}. */
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
