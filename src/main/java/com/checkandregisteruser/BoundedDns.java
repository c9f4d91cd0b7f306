package com.checkandregisteruser;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Dns;

/**
 * Name resolution that gives up after a limit, so that a slow resolver cannot hold a call past its
 * timeout.
 *
 * <p>OkHttp resolves a host name on the calling thread, and the JDK's resolver cannot be
 * interrupted: when the call timeout fires during a lookup, OkHttp cancels the call but the thread
 * stays in the lookup until the resolver answers or gives up itself (5 s per attempt by default on
 * Linux). A login could then answer long after its budget, or after Hasura stopped waiting. Here
 * the lookup runs on a thread of its own and the call waits for it at most {@code limit}; after
 * that it fails as an unknown host (503 {@code upstream-unavailable}, as any other name that does
 * not resolve), and the lookup finishes in the background. Calls that need the same name while its
 * lookup is still running wait for that one lookup rather than starting more, so a resolver outage
 * holds one thread per name, not one per call.
 *
 * <p>Only new connections resolve names (a pooled one is reused), and an IP address in {@code
 * GRAPHQL_BASE_API} or {@code AUTH0_DOMAIN} is not looked up at all. The limit is the connect
 * timeout, not what is left of the call: a lookup that starts when less than that is left can still
 * end its call up to the connect timeout late (OkHttp then reports the call's own timeout).
 */
final class BoundedDns implements Dns {
  private final Dns resolver;
  private final long limitNanos;
  private final ConcurrentHashMap<String, FutureTask<List<InetAddress>>> lookups =
      new ConcurrentHashMap<>();

  /**
   * @param resolver what answers the lookups ({@link Dns#SYSTEM} in production)
   * @param limit how long a call waits for a name (the connect timeout: resolving is part of
   *     connecting)
   */
  BoundedDns(Dns resolver, Duration limit) {
    this.resolver = resolver;
    this.limitNanos = limit.toNanos();
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    FutureTask<List<InetAddress>> lookup = lookups.get(hostname);
    if (lookup == null) {
      FutureTask<List<InetAddress>> started = new FutureTask<>(new Resolution(hostname));
      lookup = lookups.putIfAbsent(hostname, started);
      if (lookup == null) {
        lookup = started;
        Thread thread = new Thread(started, "checkAndRegisterUser-dns");
        // Daemon: a lookup that outlives its call must not keep the worker up.
        thread.setDaemon(true);
        try {
          thread.start();
        } catch (RuntimeException | Error e) {
          // Out of threads: a task that never runs would never leave the table, and every later
          // lookup of the name would wait for it.
          lookups.remove(hostname, started);
          throw e;
        }
      }
    }
    try {
      return lookup.get(limitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new UnknownHostException(
          hostname
              + ": no answer from the name resolver within "
              + TimeUnit.NANOSECONDS.toMillis(limitNanos)
              + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownHostException unknown) {
        throw unknown;
      }
      UnknownHostException failed = new UnknownHostException(hostname + ": lookup failed");
      failed.initCause(e.getCause());
      throw failed;
    } catch (InterruptedException e) {
      // The worker is stopping the invocation: keep the flag for whoever asked it to. (Dns may
      // throw only UnknownHostException, so the interruption is reported as one.)
      Thread.currentThread().interrupt();
      throw new UnknownHostException(hostname + ": interrupted while resolving");
    }
  }

  /** One lookup; its entry is removed when it ends, so the next connection asks afresh. */
  private final class Resolution implements Callable<List<InetAddress>> {
    private final String hostname;

    Resolution(String hostname) {
      this.hostname = hostname;
    }

    @Override
    public List<InetAddress> call() throws UnknownHostException {
      try {
        return resolver.lookup(hostname);
      } finally {
        lookups.remove(hostname);
      }
    }
  }
}
