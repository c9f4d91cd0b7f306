package com.checkandregisteruser;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.internal.concurrent.LockableKt;
import okhttp3.internal.concurrent.TaskRunner;
import okhttp3.internal.connection.ConnectionListener;

/**
 * OkHttp's connection pool, with an idle-connection closer that is not woken by every call.
 *
 * <p>OkHttp closes idle connections from a task on a {@link TaskRunner}. Each call that gives its
 * connection back reschedules that task to run at once, which wakes the runner's coordinator
 * thread; the task finds nothing to close yet and goes back to sleep for the keep-alive. That was
 * one thread wake-up per GraphQL call: the pool's thread and the calling thread's {@code futex}
 * took about a third of the function's CPU per call (bench/README.md).
 *
 * <p>This pool's closer runs on a runner of its own whose coordinator nobody wakes: it wakes by
 * itself at least once per {@code period} and runs what is due then. So an idle connection is still
 * closed after the keep-alive, at most one period late, and a pool with no connection keeps no
 * thread (the runner's thread ends once nothing is scheduled). Nothing else about the pool changes:
 * calls take and return connections exactly as with {@code new ConnectionPool(...)}.
 *
 * <p>{@code TaskRunner} and the pool constructor that takes one are OkHttp's internal API (public
 * in its bytecode, not in its compatibility promise). The {@code okhttp.version} in pom.xml pins
 * it; after an upgrade this class stops compiling, or its unit test fails, rather than anything
 * changing silently.
 */
final class QuietConnectionPool {
  /** How late an idle connection may be closed, and how often a pool with connections wakes. */
  static final Duration PERIOD = Duration.ofSeconds(1);

  private QuietConnectionPool() {}

  /** A pool keeping at most {@code maxIdleConnections} idle, each for {@code keepAlive}. */
  static ConnectionPool create(int maxIdleConnections, Duration keepAlive) {
    return create(maxIdleConnections, keepAlive, new Backend(PERIOD));
  }

  /** As {@link #create(int, Duration)}, with the closer on {@code backend} (tests). */
  static ConnectionPool create(int maxIdleConnections, Duration keepAlive, Backend backend) {
    TaskRunner runner = new TaskRunner(backend, Logger.getLogger(TaskRunner.class.getName()));
    return new ConnectionPool(
        maxIdleConnections,
        keepAlive.toNanos(),
        TimeUnit.NANOSECONDS,
        runner,
        ConnectionListener.Companion.getNONE());
  }

  /** A runner backend whose coordinator sleeps at most one period and is never woken early. */
  static final class Backend implements TaskRunner.Backend {
    private final long periodNanos;
    private final AtomicLong waits = new AtomicLong();
    private final TaskRunner.RealBackend threads =
        new TaskRunner.RealBackend(
            new ThreadFactory() {
              @Override
              public Thread newThread(Runnable runnable) {
                Thread thread = new Thread(runnable, "checkAndRegisterUser idle-connection closer");
                // Never the reason a worker stays up.
                thread.setDaemon(true);
                return thread;
              }
            });

    Backend(Duration period) {
      this.periodNanos = period.toNanos();
    }

    /** How many times a coordinator went to sleep: about once per period, not once per call. */
    long waits() {
      return waits.get();
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    /**
     * Deliberately nothing: the runner calls this when a task becomes due sooner than the
     * coordinator's wake-up, which for the pool is every returned connection. The coordinator finds
     * the task on its next periodic wake-up instead.
     */
    @Override
    public void coordinatorNotify(TaskRunner taskRunner) {}

    /** Called with the runner's lock held, as OkHttp's own backend is. */
    @Override
    public void coordinatorWait(TaskRunner taskRunner, long nanos) {
      if (nanos > 0) {
        waits.incrementAndGet();
        LockableKt.awaitNanos(taskRunner, Math.min(nanos, periodNanos));
      }
    }

    @Override
    public <T> BlockingQueue<T> decorate(BlockingQueue<T> queue) {
      return queue;
    }

    @Override
    public void execute(TaskRunner taskRunner, Runnable runnable) {
      threads.execute(taskRunner, runnable);
    }
  }
}
