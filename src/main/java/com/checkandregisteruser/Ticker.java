package com.checkandregisteruser;

import java.time.Duration;

/**
 * Time as a login's budget and the Auth0 client need it: a monotonic clock, the wall clock and
 * waiting; tests replace it with a fake.
 */
interface Ticker {
  Ticker SYSTEM =
      new Ticker() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long wallClockMillis() {
          return System.currentTimeMillis();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
          Thread.sleep(duration.toMillis());
        }
      };

  long nanoTime();

  /** For dates in headers such as {@code Retry-After}. */
  long wallClockMillis();

  void sleep(Duration duration) throws InterruptedException;
}
