package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.stream.Stream;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The warm-up's Auth0 step: it obtains the management token through the invocations' own cache, so
 * the first invocation sends Auth0 only the users call, over the connection the warm-up opened; a
 * failure is one secret-free problem text and leaves the fetch to the first invocation.
 */
class Auth0WarmUpTest {
  // More than the source's own budget: these tests are about Auth0, not the login's budget.
  private static final Duration LOGIN_TIME_LEFT = Duration.ofMillis(18_000);
  private static final String USER_ID = "twitter|123";
  private static final String CLIENT_ID = "CLIENTID-5d2a90-warmup";
  private static final String CLIENT_SECRET = "CLIENTSECRET-e61c3b-warmup";
  private static final String MANAGEMENT_TOKEN = "MGMTTOKEN-71f0aa-warmup";
  private static final List<String> SECRETS = List.of(CLIENT_ID, CLIENT_SECRET, MANAGEMENT_TOKEN);
  private static final String ALICE =
      "{\"action\":{\"name\":\"checkAndRegisterUser\"},\"input\":{},\"session_variables\":{"
          + "\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\""
          + USER_ID
          + "\"}}";

  private final MockWebServer hasura = new MockWebServer();
  private final MockWebServer auth0 = new MockWebServer();
  private Map<String, String> settings;

  @BeforeEach
  void start() throws IOException {
    hasura.start();
    auth0.start();
    settings = TestSettings.forUpstream(hasura.url("/").toString());
    TestSettings.useAuth0(settings, auth0.url("/").toString(), CLIENT_ID, CLIENT_SECRET);
  }

  @AfterEach
  void stop() {
    hasura.close();
    auth0.close();
  }

  private static String echoOfTheSecrets(String text) {
    return text + " [echo: " + String.join(" ", SECRETS) + "]";
  }

  private static FakeHttpResponse invoke(Application application, CapturingContext context) {
    return (FakeHttpResponse)
        new CheckAndRegisterUserFunction(application).run(ActionCalls.request(ALICE), context);
  }

  private RecordedRequest takeAuth0() throws InterruptedException {
    RecordedRequest request = auth0.takeRequest(5, TimeUnit.SECONDS);
    assertNotNull(request, "a request reached Auth0");
    return request;
  }

  @Test
  void afterTheWarmUp_theFirstInvocationSendsAuth0OnlyTheUsersCall_overTheSameConnection()
      throws Exception {
    // given a healthy Hasura (no user yet) and a Management API giving a token and the user
    hasura.enqueue(new MockResponse.Builder().body("OK").build());
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, "idp-token", "idp-secret"));
    Application application = Application.fromSettings(settings);

    // when the process warms up
    application.warmUp();

    // then the warm-up made the client-credentials grant
    RecordedRequest grant = takeAuth0();
    assertEquals("POST /oauth/token HTTP/1.1", grant.getRequestLine());

    // and when the first invocation comes, it reports nothing and registers the user
    CapturingContext context = new CapturingContext();
    FakeHttpResponse response = invoke(application, context);
    assertEquals(200, response.getStatusCode(), response.bodyText());
    assertEquals(
        3,
        JsonParser.parseString(response.bodyText())
            .getAsJsonObject()
            .get("affected_rows")
            .getAsInt());
    assertEquals(
        List.of(),
        context.messages().stream().filter(m -> m.contains("warm-up")).toList(),
        "no warm-up problem to report");

    // with only the users call to Auth0, the second exchange on the warm-up's connection
    RecordedRequest user = takeAuth0();
    assertEquals("GET /api/v2/users/twitter%7C123 HTTP/1.1", user.getRequestLine());
    assertEquals("Bearer " + MANAGEMENT_TOKEN, user.getHeaders().get("Authorization"));
    assertEquals(grant.getConnectionIndex(), user.getConnectionIndex(), "no new connection");
    assertEquals(1, user.getExchangeIndex());
    assertNull(auth0.takeRequest(100, TimeUnit.MILLISECONDS), "nothing else reached Auth0");
  }

  @Test
  void failingTokenRoute_isReportedOnceWithoutSecrets_andTheFirstInvocationFetchesTheToken()
      throws Exception {
    // given a token route that fails the warm-up's grant, echoing the secrets in its body
    hasura.enqueue(new MockResponse.Builder().body("OK").build());
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));
    auth0.enqueue(Auth0Answers.error(503, "Service Unavailable", echoOfTheSecrets("down")));
    auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
    auth0.enqueue(Auth0Answers.twitterUser(USER_ID, "idp-token", "idp-secret"));
    Application application = Application.fromSettings(settings);

    // when the process warms up and two invocations come
    application.warmUp();
    CapturingContext first = new CapturingContext();
    CapturingContext second = new CapturingContext();
    FakeHttpResponse response = invoke(application, first);
    invokeAgainWithoutAuth0(application, second);

    // then the first invocation logs the problem once, as a warning, and no secret
    List<String> reported = first.messages().stream().filter(m -> m.contains("warm-up")).toList();
    assertEquals(
        List.of(
            "checkAndRegisterUser warm-up: Auth0 management token: HTTP 503 from Auth0"
                + " /oauth/token (not fatal: calls connect themselves)"),
        reported);
    assertEquals(
        Level.WARNING,
        first.records().stream()
            .filter(r -> r.getMessage().contains("warm-up"))
            .findFirst()
            .orElseThrow()
            .getLevel());
    assertEquals(List.of(), second.messages().stream().filter(m -> m.contains("warm-up")).toList());

    // and it made the grant itself, then the users call, and registered the user
    assertEquals(200, response.getStatusCode(), response.bodyText());
    assertEquals("/oauth/token", takeAuth0().getTarget());
    assertEquals("/oauth/token", takeAuth0().getTarget());
    RecordedRequest user = takeAuth0();
    assertEquals("/api/v2/users/twitter%7C123", user.getTarget());
    assertEquals("Bearer " + MANAGEMENT_TOKEN, user.getHeaders().get("Authorization"));
  }

  /** A second invocation that fails before Auth0 (no Auth0 user id): it only reports. */
  private static void invokeAgainWithoutAuth0(Application application, CapturingContext context) {
    String noAuth0UserId = ActionCalls.payload("bob");
    FakeHttpResponse response =
        (FakeHttpResponse)
            new CheckAndRegisterUserFunction(application)
                .run(ActionCalls.request(noAuth0UserId), context);
    assertEquals(400, response.getStatusCode(), response.bodyText());
  }

  @Test
  void sessionVariableMode_warmUpAndFirstInvocation_sendNothingButHasurasTwoRequests()
      throws Exception {
    // given the tokens from the session variables, and one server that answers any path
    hasura.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return request.getTarget().equals("/healthz")
                ? new MockResponse.Builder().body("OK").build()
                : HasuraAnswers.userFound("alice");
          }
        });
    Map<String, String> session = TestSettings.forUpstream(hasura.url("/").toString());
    Application application = Application.fromSettings(session);

    // when the process warms up and the first invocation comes
    application.warmUp();
    CapturingContext context = new CapturingContext();
    FakeHttpResponse response =
        (FakeHttpResponse)
            new CheckAndRegisterUserFunction(application)
                .run(ActionCalls.request(ActionCalls.payload("alice")), context);

    // then the only requests were Hasura's /healthz and the lookup: nothing for a token
    assertEquals(200, response.getStatusCode(), response.bodyText());
    List<String> requests = new ArrayList<>();
    for (RecordedRequest r; (r = hasura.takeRequest(100, TimeUnit.MILLISECONDS)) != null; ) {
      requests.add(r.getRequestLine());
    }
    assertEquals(List.of("GET /healthz HTTP/1.1", "POST /v1/graphql HTTP/1.1"), requests);
    assertEquals(0, auth0.getRequestCount());
    assertEquals(
        List.of(), context.messages().stream().filter(m -> m.contains("warm-up")).toList());
  }

  // SecretLeakTest's way: every failing token route, answers echoing the secrets.

  private record FailingRoute(String name, Consumer<Auth0WarmUpTest> script) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> failingTokenRoutes() {
    List<FailingRoute> routes = new ArrayList<>();
    for (int status : new int[] {400, 401, 403, 404, 500, 503}) {
      routes.add(
          new FailingRoute(
              "HTTP " + status,
              t -> t.auth0.enqueue(Auth0Answers.error(status, "Error", echoOfTheSecrets("no")))));
    }
    routes.add(
        new FailingRoute(
            "429 beyond the budget",
            t ->
                t.auth0.enqueue(
                    Auth0Answers.json(429, echoOfTheSecrets("{}"))
                        .newBuilder()
                        .addHeader("Retry-After", "60")
                        .build())));
    routes.add(
        new FailingRoute(
            "not JSON",
            t -> t.auth0.enqueue(Auth0Answers.json(200, echoOfTheSecrets("not json")))));
    routes.add(
        new FailingRoute(
            "access_token not a string",
            t ->
                t.auth0.enqueue(
                    Auth0Answers.json(
                        200,
                        "{\"access_token\":[\""
                            + MANAGEMENT_TOKEN
                            + "\"],\"client_secret\":\""
                            + CLIENT_SECRET
                            + "\"}"))));
    routes.add(
        new FailingRoute(
            "no answer in time",
            t -> {
              t.settings.put(Settings.GRAPHQL_CALL_TIMEOUT_MS, "300");
              t.auth0.enqueue(
                  new MockResponse.Builder()
                      .headersDelay(2, TimeUnit.SECONDS)
                      .body(echoOfTheSecrets("{}"))
                      .build());
            }));
    routes.add(
        new FailingRoute(
            "unreachable",
            t -> {
              try (ServerSocket socket = new ServerSocket(0)) {
                t.settings.put(
                    Auth0Settings.AUTH0_DOMAIN, "http://127.0.0.1:" + socket.getLocalPort());
              } catch (IOException e) {
                throw new IllegalStateException(e);
              }
            }));
    return routes.stream().map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("failingTokenRoutes")
  void failedWarmUpGrant_isReportedWithoutAnySecret(FailingRoute route) {
    // given a healthy Hasura and a failing token route
    hasura.enqueue(new MockResponse.Builder().body("OK").build());
    route.script().accept(this);
    Application application = Application.fromSettings(settings);

    // when the process warms up and an invocation reports
    application.warmUp();
    CapturingContext context = new CapturingContext();
    application.reportWarmUpOnce(context.getLogger());

    // then the one warning is about the management token and holds no secret
    assertEquals(1, context.messages().size(), String.valueOf(context.messages()));
    String warning = context.messages().get(0);
    assertTrue(
        warning.startsWith("checkAndRegisterUser warm-up: Auth0 management token: "), warning);
    for (String secret : SECRETS) {
      assertFalse(warning.contains(secret), route + " leaked a secret into: " + warning);
    }
    assertFalse(warning.contains("echo"), "Auth0's body in: " + warning);
  }

  // Over TLS, as against the real tenant: the users call reuses the warm-up's TLS connection.

  @Test
  void overTls_theWarmUpsHandshakeServesTheFirstInvocationsUsersCall() throws Exception {
    // given an https Management API and a plain-http Hasura, as Application wires them
    HeldCertificate localhost =
        new HeldCertificate.Builder()
            .commonName("localhost")
            .addSubjectAlternativeName("localhost")
            .build();
    try (MockWebServer tls = new MockWebServer()) {
      tls.useHttps(
          new HandshakeCertificates.Builder()
              .heldCertificate(localhost)
              .build()
              .sslSocketFactory());
      tls.start();
      tls.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
      tls.enqueue(Auth0Answers.twitterUser(USER_ID, "idp-token", "idp-secret"));
      hasura.enqueue(new MockResponse.Builder().body("OK").build());
      OkHttpClient shared =
          new OkHttpClient.Builder().connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
      HandshakeCertificates trust =
          new HandshakeCertificates.Builder()
              .addTrustedCertificate(localhost.certificate())
              .build();
      OkHttpClient auth0Http =
          Auth0Client.httpClient(shared)
              .newBuilder()
              .sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
              .build();
      Auth0Settings auth0Settings =
          Auth0Settings.fromMap(
                  Map.of(
                      Auth0Settings.AUTH0_DOMAIN, "https://localhost:" + tls.getPort(),
                      Auth0Settings.AUTH0_CLIENT_ID, CLIENT_ID,
                      Auth0Settings.AUTH0_CLIENT_SECRET, CLIENT_SECRET))
              .orElseThrow();
      Auth0TokenSource source =
          new Auth0TokenSource(
              new Auth0Client(auth0Http, auth0Settings, Ticker.SYSTEM),
              Duration.ofSeconds(6),
              Ticker.SYSTEM);
      FirstCallWarmUp warmUp =
          new FirstCallWarmUp(
              TestSettings.cipher(),
              new AnswerRenderer(),
              shared,
              hasura.url("/v1/graphql"),
              Optional.of(source));

      // when the warm-up runs and then the first invocation's token lookup
      Optional<String> problem = warmUp.run();
      LoginTokens tokens = source.tokensFor(ActionRequest.forAuth0User(USER_ID), LOGIN_TIME_LEFT);

      // then the grant did the handshake, and the users call came second on that connection
      assertEquals(Optional.empty(), problem);
      assertEquals(new LoginTokens("idp-token", "idp-secret"), tokens);
      RecordedRequest grant = tls.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(grant);
      assertEquals("/oauth/token", grant.getTarget());
      assertNotNull(grant.getHandshake(), "the grant went over TLS");
      RecordedRequest user = tls.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(user);
      assertEquals("/api/v2/users/twitter%7C123", user.getTarget());
      assertEquals(grant.getConnectionIndex(), user.getConnectionIndex(), "no new connection");
      assertEquals(1, user.getExchangeIndex(), "no second handshake");
      assertEquals(2, tls.getRequestCount());
    }
  }
}
