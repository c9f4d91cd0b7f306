package com.checkandregisteruser;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The process's Management API token: reused until shortly before it expires, and fetched by one
 * invocation at a time while the others wait for that same fetch, its token or its failure (a burst
 * of first logins makes one client-credentials call, not one per waiting invocation).
 *
 * <p>The warm-up ({@link #warmUp}) fetches through the same cache, so the first invocation finds
 * the token. Its failure stays its own: an invocation that waited for it fetches as it would have
 * without the warm-up, rather than answering with the warm-up's failure or its shorter deadline.
 *
 * <p>So does a fetch that ran out of the fetching invocation's deadline (not of the waiters'); a
 * 504 that Auth0 or a gateway in front of it answered in time is Auth0's answer, below. A waiter
 * whose own deadline has not passed goes round again, so one of those waiters fetches within its
 * own deadline while the others wait for that fetch (one fetch at a time still, never one per
 * waiter); a waiter whose deadline passes while it waits answers 504 then. (Running the fetch with
 * the longest deadline among the waiters instead is not possible: the request's timeout is fixed
 * when it is sent, before the later waiters arrive.) Any other failure is Auth0's answer, the same
 * for every waiter, and shared.
 */
final class ManagementTokenCache {
  /** Fetches a new token within the deadline. */
  interface Fetcher {
    ManagementToken fetch(Deadline deadline) throws FailureException;
  }

  private final Fetcher fetcher;
  private final Ticker ticker;
  // All guarded by this.
  private ManagementToken current;
  private CompletableFuture<ManagementToken> inFlight;
  private boolean inFlightIsWarmUp;

  ManagementTokenCache(Fetcher fetcher, Ticker ticker) {
    this.fetcher = fetcher;
    this.ticker = ticker;
  }

  /**
   * Returns a fresh token, fetching one if there is none.
   *
   * @throws FailureException the fetch failed (the same failure for every invocation that waited on
   *     it), or the deadline passed while waiting for it
   */
  ManagementToken get(Deadline deadline) throws FailureException {
    while (true) {
      CompletableFuture<ManagementToken> flight;
      boolean fetchHere = false;
      boolean warmUpFlight;
      synchronized (this) {
        if (current != null && current.freshAt(ticker.nanoTime())) {
          return current;
        }
        if (inFlight == null) {
          inFlight = new CompletableFuture<>();
          inFlightIsWarmUp = false;
          fetchHere = true;
        }
        flight = inFlight;
        warmUpFlight = inFlightIsWarmUp;
      }
      if (fetchHere) {
        return fetch(flight, deadline);
      }
      Optional<ManagementToken> token = await(flight, deadline, warmUpFlight);
      if (token.isPresent()) {
        return token.get();
      }
      // The warm-up's fetch failed, or the fetcher's deadline ran out (and the failure is
      // forgotten): try as if this invocation had been the first.
    }
  }

  /**
   * Fetches a token for the invocations to come, unless one is fresh or already being fetched.
   * Invocations that arrive meanwhile wait for this fetch and take its token; when it fails they
   * fetch themselves.
   *
   * @throws FailureException the fetch failed (nothing is cached)
   */
  void warmUp(Deadline deadline) throws FailureException {
    CompletableFuture<ManagementToken> flight;
    synchronized (this) {
      if ((current != null && current.freshAt(ticker.nanoTime())) || inFlight != null) {
        return;
      }
      inFlight = new CompletableFuture<>();
      inFlightIsWarmUp = true;
      flight = inFlight;
    }
    fetch(flight, deadline);
  }

  /**
   * Forgets {@code rejected}, so the next {@link #get} fetches a new token; a token another
   * invocation fetched meanwhile is kept.
   */
  synchronized void invalidate(ManagementToken rejected) {
    if (current == rejected) {
      current = null;
    }
  }

  private ManagementToken fetch(CompletableFuture<ManagementToken> flight, Deadline deadline)
      throws FailureException {
    ManagementToken token = null;
    Throwable failure = null;
    try {
      token = fetcher.fetch(deadline);
      if (token == null) {
        throw new IllegalStateException("the fetcher returned no management token");
      }
      return token;
    } catch (FailureException | RuntimeException | Error e) {
      failure = e;
      throw e;
    } finally {
      synchronized (this) {
        if (token != null) {
          current = token;
        }
        // A failure is not cached: the next invocation tries again.
        inFlight = null;
      }
      if (token != null) {
        flight.complete(token);
      } else if (failure instanceof FailureException timedOut
          && timedOut.failure().kind() == Failure.Kind.UPSTREAM_TIMEOUT
          && deadline.passed()) {
        // This invocation's time ran out, not Auth0's answer (a gateway's 504 is one, and shared).
        flight.completeExceptionally(new FetcherOutOfTime(timedOut));
      } else {
        flight.completeExceptionally(failure);
      }
    }
  }

  /**
   * Waits for another fetch within this invocation's deadline.
   *
   * @return its token, or empty when it was the warm-up's and failed, or when the fetching
   *     invocation's deadline ran out and this invocation has time left
   */
  private static Optional<ManagementToken> await(
      CompletableFuture<ManagementToken> flight, Deadline deadline, boolean warmUpFlight)
      throws FailureException {
    try {
      return Optional.of(flight.get(deadline.remaining().toNanos(), TimeUnit.NANOSECONDS));
    } catch (ExecutionException e) {
      if (warmUpFlight) {
        return Optional.empty();
      }
      if (e.getCause() instanceof FetcherOutOfTime outOfTime) {
        if (!deadline.passed()) {
          return Optional.empty();
        }
        throw outOfTime.failure.failure().toException();
      }
      if (e.getCause() instanceof FailureException failure) {
        throw failure.failure().toException();
      }
      throw new IllegalStateException(
          "fetching the management token failed: " + e.getCause().getClass().getName());
    } catch (TimeoutException | CancellationException e) {
      throw Auth0Client.timeout("waiting for the management token another call is fetching");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Auth0Client.timeout("interrupted waiting for the management token");
    }
  }

  /**
   * How a fetch that ran out of its invocation's deadline ends for the invocations waiting on it.
   */
  private static final class FetcherOutOfTime extends Exception {
    private static final long serialVersionUID = 1L;
    final transient FailureException failure;

    FetcherOutOfTime(FailureException failure) {
      // No message, no stack: it only carries the fetcher's failure to the waiters.
      super(null, null, false, false);
      this.failure = failure;
    }
  }
}
