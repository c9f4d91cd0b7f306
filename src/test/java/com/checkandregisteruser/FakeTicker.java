package com.checkandregisteruser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A clock that moves only when told to or when someone sleeps on it; records every sleep. */
final class FakeTicker implements Ticker {
  private long nanos = 1_000_000_000L;
  private long wallMillis = 1_700_000_000_000L;
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  @Override
  public synchronized long wallClockMillis() {
    return wallMillis;
  }

  @Override
  public synchronized void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  synchronized void advance(Duration duration) {
    nanos += duration.toNanos();
    wallMillis += duration.toMillis();
  }

  synchronized List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }
}
