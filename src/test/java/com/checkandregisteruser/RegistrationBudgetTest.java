package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One login, one time budget: each call gets what is left of it, and none starts once it is spent.
 * The budget is measured on a fake clock that Hasura's answers move forward; only the OkHttp call
 * timeout itself runs on real time.
 */
class RegistrationBudgetTest {
  private static final String AUTH = "Bearer h.p.s";
  private static final ActionRequest ALICE = new ActionRequest("alice", "tok", "sec");

  private final MockWebServer hasura = new MockWebServer();
  private final FakeTicker ticker = new FakeTicker();
  private final Deque<Step> script = new ArrayDeque<>();
  private final List<Duration> timeLeftSeenByTheTokenSource = new ArrayList<>();
  private GraphQlClient client;

  /** One answer of the scripted Hasura, and how much of the fake clock it takes. */
  private record Step(Duration takes, MockResponse answer) {}

  @BeforeEach
  void start() throws IOException {
    hasura.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            Step step = script.poll();
            if (step == null) {
              return HasuraAnswers.json(500, "{\"error\":\"unscripted request\",\"code\":\"x\"}");
            }
            ticker.advance(step.takes());
            return step.answer();
          }
        });
    hasura.start();
    // Far longer than any budget here: whatever ends a call early is the login's budget.
    OkHttpClient patient =
        new OkHttpClient.Builder()
            .readTimeout(Duration.ofSeconds(30))
            .callTimeout(Duration.ofSeconds(30))
            .build();
    client = new GraphQlClient(patient, hasura.url("/v1/graphql"));
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  private RegistrationService service(Duration budget, TokenSource tokens) {
    return new RegistrationService(client, TestSettings.cipher(), tokens, budget, ticker);
  }

  private RegistrationService service(Duration budget) {
    return service(
        budget,
        (request, timeLeft) -> {
          timeLeftSeenByTheTokenSource.add(timeLeft);
          return new LoginTokens(request.accessToken(), request.accessTokenSecret());
        });
  }

  private String sentQuery() throws InterruptedException {
    RecordedRequest request = hasura.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(request != null, "a request reached Hasura");
    return request.getBody().utf8();
  }

  private void assertNoMoreRequests() throws InterruptedException {
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS), "no further request");
  }

  private static void assertBudgetSpent(Failure failure, String when) {
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failure.kind());
    assertEquals(504, failure.kind().status());
    assertEquals("upstream-timeout", failure.kind().code());
    assertEquals(
        "the login's time budget (REGISTRATION_TIMEOUT_MS) ran out "
            + when
            + ": Hasura or the token source answers too slowly",
        failure.message());
  }

  @Test
  void lookupEatingMostOfTheBudget_leavesTheInsertOnlyTheRest() throws Exception {
    // Given a budget of 1 s, a lookup that takes 900 ms of it, and an insert whose answer (a
    // conflict, which would lead to a re-check) comes only after 2 s
    script.add(new Step(Duration.ofMillis(900), HasuraAnswers.noUser()));
    script.add(
        new Step(
            Duration.ZERO,
            HasuraAnswers.uniquenessViolation()
                .newBuilder()
                .headersDelay(2, TimeUnit.SECONDS)
                .build()));
    script.add(new Step(Duration.ZERO, HasuraAnswers.registered("alice", "tok", "sec")));

    // When alice logs in
    IOException e =
        assertThrows(IOException.class, () -> service(Duration.ofSeconds(1)).register(ALICE, AUTH));

    // Then the token source was told 100 ms were left, the insert was cut off when they ran out
    // (the real 100 ms: the fake clock did not move, so this is the call's own timeout, which the
    // handler answers as 504), and no re-check followed
    assertEquals(List.of(Duration.ofMillis(100)), timeLeftSeenByTheTokenSource);
    Failure failure = GraphQlClient.transportFailure(e);
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failure.kind());
    assertEquals(504, failure.kind().status());
    assertTrue(sentQuery().contains("query GetUser"));
    assertTrue(sentQuery().contains("insert_account_user"));
    assertNoMoreRequests();
  }

  @Test
  void lookupSpendingTheWholeBudget_makesNoFurtherCall() throws Exception {
    script.add(new Step(Duration.ofSeconds(1), HasuraAnswers.noUser()));

    FailureException e =
        assertThrows(
            FailureException.class, () -> service(Duration.ofSeconds(1)).register(ALICE, AUTH));

    assertBudgetSpent(e.failure(), "before fetching this login's tokens");
    assertEquals(List.of(), timeLeftSeenByTheTokenSource, "the token source is not asked");
    assertTrue(sentQuery().contains("query GetUser"));
    assertNoMoreRequests();
  }

  @Test
  void tokenSourceSpendingTheRestOfTheBudget_sendsNoUpdate() throws Exception {
    // Given a registered user whose stored tokens are not this login's
    script.add(new Step(Duration.ofMillis(400), HasuraAnswers.registered("alice", "old", "old")));
    script.add(new Step(Duration.ZERO, HasuraAnswers.updated(1)));
    TokenSource slow =
        (request, timeLeft) -> {
          timeLeftSeenByTheTokenSource.add(timeLeft);
          ticker.advance(timeLeft);
          return new LoginTokens("tok", "sec");
        };

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> service(Duration.ofSeconds(1), slow).register(ALICE, AUTH));

    assertBudgetSpent(e.failure(), "before the update");
    assertEquals(List.of(Duration.ofMillis(600)), timeLeftSeenByTheTokenSource);
    assertTrue(sentQuery().contains("query GetUser"));
    assertNoMoreRequests();
  }

  @Test
  void budgetSpentBeforeTheFirstCall_makesNoCallAtAll() throws Exception {
    script.add(new Step(Duration.ZERO, HasuraAnswers.noUser()));

    FailureException e =
        assertThrows(FailureException.class, () -> service(Duration.ZERO).register(ALICE, AUTH));

    assertBudgetSpent(e.failure(), "before the lookup");
    assertEquals("REGISTRATION_TIMEOUT_MS=0 spent before the lookup", e.failure().detail());
    assertNoMoreRequests();
  }

  @Test
  void loginWithinTheBudget_isRegisteredAsWithout() throws Exception {
    script.add(new Step(Duration.ofSeconds(5), HasuraAnswers.noUser()));
    script.add(new Step(Duration.ofSeconds(5), HasuraAnswers.inserted(3)));

    Registration registration = service(Duration.ofSeconds(18)).register(ALICE, AUTH);

    assertEquals(new Registration(Registration.Outcome.CREATED, 3), registration);
    assertEquals(List.of(Duration.ofSeconds(13)), timeLeftSeenByTheTokenSource);
  }

  /** The tests above run on a fake clock; a real login's budget runs on this one. */
  @Test
  void systemTicker_letsABudgetRunOut() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofMillis(10), Ticker.SYSTEM);

    Thread.sleep(50);

    assertTrue(deadline.passed());
  }
}
