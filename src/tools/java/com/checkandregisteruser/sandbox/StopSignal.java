package com.checkandregisteruser.sandbox;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C as a request to stop rather than an abort: the JVM's own SIGINT handling exits with 130
 * while shutdown hooks race each other; here the main thread is woken, stops the stack in order and
 * returns, so {@code mvn -Psandbox} ends with status 0. {@code sun.misc.Signal} (module
 * jdk.unsupported) is the JDK's only way to handle a signal.
 */
final class StopSignal {
  private static final Signal INT = new Signal("INT");

  private final CountDownLatch requested = new CountDownLatch(1);
  private final SignalHandler previous;

  private StopSignal() {
    SignalHandler replaced;
    try {
      replaced = Signal.handle(INT, signal -> requested.countDown());
    } catch (IllegalArgumentException ignoredByTheShell) {
      // Started in the background with SIGINT ignored: only SIGTERM (shutdown hooks) stops it.
      replaced = null;
    }
    this.previous = replaced;
  }

  /** Handles Ctrl-C from now on, until {@link #restore()}. */
  static StopSignal install() {
    return new StopSignal();
  }

  /** Waits for Ctrl-C. */
  void await() throws InterruptedException {
    requested.await();
  }

  /** Gives SIGINT back to whoever handled it before. */
  void restore() {
    if (previous != null) {
      Signal.handle(INT, previous);
    }
  }
}
