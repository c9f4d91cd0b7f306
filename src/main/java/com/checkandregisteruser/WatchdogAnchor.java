package com.checkandregisteruser;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okio.AsyncTimeout;

/**
 * Keeps okio's timeout watchdog asleep between calls, without changing any timeout.
 *
 * <p>OkHttp enforces the call timeout, and the read and write timeouts of every socket operation,
 * with okio's {@link AsyncTimeout}: one process-wide watchdog thread waits for the earliest
 * deadline in a queue, and a timeout that becomes the earliest wakes it. Calls that run one after
 * another leave the queue empty in between, so each of their three or four timeouts was the
 * earliest: the watchdog was woken three or four times per call, which cost about a fifth of the
 * function's CPU per call (measured with perf and bench/java/FunctionProbe.java).
 *
 * <p>This anchor is a timeout that expires sooner than any of the client's, re-armed by the
 * watchdog while calls keep coming: the calls' timeouts then queue behind it and wake nobody, and
 * the watchdog wakes once per period instead. Every timeout still fires at its own deadline; the
 * anchor only decides who is first in the queue. When a whole period passes without a call it is
 * not re-armed, so an idle process keeps no timer.
 */
final class WatchdogAnchor extends AsyncTimeout {
  private static final WatchdogAnchor SHARED = new WatchdogAnchor();

  private final AtomicLong periodNanos = new AtomicLong(Long.MAX_VALUE);
  private final AtomicBoolean armed = new AtomicBoolean();
  private volatile boolean usedSinceArmed;

  private WatchdogAnchor() {}

  /**
   * Returns the process's anchor, made to expire sooner than any of {@code http}'s timeouts: the
   * watchdog and its queue are process-wide, so one anchor serves every client.
   */
  static WatchdogAnchor covering(OkHttpClient http) {
    SHARED.coverMillis(http.callTimeoutMillis());
    SHARED.coverMillis(http.readTimeoutMillis());
    SHARED.coverMillis(http.writeTimeoutMillis());
    return SHARED;
  }

  private void coverMillis(long timeoutMillis) {
    if (timeoutMillis > 0) {
      // Half the shortest timeout: sooner than any deadline set while the anchor is armed.
      long half = TimeUnit.MILLISECONDS.toNanos(timeoutMillis) / 2;
      long period = Math.max(1, half);
      // accumulateAndGet(period, Math::min), without a method reference (docs/cold-start.md).
      long current = periodNanos.get();
      while (period < current && !periodNanos.compareAndSet(current, period)) {
        current = periodNanos.get();
      }
    }
  }

  /** Called before each call, so that its timeouts queue behind the anchor. */
  void beforeCall() {
    usedSinceArmed = true;
    if (!armed.get() && periodNanos.get() != Long.MAX_VALUE && armed.compareAndSet(false, true)) {
      arm();
    }
  }

  /** True while the anchor is in the watchdog's queue. */
  boolean isArmed() {
    return armed.get();
  }

  private void arm() {
    timeout(periodNanos.get(), TimeUnit.NANOSECONDS);
    enter();
  }

  /** Runs on the watchdog thread once the period is over, outside okio's lock. */
  @Override
  protected void timedOut() {
    exit();
    if (usedSinceArmed) {
      usedSinceArmed = false;
      arm();
    } else {
      // A call racing with this only finds the anchor gone: its timeouts work as without it.
      armed.set(false);
    }
  }
}
