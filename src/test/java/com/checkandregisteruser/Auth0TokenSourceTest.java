package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tokens from Auth0's Management API, against a scripted stand-in of its two routes. */
class Auth0TokenSourceTest {
  // More than the source's own budget: these tests are about Auth0, not the login's budget.
  private static final Duration LOGIN_TIME_LEFT = Duration.ofMillis(18_000);
  private static final String CLIENT_SECRET = "CLIENTSECRET-4b7e91-auth0";
  private static final String MANAGEMENT_TOKEN = "MGMTTOKEN-1-c0ffee";
  private static final String USER_ID = "twitter|123";
  private static final ActionRequest REQUEST = ActionRequest.forAuth0User(USER_ID);
  private static final String IDP_TOKEN = "IDPTOKEN-9f1d-twitter";
  private static final String IDP_SECRET = "IDPSECRET-77aa-twitter";
  private static final List<String> SECRETS =
      List.of(CLIENT_SECRET, MANAGEMENT_TOKEN, IDP_TOKEN, IDP_SECRET);

  private final MockWebServer auth0 = new MockWebServer();
  private final FakeTicker ticker = new FakeTicker();
  private final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    auth0.start();
    env.put(Auth0Settings.AUTH0_DOMAIN, auth0.url("/").toString());
    env.put(Auth0Settings.AUTH0_CLIENT_ID, "client-id-1");
    env.put(Auth0Settings.AUTH0_CLIENT_SECRET, CLIENT_SECRET);
  }

  @AfterEach
  void stop() {
    auth0.close();
  }

  /**
   * The source as Application builds it, beside a plain-http Hasura (no TLS in the shared client).
   */
  private Auth0TokenSource source(Ticker clock, Duration budget) throws FailureException {
    Auth0Settings settings = Auth0Settings.fromMap(env).orElseThrow();
    OkHttpClient shared =
        new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
    return new Auth0TokenSource(
        new Auth0Client(Auth0Client.httpClient(shared), settings, clock), budget, clock);
  }

  private Auth0TokenSource source() throws FailureException {
    return source(ticker, Duration.ofSeconds(6));
  }

  private Failure failureOf(Auth0TokenSource source) {
    Failure failure =
        assertThrows(FailureException.class, () -> source.tokensFor(REQUEST, LOGIN_TIME_LEFT))
            .failure();
    for (String secret : SECRETS) {
      assertFalse(failure.message().contains(secret), failure.message());
      assertFalse(String.valueOf(failure.detail()).contains(secret), failure.detail());
    }
    return failure;
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest request = auth0.takeRequest(5, TimeUnit.SECONDS);
    assertTrue(request != null, "a request reached the stand-in");
    return request;
  }

  private void assertNoMoreRequests() throws InterruptedException {
    assertNull(auth0.takeRequest(100, TimeUnit.MILLISECONDS), "no further request reaches Auth0");
  }

  @Test
  void twitterIdentity_givesItsTokenAndSecret_afterAClientCredentialsGrant() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    LoginTokens tokens = source().tokensFor(REQUEST, LOGIN_TIME_LEFT);

    assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), tokens);
    RecordedRequest grant = take();
    assertEquals("POST", grant.getMethod());
    assertEquals("/oauth/token", grant.getTarget());
    JsonObject body = JsonParser.parseString(grant.getBody().utf8()).getAsJsonObject();
    assertEquals("client_credentials", body.get("grant_type").getAsString());
    assertEquals("client-id-1", body.get("client_id").getAsString());
    assertEquals(CLIENT_SECRET, body.get("client_secret").getAsString());
    assertEquals(auth0.url("/api/v2/").toString(), body.get("audience").getAsString());
    RecordedRequest user = take();
    assertEquals("GET", user.getMethod());
    assertEquals("/api/v2/users/twitter%7C123", user.getTarget());
    assertEquals("Bearer " + MANAGEMENT_TOKEN, user.getHeaders().get("Authorization"));
    assertNoMoreRequests();
  }

  @Test
  void oauth2Identity_givesItsTokenWithoutASecret() throws Exception {
    env.put(Auth0Settings.AUTH0_IDENTITY_PROVIDER, "google-oauth2");
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(
        Auth0Answers.user(
            "google-oauth2|42",
            Auth0Answers.identity("twitter", "123", "other-token", "other-secret"),
            Auth0Answers.identity("google-oauth2", "42", IDP_TOKEN, null)));

    LoginTokens tokens =
        source().tokensFor(ActionRequest.forAuth0User("google-oauth2|42"), LOGIN_TIME_LEFT);

    assertEquals(new LoginTokens(IDP_TOKEN, null), tokens);
  }

  /** "." would call users, the list of every user; the parser refuses such ids before. */
  @ParameterizedTest
  @ValueSource(strings = {".", "..", "alice"})
  void anIdThatIsNotAnAuth0UserId_neverBecomesAUsersPath(String id) throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    Auth0TokenSource source = source();

    assertThrows(
        IllegalArgumentException.class,
        () -> source.tokensFor(ActionRequest.forAuth0User(id), LOGIN_TIME_LEFT));

    assertEquals("/oauth/token", take().getTarget());
    assertNoMoreRequests();
  }

  @Test
  void identityWithANullSecret_givesTheTokenAlone() throws Exception {
    JsonObject identity = Auth0Answers.identity("twitter", "123", IDP_TOKEN, null);
    identity.add("access_token_secret", com.google.gson.JsonNull.INSTANCE);
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.user(USER_ID, identity));

    assertEquals(new LoginTokens(IDP_TOKEN, null), source().tokensFor(REQUEST, LOGIN_TIME_LEFT));
  }

  @Test
  void userWithoutTheProvidersIdentity_is400AuthIdentityMissing() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(
        Auth0Answers.user(USER_ID, Auth0Answers.identity("github", "9", IDP_TOKEN, null)));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.AUTH0_IDENTITY_MISSING, failure.kind());
    assertEquals(400, failure.kind().status());
    assertEquals("auth0-identity-missing", failure.kind().code());
    assertEquals(
        "the Auth0 user twitter|123 has no twitter identity, so there are no twitter tokens to"
            + " store: log in with twitter",
        failure.message());
  }

  @Test
  void unknownUser_is400Auth0UserNotFound() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.error(404, "Not Found", "The user does not exist."));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.AUTH0_USER_NOT_FOUND, failure.kind());
    assertEquals("auth0-user-not-found", failure.kind().code());
    assertTrue(failure.message().contains("twitter|123"), failure.message());
  }

  @Test
  void userIdAuth0Refuses_is400InvalidSessionVariables() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(
        Auth0Answers.error(400, "Bad Request", "Object didn't pass validation for format user-id"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.INVALID_SESSION_VARIABLES, failure.kind());
    assertEquals(
        "session variable x-hasura-user-id is not an Auth0 user id: Auth0 refused it (HTTP 400)",
        failure.message());
  }

  @Test
  void managementToken_isReusedByLaterCalls() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    Auth0TokenSource source = source();

    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);
    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);

    assertEquals("/oauth/token", take().getTarget());
    assertEquals("Bearer " + MANAGEMENT_TOKEN, take().getHeaders().get("Authorization"));
    assertEquals("Bearer " + MANAGEMENT_TOKEN, take().getHeaders().get("Authorization"));
    assertNoMoreRequests();
  }

  @Test
  void managementToken_isRenewedShortlyBeforeItExpires() throws Exception {
    // expires_in 100 s: renewed in its last tenth, after 90 s.
    auth0.enqueue(Auth0Answers.managementToken("MGMT-A", 100));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-B", 100));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    Auth0TokenSource source = source();

    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);
    ticker.advance(Duration.ofSeconds(89));
    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);
    ticker.advance(Duration.ofSeconds(2));
    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);

    assertEquals("/oauth/token", take().getTarget());
    assertEquals("Bearer MGMT-A", take().getHeaders().get("Authorization"));
    assertEquals("Bearer MGMT-A", take().getHeaders().get("Authorization"));
    assertEquals("/oauth/token", take().getTarget());
    assertEquals("Bearer MGMT-B", take().getHeaders().get("Authorization"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"access_token\":\"MGMT-A\",\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"MGMT-A\",\"expires_in\":null,\"token_type\":\"Bearer\"}"
      })
  void managementTokenWithoutExpiresIn_lastsAuth0sDefaultDayLessFiveMinutes(String grant)
      throws Exception {
    auth0.enqueue(Auth0Answers.json(200, grant));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-B"));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    Auth0TokenSource source = source();

    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);
    ticker.advance(Duration.ofSeconds(86_400 - 301));
    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);
    ticker.advance(Duration.ofSeconds(2));
    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);

    assertEquals("/oauth/token", take().getTarget());
    assertEquals("Bearer MGMT-A", take().getHeaders().get("Authorization"));
    assertEquals("Bearer MGMT-A", take().getHeaders().get("Authorization"));
    assertEquals("/oauth/token", take().getTarget());
    assertEquals("Bearer MGMT-B", take().getHeaders().get("Authorization"));
  }

  /**
   * Answers the two routes; the token route only once {@code release} opens, the n-th token request
   * with the n-th of {@code tokenAnswers} (the last one repeated).
   */
  private static final class GatedManagementApi extends Dispatcher {
    final AtomicInteger tokenRequests = new AtomicInteger();
    final AtomicInteger userRequests = new AtomicInteger();
    final CountDownLatch release = new CountDownLatch(1);
    private final List<MockResponse> tokenAnswers;

    GatedManagementApi(MockResponse... tokenAnswers) {
      this.tokenAnswers = List.of(tokenAnswers);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
      if (request.getTarget().equals("/oauth/token")) {
        int n = tokenRequests.getAndIncrement();
        release.await(10, TimeUnit.SECONDS);
        return tokenAnswers.get(Math.min(n, tokenAnswers.size() - 1));
      }
      userRequests.incrementAndGet();
      return Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET);
    }
  }

  /**
   * Starts {@code count} calls at once and opens the token route once one of them is fetching and
   * every other is waiting for that fetch.
   */
  private static List<Future<LoginTokens>> concurrently(
      int count, Auth0TokenSource source, GatedManagementApi api, ExecutorService pool)
      throws Exception {
    List<Thread> threads = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Future<LoginTokens>> calls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      calls.add(
          pool.submit(
              () -> {
                synchronized (threads) {
                  threads.add(Thread.currentThread());
                }
                go.await();
                return source.tokensFor(REQUEST, LOGIN_TIME_LEFT);
              }));
    }
    go.countDown();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < end) {
      long waiting;
      synchronized (threads) {
        waiting = threads.stream().filter(t -> t.getState() == Thread.State.TIMED_WAITING).count();
      }
      // One thread is reading the token answer, the others wait on its fetch with a timeout.
      if (api.tokenRequests.get() == 1 && waiting >= count - 1) {
        break;
      }
      Thread.sleep(5);
    }
    api.release.countDown();
    return calls;
  }

  @Test
  void concurrentCalls_fetchTheManagementTokenOnce() throws Exception {
    GatedManagementApi api = new GatedManagementApi(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.setDispatcher(api);
    Auth0TokenSource source = source(Ticker.SYSTEM, Duration.ofSeconds(15));
    ExecutorService pool = Executors.newFixedThreadPool(12);
    try {
      List<Future<LoginTokens>> calls = concurrently(12, source, api, pool);

      for (Future<LoginTokens> call : calls) {
        assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), call.get(15, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, api.tokenRequests.get(), "one client-credentials request for 12 calls");
    assertEquals(12, api.userRequests.get());
  }

  @Test
  void concurrentCalls_shareTheOneFailedFetch() throws Exception {
    GatedManagementApi api =
        new GatedManagementApi(Auth0Answers.error(503, "Service Unavailable", "down"));
    auth0.setDispatcher(api);
    Auth0TokenSource source = source(Ticker.SYSTEM, Duration.ofSeconds(15));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<LoginTokens>> calls = concurrently(8, source, api, pool);

      for (Future<LoginTokens> call : calls) {
        java.util.concurrent.ExecutionException e =
            assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> call.get(15, TimeUnit.SECONDS));
        FailureException failure = (FailureException) e.getCause();
        assertEquals(Failure.Kind.UPSTREAM_UNAVAILABLE, failure.failure().kind());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, api.tokenRequests.get(), "the waiting calls do not each try again");
    assertEquals(0, api.userRequests.get());
  }

  // The warm-up (FirstCallWarmUp's Auth0 step) fetches through the calls' own cache.

  private static void awaitUntil(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < end, "timed out waiting until " + what);
      Thread.sleep(5);
    }
  }

  /**
   * Starts a call while the warm-up's grant is held open, and returns once the call waits (with its
   * own deadline) for that grant.
   */
  private static Future<LoginTokens> callWaitingForTheWarmUp(
      ExecutorService pool, Auth0TokenSource source) throws InterruptedException {
    List<Thread> caller = new ArrayList<>();
    Future<LoginTokens> call =
        pool.submit(
            () -> {
              synchronized (caller) {
                caller.add(Thread.currentThread());
              }
              return source.tokensFor(REQUEST, LOGIN_TIME_LEFT);
            });
    awaitUntil(
        "the call waits for the warm-up's grant",
        () -> {
          synchronized (caller) {
            return caller.size() == 1 && caller.get(0).getState() == Thread.State.TIMED_WAITING;
          }
        });
    return call;
  }

  @Test
  void warmUp_fetchesTheManagementToken_soTheFirstCallSendsOnlyTheUsersCall() throws Exception {
    // given a Management API that gives one token and the user
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    Auth0TokenSource source = source();

    // when the warm-up runs and then the first call
    source.warmUp();
    RecordedRequest grant = take();
    LoginTokens tokens = source.tokensFor(REQUEST, LOGIN_TIME_LEFT);

    // then the warm-up made the grant and the call only the users request, with that token
    assertEquals("/oauth/token", grant.getTarget());
    assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), tokens);
    RecordedRequest user = take();
    assertEquals("/api/v2/users/twitter%7C123", user.getTarget());
    assertEquals("Bearer " + MANAGEMENT_TOKEN, user.getHeaders().get("Authorization"));
    assertNoMoreRequests();
  }

  @Test
  void warmUp_withinTheCallsBudget_failsLikeACallWouldWhenAuth0DoesNotAnswer() throws Exception {
    // given a token route that answers only after the budget of one call (300 ms) has passed
    auth0.enqueue(
        new MockResponse.Builder()
            .headersDelay(2, TimeUnit.SECONDS)
            .body("{\"access_token\":\"" + MANAGEMENT_TOKEN + "\"}")
            .build());
    Auth0TokenSource source = source(Ticker.SYSTEM, Duration.ofMillis(300));

    // when the warm-up runs
    Failure failure = assertThrows(FailureException.class, source::warmUp).failure();

    // then it gives up as a call would
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failure.kind());
    assertEquals("Auth0 did not answer within the function's timeout", failure.message());
  }

  @Test
  void failedWarmUp_cachesNothing_theFirstCallFetchesTheTokenItself() throws Exception {
    // given a token route that fails once, then gives a token
    auth0.enqueue(Auth0Answers.error(503, "Service Unavailable", "down"));
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    Auth0TokenSource source = source();

    // when the warm-up fails and the first call comes
    Failure failure = assertThrows(FailureException.class, source::warmUp).failure();
    LoginTokens tokens = source.tokensFor(REQUEST, LOGIN_TIME_LEFT);

    // then the call made its own grant and got the tokens
    assertEquals(Failure.Kind.UPSTREAM_UNAVAILABLE, failure.kind());
    assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), tokens);
    assertEquals("/oauth/token", take().getTarget());
    assertEquals("/oauth/token", take().getTarget());
    assertEquals("/api/v2/users/twitter%7C123", take().getTarget());
    assertNoMoreRequests();
  }

  @Test
  void callArrivingDuringTheWarmUp_takesTheWarmUpsToken() throws Exception {
    // given a token route held open while the warm-up's grant is in flight
    GatedManagementApi api = new GatedManagementApi(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.setDispatcher(api);
    Auth0TokenSource source = source(Ticker.SYSTEM, Duration.ofSeconds(15));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<?> warmUp =
          pool.submit(
              () -> {
                source.warmUp();
                return null;
              });
      awaitUntil("the warm-up's grant arrived", () -> api.tokenRequests.get() == 1);

      // when a call arrives before that grant is answered, and then the grant is answered
      Future<LoginTokens> call = callWaitingForTheWarmUp(pool, source);
      api.release.countDown();

      // then both end well on the one grant
      warmUp.get(15, TimeUnit.SECONDS);
      assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), call.get(15, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, api.tokenRequests.get(), "the call made no grant of its own");
    assertEquals(1, api.userRequests.get());
  }

  @Test
  void callWaitingForAFailingWarmUp_fetchesTheTokenItself_insteadOfFailing() throws Exception {
    // given a token route whose first grant (the warm-up's) fails once released, then succeeds
    GatedManagementApi api =
        new GatedManagementApi(
            Auth0Answers.error(503, "Service Unavailable", "down"),
            Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.setDispatcher(api);
    Auth0TokenSource source = source(Ticker.SYSTEM, Duration.ofSeconds(15));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Failure> warmUp =
          pool.submit(() -> assertThrows(FailureException.class, source::warmUp).failure());
      awaitUntil("the warm-up's grant arrived", () -> api.tokenRequests.get() == 1);
      Future<LoginTokens> call = callWaitingForTheWarmUp(pool, source);

      // when the warm-up's grant fails
      api.release.countDown();

      // then the warm-up reports it, and the call makes its own grant and gets the tokens
      assertEquals(Failure.Kind.UPSTREAM_UNAVAILABLE, warmUp.get(15, TimeUnit.SECONDS).kind());
      assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), call.get(15, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(2, api.tokenRequests.get(), "the warm-up's grant, then the call's own");
    assertEquals(1, api.userRequests.get());
  }

  @Test
  void warmUpWhileACallIsFetching_addsNoSecondGrant() throws Exception {
    // given a call whose grant is in flight
    GatedManagementApi api = new GatedManagementApi(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.setDispatcher(api);
    Auth0TokenSource source = source(Ticker.SYSTEM, Duration.ofSeconds(15));
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      Future<LoginTokens> call = pool.submit(() -> source.tokensFor(REQUEST, LOGIN_TIME_LEFT));
      awaitUntil("the call's grant arrived", () -> api.tokenRequests.get() == 1);

      // when the warm-up runs meanwhile
      source.warmUp();
      api.release.countDown();

      // then it leaves the fetch to the call: one grant in all
      assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), call.get(15, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, api.tokenRequests.get());
  }

  @Test
  void failedFetch_isNotCached_theNextCallTriesAgain() throws Exception {
    auth0.enqueue(Auth0Answers.error(503, "Service Unavailable", "down"));
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));
    Auth0TokenSource source = source();

    assertEquals(Failure.Kind.UPSTREAM_UNAVAILABLE, failureOf(source).kind());
    assertEquals(
        new LoginTokens(IDP_TOKEN, IDP_SECRET), source.tokensFor(REQUEST, LOGIN_TIME_LEFT));
  }

  @Test
  void usersCallRejectingTheManagementToken_renewsItOnceAndRetries() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken("MGMT-REVOKED"));
    auth0.enqueue(Auth0Answers.error(401, "Unauthorized", "Invalid token"));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-NEW"));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    LoginTokens tokens = source().tokensFor(REQUEST, LOGIN_TIME_LEFT);

    assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), tokens);
    assertEquals("/oauth/token", take().getTarget());
    assertEquals("Bearer MGMT-REVOKED", take().getHeaders().get("Authorization"));
    assertEquals("/oauth/token", take().getTarget());
    assertEquals("Bearer MGMT-NEW", take().getHeaders().get("Authorization"));
    assertNoMoreRequests();
  }

  @Test
  void usersCallRejectingANewTokenToo_isMisconfiguredNamingTheDomain() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken("MGMT-A"));
    auth0.enqueue(Auth0Answers.error(401, "Unauthorized", "Invalid token"));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-B"));
    auth0.enqueue(Auth0Answers.error(401, "Unauthorized", "Invalid token"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.MISCONFIGURED, failure.kind());
    assertTrue(failure.message().startsWith("the function is misconfigured: AUTH0_DOMAIN "));
    assertEquals(4, auth0.getRequestCount(), "one renewal, one retry, no more");
  }

  @Test
  void clientCredentialsRefused401_isMisconfiguredNamingBothSettingsNotTheirValues()
      throws Exception {
    auth0.enqueue(Auth0Answers.error(401, "access_denied", "Unauthorized"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.MISCONFIGURED, failure.kind());
    assertEquals(500, failure.kind().status());
    assertTrue(
        failure
            .message()
            .startsWith(
                "the function is misconfigured: AUTH0_CLIENT_ID or"
                    + " AUTH0_CLIENT_SECRET was refused by Auth0 (HTTP 401 from /oauth/token)"),
        failure.message());
    assertFalse(failure.message().contains("client-id-1"), failure.message());
    assertEquals(1, auth0.getRequestCount());
  }

  @Test
  void clientCredentialsForbidden403_isMisconfiguredNamingTheClientId() throws Exception {
    auth0.enqueue(
        Auth0Answers.error(403, "access_denied", "Client is not authorized to access the API"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.MISCONFIGURED, failure.kind());
    assertTrue(
        failure.message().startsWith("the function is misconfigured: AUTH0_CLIENT_ID names an"),
        failure.message());
    assertTrue(failure.message().contains("read:user_idp_tokens"), failure.message());
  }

  @Test
  void usersCallForbidden403_isMisconfiguredAboutTheScopes() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.error(403, "Forbidden", "Insufficient scope"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.MISCONFIGURED, failure.kind());
    assertTrue(failure.message().contains("read:users and read:user_idp_tokens"));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {" "})
  void identityWithoutItsAccessToken_isMisconfiguredAboutTheIdpTokenScope(String accessToken)
      throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(
        Auth0Answers.user(USER_ID, Auth0Answers.identity("twitter", "123", accessToken, null)));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.MISCONFIGURED, failure.kind());
    assertTrue(failure.message().contains("grant it read:user_idp_tokens"), failure.message());
  }

  /**
   * Logs in through one 429 ({@code rateLimited}) on the users call: the source gets the tokens
   * with the retry, in three requests in all. The caller asserts how long it waited.
   */
  private void logInThroughOne429(MockResponse rateLimited) throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(rateLimited);
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    assertEquals(
        new LoginTokens(IDP_TOKEN, IDP_SECRET), source().tokensFor(REQUEST, LOGIN_TIME_LEFT));
    assertEquals(3, auth0.getRequestCount());
  }

  /**
   * A source whose login failed on the users call with {@code rateLimited} (and, when given, its
   * retry with {@code again}).
   */
  private Auth0TokenSource failedOn429(MockResponse rateLimited, MockResponse... again)
      throws Exception {
    Auth0TokenSource source = source();
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(rateLimited);
    for (MockResponse answer : again) {
      auth0.enqueue(answer);
    }
    failureOf(source);
    return source;
  }

  /** {@code source} holds refreshes back for {@code hold} from now, and not a millisecond more. */
  private void assertHoldsBackFor(Auth0TokenSource source, Duration hold) {
    assertTrue(source.holdsBackRefreshes());
    ticker.advance(hold.minusMillis(1));
    assertTrue(source.holdsBackRefreshes(), "held back until the last millisecond");
    ticker.advance(Duration.ofMillis(1));
    assertFalse(source.holdsBackRefreshes(), "no longer");
  }

  @Test
  void beforeAny429_nothingIsHeldBack() throws Exception {
    assertFalse(source().holdsBackRefreshes());
  }

  @Test
  void rateLimitedBeyondTheBudget_holdsBackRefreshesForTheWaitAuth0AskedFor() throws Exception {
    // given a 429 asking for 30 s, which the budget cannot wait out
    Auth0TokenSource source = failedOn429(Auth0Answers.rateLimited("30"));

    assertHoldsBackFor(source, Duration.ofSeconds(30));
  }

  @Test
  void rateLimitedWithoutAWait_holdsBackRefreshesForOneSecond() throws Exception {
    Auth0TokenSource source = failedOn429(Auth0Answers.rateLimited(null));

    assertHoldsBackFor(source, Duration.ofSeconds(1));
  }

  @Test
  void rateLimitedForAnHour_holdsBackRefreshesForOneMinuteAtMost() throws Exception {
    Auth0TokenSource source = failedOn429(Auth0Answers.rateLimited("3600"));

    assertHoldsBackFor(source, Duration.ofMinutes(1));
  }

  @Test
  void rateLimitedAgainAfterWaiting_holdsBackForTheSecondWait() throws Exception {
    // given a 429 asking for 2 s, waited out, and then a second asking for 30 s
    Auth0TokenSource source =
        failedOn429(Auth0Answers.rateLimited("2"), Auth0Answers.rateLimited("30"));

    assertHoldsBackFor(source, Duration.ofSeconds(30));
  }

  @Test
  void aShorterWaitAfterALongerOne_doesNotCutTheLongerOneShort() throws Exception {
    // given a 429 asking for 30 s, then, for another login, two asking for 0 s
    Auth0TokenSource source = failedOn429(Auth0Answers.rateLimited("30"));
    auth0.enqueue(Auth0Answers.rateLimited("0"));
    auth0.enqueue(Auth0Answers.rateLimited("0"));
    failureOf(source);

    assertHoldsBackFor(source, Duration.ofSeconds(30));
  }

  @Test
  void a429WaitedOut_holdsNothingBackOnceTheRetryIsAnswered() throws Exception {
    Auth0TokenSource source = source();
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.rateLimited("2"));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    source.tokensFor(REQUEST, LOGIN_TIME_LEFT);

    assertFalse(source.holdsBackRefreshes());
  }

  @Test
  void rateLimitedWithARetryAfterThatFits_waitsItAndRetriesOnce() throws Exception {
    logInThroughOne429(Auth0Answers.rateLimited("2"));

    assertEquals(List.of(Duration.ofSeconds(2)), ticker.sleeps());
  }

  @Test
  void rateLimitedWithAnHttpDateRetryAfter_waitsUntilThatDate() throws Exception {
    // FakeTicker's wall clock is 1_700_000_000_000 ms = Tue, 14 Nov 2023 22:13:20 GMT.
    logInThroughOne429(Auth0Answers.rateLimited("Tue, 14 Nov 2023 22:13:23 GMT"));

    assertEquals(List.of(Duration.ofSeconds(3)), ticker.sleeps());
  }

  @Test
  void rateLimitedOnTheClientCredentialsGrant_waitsToo() throws Exception {
    auth0.enqueue(Auth0Answers.rateLimited("1"));
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    assertEquals(
        new LoginTokens(IDP_TOKEN, IDP_SECRET), source().tokensFor(REQUEST, LOGIN_TIME_LEFT));
    assertEquals(List.of(Duration.ofSeconds(1)), ticker.sleeps());
  }

  /**
   * The users call answers {@code rateLimited}, which asks for 30 s, more than the 6 s budget: the
   * login fails at once with auth0-rate-limited, after two requests and no wait.
   */
  private Failure failsAtOnceAskedToWait30s(MockResponse rateLimited) throws FailureException {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(rateLimited);

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.AUTH0_RATE_LIMITED, failure.kind());
    assertEquals(List.of(), ticker.sleeps(), "no wait that cannot end in time");
    assertEquals(2, auth0.getRequestCount());
    assertTrue(failure.detail().contains("(asked to wait 30000 ms)"), failure.detail());
    return failure;
  }

  @Test
  void rateLimitedBeyondTheBudget_failsAtOnceWithAuth0RateLimited() throws Exception {
    Failure failure = failsAtOnceAskedToWait30s(Auth0Answers.rateLimited("30"));

    assertEquals(503, failure.kind().status());
    assertEquals("auth0-rate-limited", failure.kind().code());
  }

  @Test
  void retryAfterOfMoreSecondsThanMillisecondsFitInALong_failsAtOnceWithAuth0RateLimited()
      throws Exception {
    // given a Retry-After of 10^16 s, whose milliseconds overflow a long
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.rateLimited("10000000000000000"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.AUTH0_RATE_LIMITED, failure.kind());
    assertEquals(List.of(), ticker.sleeps());
    assertTrue(failure.detail().contains("(asked to wait 10000000000000000 s)"), failure.detail());
  }

  @Test
  void retryAfterLeavingLessThanASecondForTheRetry_failsAtOnceWithAuth0RateLimited()
      throws Exception {
    // given a budget of 5.5 s and a Retry-After of 5 s, which would leave 0.5 s for the retry
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.rateLimited("5"));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    // when the users call is rate-limited
    Failure failure = failureOf(source(ticker, Duration.ofMillis(5_500)));

    // then the source does not sleep into its deadline: the rate limit is the answer, at once
    assertEquals(Failure.Kind.AUTH0_RATE_LIMITED, failure.kind());
    assertEquals(List.of(), ticker.sleeps(), "no wait that leaves the retry no time");
    assertEquals(2, auth0.getRequestCount());
    assertTrue(failure.detail().contains("(asked to wait 5000 ms)"), failure.detail());
  }

  @Test
  void retryAfterLeavingExactlyASecondForTheRetry_waitsItAndRetries() throws Exception {
    // given a budget of 6 s and a Retry-After of 5 s
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.rateLimited("5"));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    // when the users call is rate-limited
    LoginTokens tokens = source().tokensFor(REQUEST, LOGIN_TIME_LEFT);

    // then the 1 s left is enough to wait and retry
    assertEquals(new LoginTokens(IDP_TOKEN, IDP_SECRET), tokens);
    assertEquals(List.of(Duration.ofSeconds(5)), ticker.sleeps());
    assertEquals(3, auth0.getRequestCount());
  }

  @Test
  void loginWithLessTimeLeftThanTheSourcesBudget_waitsOnlyWhatIsLeft() throws Exception {
    // Given a Retry-After of 2 s, which the source's own 6 s would wait out
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.rateLimited("2"));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    // When the login has only 1 s of its budget left
    Auth0TokenSource source = source();
    Failure failure =
        assertThrows(FailureException.class, () -> source.tokensFor(REQUEST, Duration.ofSeconds(1)))
            .failure();

    // Then the source does not wait past the login's budget
    assertEquals(Failure.Kind.AUTH0_RATE_LIMITED, failure.kind());
    assertEquals(List.of(), ticker.sleeps(), "no wait beyond the login's budget");
    assertEquals(2, auth0.getRequestCount());
  }

  @Test
  void rateLimitedAgainAfterWaiting_failsWithAuth0RateLimited() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.rateLimited("1"));
    auth0.enqueue(Auth0Answers.rateLimited("1"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.AUTH0_RATE_LIMITED, failure.kind());
    assertEquals(List.of(Duration.ofSeconds(1)), ticker.sleeps(), "one wait, one retry");
    assertEquals(3, auth0.getRequestCount());
  }

  @Test
  void rateLimitedWithoutRetryAfter_failsWithoutRetrying() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.rateLimited(null));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.AUTH0_RATE_LIMITED, failure.kind());
    assertEquals(2, auth0.getRequestCount());
    assertTrue(
        failure.detail().contains("(no Retry-After or X-RateLimit-Reset) cannot be waited out"),
        failure.detail());
  }

  /** What Auth0's rate limit policy documents on a 429: the epoch second the limit resets. */
  @Test
  void rateLimitedWithAnXRateLimitReset_waitsUntilTheResetAndRetriesOnce() throws Exception {
    // Given FakeTicker's wall clock at 1_700_000_000_000 ms and a limit that resets 3 s later
    // When the users call is rate-limited, then the source waits until the reset and retries once
    logInThroughOne429(Auth0Answers.rateLimitedUntil("1700000003"));

    assertEquals(List.of(Duration.ofSeconds(3)), ticker.sleeps());
  }

  @Test
  void rateLimitedWithBothHeaders_waitsWhatRetryAfterSays() throws Exception {
    logInThroughOne429(
        Auth0Answers.rateLimited("1")
            .newBuilder()
            .addHeader("X-RateLimit-Reset", "1700000004")
            .build());

    assertEquals(List.of(Duration.ofSeconds(1)), ticker.sleeps());
  }

  @Test
  void rateLimitResetBeyondTheBudget_failsAtOnceWithAuth0RateLimited() throws Exception {
    // Given a limit that resets in 30 s (a per-minute bucket), more than the 6 s budget
    failsAtOnceAskedToWait30s(Auth0Answers.rateLimitedUntil("1700000030"));
  }

  @Test
  void rateLimitResetAlreadyPassed_retriesAtOnce() throws Exception {
    logInThroughOne429(Auth0Answers.rateLimitedUntil("1699999999"));
    assertEquals(List.of(Duration.ZERO), ticker.sleeps());
  }

  @Test
  void retryAfterZero_retriesAtOnce() throws Exception {
    logInThroughOne429(Auth0Answers.rateLimited("0"));
    assertEquals(List.of(Duration.ZERO), ticker.sleeps());
  }

  @ParameterizedTest
  @CsvSource({
    "X-RateLimit-Reset, soon",
    "X-RateLimit-Reset, -5",
    "X-RateLimit-Reset, 99999999999999999",
    "X-RateLimit-Reset, 1.7e9",
    "Retry-After, -1",
    "Retry-After, soon"
  })
  void rateLimitedWithAWaitThatIsNoSecondsNorDate_failsWithoutRetrying(String header, String wait)
      throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.rateLimited(null).newBuilder().addHeader(header, wait).build());
    // What a retry would get: the login must not get that far.
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.AUTH0_RATE_LIMITED, failure.kind());
    assertEquals("auth0-rate-limited", failure.kind().code());
    assertEquals(List.of(), ticker.sleeps());
    assertEquals(2, auth0.getRequestCount());
  }

  @Test
  void a429WaitedOut_isClosed_soTheRetryGoesOverItsConnection() throws Exception {
    logInThroughOne429(Auth0Answers.rateLimited("1"));

    take();
    RecordedRequest rateLimited = take();
    RecordedRequest retry = take();
    assertEquals(rateLimited.getConnectionIndex(), retry.getConnectionIndex());
  }

  @Test
  void waitingOutARateLimit_usesUpTheBudgetOfTheCallsAfterIt() throws Exception {
    // 4 s of a 6 s budget spent waiting: the 429 after the token renewal cannot wait 3 s more.
    auth0.enqueue(Auth0Answers.managementToken("MGMT-A"));
    auth0.enqueue(Auth0Answers.rateLimited("4"));
    auth0.enqueue(Auth0Answers.error(401, "Unauthorized", "Invalid token"));
    auth0.enqueue(Auth0Answers.managementToken("MGMT-B"));
    auth0.enqueue(Auth0Answers.rateLimited("3"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.AUTH0_RATE_LIMITED, failure.kind());
    assertEquals(List.of(Duration.ofSeconds(4)), ticker.sleeps());
  }

  @Test
  void noAnswerWithinTheBudget_is504UpstreamTimeout() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("{}").build());

    Failure failure = failureOf(source(Ticker.SYSTEM, Duration.ofMillis(300)));

    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failure.kind());
    assertEquals(504, failure.kind().status());
    assertEquals("Auth0 did not answer within the function's timeout", failure.message());
  }

  @ParameterizedTest
  @ValueSource(longs = {6_000, 6_001})
  void grantThatUsesUpTheBudget_sendsNoUsersCall_andIs504(long grantMillis) throws Exception {
    // given a grant that takes the whole 6 s budget (or a millisecond more) on the source's clock
    auth0.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getTarget().equals("/oauth/token")) {
              ticker.advance(Duration.ofMillis(grantMillis));
              return Auth0Answers.managementToken(MANAGEMENT_TOKEN);
            }
            return Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET);
          }
        });

    // when the login goes on to the users call
    Failure failure = failureOf(source());

    // then it is not sent with no time left (OkHttp would take a zero timeout as none at all)
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failure.kind());
    assertEquals("upstream-timeout", failure.kind().code());
    assertEquals("Auth0: no time left for /api/v2/users", failure.detail());
    assertEquals(1, auth0.getRequestCount(), "the grant only");
  }

  @Test
  void unreachableAuth0_is503UpstreamUnavailable() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      env.put(Auth0Settings.AUTH0_DOMAIN, "http://127.0.0.1:" + socket.getLocalPort());
    }

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.UPSTREAM_UNAVAILABLE, failure.kind());
    assertEquals("Auth0 is unreachable from the function", failure.message());
    assertTrue(failure.detail().startsWith("cannot reach Auth0 /oauth/token ("), failure.detail());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 503})
  void auth0ServerError_is503UpstreamUnavailable(int status) throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.error(status, "Server Error", "oops"));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.UPSTREAM_UNAVAILABLE, failure.kind());
    assertEquals("Auth0 is unavailable: HTTP " + status + " from /api/v2/users", failure.message());
  }

  @Test
  void gatewayTimeoutFromAuth0_is504UpstreamTimeout() throws Exception {
    // given Auth0 grants the token, then a gateway in front of it gives up on the users call
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.error(504, "Gateway Timeout", "upstream timed out"));

    // when the tokens are fetched
    Failure failure = failureOf(source());

    // then it is Auth0 being slow, as the README's 504 row says, not Auth0 being down
    assertEquals(Failure.Kind.UPSTREAM_TIMEOUT, failure.kind());
    assertEquals(504, failure.kind().status());
    assertEquals("Auth0 did not answer in time: HTTP 504 from /api/v2/users", failure.message());
    assertEquals("HTTP 504 from Auth0 /api/v2/users", failure.detail());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json",
        "[]",
        "{\"user_id\":\"twitter|123\"}",
        "{\"identities\":{}}",
        "{\"identities\":[\"twitter\"]}",
        "{\"identities\":[{\"provider\":\"twitter\",\"access_token\":42}]}"
      })
  void malformedUser_is502BadUpstreamResponse(String body) throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.json(200, body));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.BAD_UPSTREAM_RESPONSE, failure.kind());
    assertEquals(502, failure.kind().status());
    assertTrue(failure.message().startsWith("Auth0's answer is not the expected one: "));
  }

  @Test
  void tokenOfTheLongestStoredLength_isTaken() throws Exception {
    String longest = "t".repeat(4_096);
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, longest, longest));

    assertEquals(new LoginTokens(longest, longest), source().tokensFor(REQUEST, LOGIN_TIME_LEFT));
  }

  /**
   * The message of the 502 bad-upstream-response a login fails with when the user is {@code user}.
   */
  private String badUserMessage(MockResponse user) throws FailureException {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(user);

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.BAD_UPSTREAM_RESPONSE, failure.kind());
    return failure.message();
  }

  @Test
  void userAnswerOverOneMebibyte_is502BadUpstreamResponse() throws Exception {
    // given a user answer padded past 1,048,576 bytes
    JsonObject identity = Auth0Answers.identity("twitter", "123", IDP_TOKEN, IDP_SECRET);
    identity.addProperty("padding", "x".repeat(1_048_577));

    assertEquals(
        "Auth0's answer is not the expected one: /api/v2/users answered a body over 1048576"
            + " bytes",
        badUserMessage(Auth0Answers.user(USER_ID, identity)));
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void tokenLongerThanTheFunctionStores_is502BadUpstreamResponse(boolean theSecret)
      throws Exception {
    // given an identity whose token (or secret) has 4,097 characters
    String tooLong = "t".repeat(4_097);

    assertEquals(
        "Auth0's answer is not the expected one: /api/v2/users answered a twitter token longer"
            + " than the 4096 characters the function stores",
        badUserMessage(
            Auth0Answers.twitterUser(
                USER_ID, theSecret ? IDP_TOKEN : tooLong, theSecret ? tooLong : IDP_SECRET)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"\"}",
        "{\"access_token\":\"MGMT\",\"expires_in\":\"soon\"}",
        "{\"access_token\":\"MGMT\",\"expires_in\":{}}",
        "{\"access_token\":\"MGMT\",\"expires_in\":0}",
        "{\"access_token\":\"MGMT\",\"expires_in\":31622401}",
        "<html>login</html>"
      })
  void malformedManagementToken_is502BadUpstreamResponse(String body) throws Exception {
    auth0.enqueue(Auth0Answers.json(200, body));

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.BAD_UPSTREAM_RESPONSE, failure.kind());
    assertEquals(1, auth0.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"MG\\nMT", "MG\\u0000MT", "MG MT", "MG\\tMT", "MGMTé", "MG\\u007fMT"})
  void managementTokenNoHeaderCanCarry_is502_andIsNotKept(String token) throws Exception {
    auth0.enqueue(Auth0Answers.json(200, "{\"access_token\":\"" + token + "\"}"));
    Auth0TokenSource source = source();

    Failure failure = failureOf(source);

    assertEquals(Failure.Kind.BAD_UPSTREAM_RESPONSE, failure.kind());
    assertEquals(1, auth0.getRequestCount());

    // given Auth0 answers a sound token next, when the next login comes, then it fetches that one
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    assertEquals(
        new LoginTokens(IDP_TOKEN, IDP_SECRET), source.tokensFor(REQUEST, LOGIN_TIME_LEFT));
    assertEquals("/oauth/token", take().getTarget());
    assertEquals("/oauth/token", take().getTarget());
    assertEquals("Bearer " + MANAGEMENT_TOKEN, take().getHeaders().get("Authorization"));
  }

  @Test
  void managementTokenLastingTheLongest366Days_isTaken() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN, 31_622_400));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, IDP_TOKEN, IDP_SECRET));

    assertEquals(
        new LoginTokens(IDP_TOKEN, IDP_SECRET), source().tokensFor(REQUEST, LOGIN_TIME_LEFT));
  }

  @Test
  void redirect_isNotFollowedWithTheManagementToken() throws Exception {
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(
        new MockResponse.Builder()
            .code(302)
            .addHeader("Location", auth0.url("/elsewhere").toString())
            .build());

    Failure failure = failureOf(source());

    assertEquals(Failure.Kind.BAD_UPSTREAM_RESPONSE, failure.kind());
    assertEquals(2, auth0.getRequestCount());
  }
}
