package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Invocations that wait for another one's management-token fetch, each with its own deadline,
 * against an in-memory fetcher whose first fetch is held open until the test lets it end (or, for
 * invalidation, one that answers at once).
 */
class ManagementTokenCacheTest {
  private static final Duration LIFETIME = Duration.ofHours(24);
  private static final TimeUnit SECONDS = TimeUnit.SECONDS;

  private final FakeTicker ticker = new FakeTicker();
  private final HeldFetcher fetcher = new HeldFetcher();
  private final ManagementTokenCache cache = new ManagementTokenCache(fetcher, ticker);
  private final ExecutorService pool = Executors.newFixedThreadPool(3);
  private final List<Thread> callers = new CopyOnWriteArrayList<>();

  @AfterEach
  void stop() {
    fetcher.firstFetchEnds.countDown();
    pool.shutdownNow();
  }

  /**
   * The first fetch waits until {@link #firstFetchEnds} opens and then fails as an Auth0 request
   * that ran out of its deadline does; every later fetch gives the token {@code MGMT-<n>} at once.
   */
  private final class HeldFetcher implements ManagementTokenCache.Fetcher {
    final List<Deadline> deadlines = new CopyOnWriteArrayList<>();
    final CountDownLatch firstFetchEnds = new CountDownLatch(1);

    @Override
    public ManagementToken fetch(Deadline deadline) throws FailureException {
      deadlines.add(deadline);
      int n = deadlines.size() - 1;
      if (n == 0) {
        try {
          firstFetchEnds.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw Auth0Client.timeout("no answer from /oauth/token in time (InterruptedIOException)");
      }
      return ManagementToken.issued("MGMT-" + n, LIFETIME, ticker.nanoTime());
    }
  }

  private Future<ManagementToken> get(Deadline deadline) {
    return pool.submit(
        () -> {
          callers.add(Thread.currentThread());
          return cache.get(deadline);
        });
  }

  private static void awaitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }

  /** Until {@code count} callers wait (with their timeout) for the fetch in flight. */
  private void awaitWaiters(int count) throws InterruptedException {
    awaitUntil(
        count + " callers wait for the fetch in flight",
        () ->
            callers.stream().filter(t -> t.getState() == Thread.State.TIMED_WAITING).count()
                >= count);
  }

  private static Failure failureOf(Future<ManagementToken> call) {
    ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(10, SECONDS));
    return assertInstanceOf(FailureException.class, e.getCause()).failure();
  }

  @Test
  void waiterWithTimeLeft_whenTheFetchersShorterDeadlineRunsOut_fetchesWithinItsOwnDeadline()
      throws Exception {
    // given a login with 1 s left fetching the token, and one with 10 s left waiting for it
    Deadline fetchersDeadline = Deadline.after(Duration.ofSeconds(1), ticker);
    Deadline waitersDeadline = Deadline.after(Duration.ofSeconds(10), ticker);
    Future<ManagementToken> fetching = get(fetchersDeadline);
    awaitUntil("the first fetch started", () -> fetcher.deadlines.size() == 1);
    Future<ManagementToken> waiting = get(waitersDeadline);
    awaitWaiters(2);

    // when the fetcher's second passes and its fetch times out
    ticker.advance(Duration.ofSeconds(1));
    fetcher.firstFetchEnds.countDown();

    // then the fetcher answers 504, and the waiter fetches itself, within its own deadline
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failureOf(fetching).kind());
    assertEquals("MGMT-1", waiting.get(10, SECONDS).value());
    assertEquals(List.of(fetchersDeadline, waitersDeadline), fetcher.deadlines);
  }

  @Test
  void waitersWithTimeLeft_afterATimedOutFetch_shareOneNewFetch() throws Exception {
    // given a login with 1 s left fetching the token, and two with more time waiting for it
    Future<ManagementToken> fetching = get(Deadline.after(Duration.ofSeconds(1), ticker));
    awaitUntil("the first fetch started", () -> fetcher.deadlines.size() == 1);
    Future<ManagementToken> first = get(Deadline.after(Duration.ofSeconds(10), ticker));
    Future<ManagementToken> second = get(Deadline.after(Duration.ofSeconds(12), ticker));
    awaitWaiters(3);

    // when the fetch times out
    ticker.advance(Duration.ofSeconds(1));
    fetcher.firstFetchEnds.countDown();

    // then the two waiters get the same new token from one more fetch, not one each
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failureOf(fetching).kind());
    assertEquals("MGMT-1", first.get(10, SECONDS).value());
    assertEquals("MGMT-1", second.get(10, SECONDS).value());
    assertEquals(2, fetcher.deadlines.size(), "the timed-out fetch and one new one");
  }

  @Test
  void aGatewayTimeoutAnsweredWithinTheDeadline_isSharedWithTheWaiters_notFetchedAgain()
      throws Exception {
    // given a fetch that Auth0's gateway answers 504 once the test lets it, well within the
    // fetching login's deadline, and a login waiting for that fetch
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger fetches = new AtomicInteger();
    ManagementTokenCache gated =
        new ManagementTokenCache(
            new ManagementTokenCache.Fetcher() {
              @Override
              public ManagementToken fetch(Deadline deadline) throws FailureException {
                fetches.incrementAndGet();
                try {
                  answer.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                throw Failure.of(
                        Failure.Kind.UPSTREAM_TIMEOUT,
                        "Auth0 did not answer in time: HTTP 504 from /oauth/token",
                        "HTTP 504 from Auth0 /oauth/token")
                    .toException();
              }
            },
            ticker);
    Future<ManagementToken> fetching =
        pool.submit(
            () -> {
              callers.add(Thread.currentThread());
              return gated.get(Deadline.after(Duration.ofSeconds(10), ticker));
            });
    awaitUntil("the first fetch started", () -> fetches.get() == 1);
    Future<ManagementToken> waiting =
        pool.submit(
            () -> {
              callers.add(Thread.currentThread());
              return gated.get(Deadline.after(Duration.ofSeconds(10), ticker));
            });
    awaitWaiters(2);

    // when the gateway's 504 arrives
    answer.countDown();

    // then both logins answer that 504, and the waiter does not send a second grant of its own
    assertEquals("HTTP 504 from Auth0 /oauth/token", failureOf(fetching).detail());
    assertEquals("HTTP 504 from Auth0 /oauth/token", failureOf(waiting).detail());
    assertEquals(1, fetches.get(), "one client-credentials grant for both logins");
  }

  @Test
  void waiterWhoseOwnDeadlinePasses_answers504AtIt_whileTheFetchGoesOn() throws Exception {
    // given a login with 10 s left whose fetch is held open
    Future<ManagementToken> fetching = get(Deadline.after(Duration.ofSeconds(10), ticker));
    awaitUntil("the first fetch started", () -> fetcher.deadlines.size() == 1);

    // when a login with 50 ms left waits for that fetch
    Future<ManagementToken> waiting = get(Deadline.after(Duration.ofMillis(50), ticker));

    // then it answers 504 at its own deadline, before the fetch ends, and fetches nothing itself
    Failure failure = failureOf(waiting);
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failure.kind());
    assertEquals(
        "Auth0: waiting for the management token another call is fetching", failure.detail());
    assertFalse(fetching.isDone(), "the fetch is still in flight");
    assertEquals(1, fetcher.deadlines.size());
  }

  @Test
  void lateInvalidationOfTheOldToken_keepsTheTokenFetchedMeanwhile() throws Exception {
    // given a fetcher that gives MGMT-1, MGMT-2, ... at once, and a login that had MGMT-1
    // rejected and renewed as MGMT-2
    List<Deadline> fetches = new CopyOnWriteArrayList<>();
    ManagementTokenCache immediate =
        new ManagementTokenCache(
            deadline -> {
              fetches.add(deadline);
              return ManagementToken.issued("MGMT-" + fetches.size(), LIFETIME, ticker.nanoTime());
            },
            ticker);
    Deadline deadline = Deadline.after(Duration.ofSeconds(6), ticker);
    ManagementToken old = immediate.get(deadline);
    immediate.invalidate(old);
    immediate.get(deadline);

    // when another login that had MGMT-1 rejected too invalidates it only now
    immediate.invalidate(old);

    // then MGMT-2 stays cached: no third client-credentials grant
    assertEquals("MGMT-2", immediate.get(deadline).value());
    assertEquals(2, fetches.size());
  }
}
