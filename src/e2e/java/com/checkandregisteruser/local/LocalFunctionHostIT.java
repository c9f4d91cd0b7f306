package com.checkandregisteruser.local;

import static com.checkandregisteruser.ActionCalls.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.HasuraAnswers;
import com.checkandregisteruser.Settings;
import com.checkandregisteruser.TestSettings;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The host over real HTTP, running the real function against a scripted Hasura. */
class LocalFunctionHostIT {
  private static final String AUTHORIZATION = "Bearer header.payload.signature-hosttest";
  private static final String ACTION_SECRET = "action-secret-hosttest-5c1e";

  private final MockWebServer hasura = new MockWebServer();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private Map<String, String> settings;
  private LocalFunctionHost host;

  @BeforeEach
  void startHasura() throws IOException {
    hasura.start();
    settings = TestSettings.forUpstream(hasura.url("/").toString());
  }

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
    hasura.close();
  }

  /**
   * Starts the host and lets its warm-up's {@code GET /healthz} through, so that the queue then
   * answers the function's own requests.
   */
  private void startHost() throws InterruptedException {
    hasura.enqueue(new MockResponse.Builder().body("OK").build());
    host = LocalFunctionHost.start(settings, 0, log);
    RecordedRequest health = hasura.takeRequest(30, TimeUnit.SECONDS);
    assertEquals("/healthz", health == null ? null : health.getUrl().encodedPath());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder post(String path, String body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path))
        .POST(
            body == null
                ? BodyPublishers.noBody()
                : BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  private void assertNoMoreUpstreamRequests() throws InterruptedException {
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS), "no further request reaches Hasura");
  }

  private static String errorCode(HttpResponse<String> response) {
    return JsonParser.parseString(response.body())
        .getAsJsonObject()
        .getAsJsonObject("extensions")
        .get("code")
        .getAsString();
  }

  @Test
  void postWithMixedCaseHeaders_reachesFunction_andUpstreamSeesForwardedAuthorization()
      throws Exception {
    settings.put(Settings.ACTION_SECRET, ACTION_SECRET);
    startHost();
    hasura.enqueue(HasuraAnswers.userFound("alice"));

    HttpResponse<String> response =
        send(
            post(LocalFunctionHost.ROUTE, payload("alice"))
                .header("AUTHORIZATION", AUTHORIZATION)
                .header("X-Action-Secret", ACTION_SECRET)
                .header("Content-TYPE", "application/json"));

    assertEquals(200, response.statusCode());
    assertEquals(List.of("application/json"), response.headers().allValues("Content-Type"));
    assertEquals("{\"affected_rows\":0}", response.body());
    assertEquals(
        String.valueOf(response.body().getBytes(StandardCharsets.UTF_8).length),
        response.headers().firstValue("Content-Length").orElseThrow());
    RecordedRequest query = hasura.takeRequest();
    assertEquals("/v1/graphql", query.getUrl().encodedPath());
    assertEquals(AUTHORIZATION, query.getHeaders().get("Authorization"));
    assertNoMoreUpstreamRequests();
  }

  @Test
  void postWithoutBody_answers400InvalidPayload_withoutCallingHasura() throws Exception {
    startHost();

    HttpResponse<String> response =
        send(post(LocalFunctionHost.ROUTE, null).header("Authorization", AUTHORIZATION));

    assertEquals(400, response.statusCode());
    assertEquals("invalid-payload", errorCode(response));
    assertTrue(response.body().contains("the request body is empty"), response.body());
    assertNoMoreUpstreamRequests();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"/api/other", "/", "/api/checkAndRegisterUser/more", "/checkAndRegisterUser"})
  void otherPath_answers404_withoutInvokingTheFunction(String path) throws Exception {
    startHost();

    HttpResponse<String> response =
        send(post(path, payload("alice")).header("Authorization", AUTHORIZATION));

    assertEquals(404, response.statusCode());
    assertEquals("", response.body());
    assertFalse(
        logBytes.toString(StandardCharsets.UTF_8).contains("Executed"),
        "the function must not run");
    assertNoMoreUpstreamRequests();
  }

  @Test
  void routeInOtherCase_reachesTheFunction_asAzureRoutingIgnoresCase() throws Exception {
    startHost();

    HttpResponse<String> response = send(post("/API/CheckAndRegisterUser", null));

    assertEquals(400, response.statusCode());
    assertEquals("invalid-payload", errorCode(response));
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE"})
  void otherMethodOnTheRoute_answers405AllowingPost(String method) throws Exception {
    startHost();

    HttpResponse<String> response =
        send(
            HttpRequest.newBuilder(URI.create(host.functionUrl()))
                .method(method, BodyPublishers.noBody()));

    assertEquals(405, response.statusCode());
    assertEquals(List.of("POST"), response.headers().allValues("Allow"));
    assertNoMoreUpstreamRequests();
  }

  @Test
  void missingEncryptionKey_answers500Misconfigured() throws Exception {
    settings.remove(Settings.TOKEN_ENCRYPTION_KEY);
    // Misconfigured: the warm-up has nothing to connect to, so Hasura sees no /healthz either.
    host = LocalFunctionHost.start(settings, 0, log);

    HttpResponse<String> response =
        send(
            post(LocalFunctionHost.ROUTE, payload("alice")).header("Authorization", AUTHORIZATION));

    assertEquals(500, response.statusCode());
    assertEquals("misconfigured", errorCode(response));
    assertNoMoreUpstreamRequests();
  }

  /**
   * Even-numbered users exist (0 rows), odd ones are created (3 rows), so each caller must get its
   * own answer; Hasura holds every existence query until all 32 are in flight, which only a host
   * that runs invocations concurrently can bring about.
   */
  @Test
  void thirtyTwoConcurrentCalls_eachGetsItsOwnAnswer() throws Exception {
    int calls = 32;
    CountDownLatch allInFlight = new CountDownLatch(calls);
    Set<String> authorizationsSeen = ConcurrentHashMap.newKeySet();
    hasura.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
            if (request.getUrl().encodedPath().equals("/healthz")) {
              return new MockResponse.Builder().body("OK").build(); // the warm-up's
            }
            JsonObject body = JsonParser.parseString(request.getBody().utf8()).getAsJsonObject();
            String username = body.getAsJsonObject("variables").get("username").getAsString();
            if (body.get("query").getAsString().contains("insert_account_user")) {
              return HasuraAnswers.inserted(3);
            }
            authorizationsSeen.add(request.getHeaders().get("Authorization"));
            allInFlight.countDown();
            if (!allInFlight.await(20, TimeUnit.SECONDS)) {
              return new MockResponse.Builder()
                  .code(500)
                  .body("not all calls were in flight at once")
                  .build();
            }
            int n = Integer.parseInt(username.substring("user-".length()));
            return n % 2 == 0 ? HasuraAnswers.userFound(username) : HasuraAnswers.noUser();
          }
        });
    host = LocalFunctionHost.start(settings, 0, log); // the dispatcher answers the warm-up

    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int n = 0; n < calls; n++) {
      responses.add(
          client.sendAsync(
              post(LocalFunctionHost.ROUTE, payload("user-" + n))
                  .header("Authorization", "Bearer token-of-user-" + n)
                  .build(),
              BodyHandlers.ofString()));
    }

    Set<String> expectedAuthorizations = new HashSet<>();
    for (int n = 0; n < calls; n++) {
      HttpResponse<String> response = responses.get(n).get(60, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode(), "user-" + n + ": " + response.body());
      assertEquals(
          "{\"affected_rows\":" + (n % 2 == 0 ? 0 : 3) + "}", response.body(), "user-" + n);
      expectedAuthorizations.add("Bearer token-of-user-" + n);
    }
    assertEquals(expectedAuthorizations, authorizationsSeen);
  }

  @Test
  void everyInvocation_logsLevelAndAFreshInvocationId_butNoSecret() throws Exception {
    settings.put(Settings.ACTION_SECRET, ACTION_SECRET);
    startHost();
    hasura.enqueue(HasuraAnswers.userFound("alice"));
    hasura.enqueue(HasuraAnswers.userFound("alice"));

    for (int i = 0; i < 2; i++) {
      HttpResponse<String> response =
          send(
              post(LocalFunctionHost.ROUTE, payload("alice"))
                  .header("Authorization", AUTHORIZATION)
                  .header("x-action-secret", ACTION_SECRET)
                  .header("x-functions-key", "function-key-hosttest"));
      assertEquals(200, response.statusCode());
    }

    String output = logBytes.toString(StandardCharsets.UTF_8);
    Matcher outcome =
        Pattern.compile(
                "INFO action_checkAndRegisterUser invocationId=([0-9a-f-]{36}): checkAndRegisterUser outcome=existing")
            .matcher(output);
    List<String> invocationIds = new ArrayList<>();
    while (outcome.find()) {
      invocationIds.add(outcome.group(1));
    }
    assertEquals(2, invocationIds.size(), output);
    assertEquals(2, Set.copyOf(invocationIds).size(), "each invocation has its own id: " + output);
    for (String secret :
        List.of(
            "signature-hosttest",
            ACTION_SECRET,
            "function-key-hosttest",
            "tok-alice",
            "sec-alice",
            TestSettings.KEY_BASE64)) {
      assertFalse(output.contains(secret), "the log must not contain " + secret + ":\n" + output);
    }
  }

  @Test
  void close_freesThePort() throws Exception {
    startHost();
    int port = host.port();

    host.close();

    try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
      assertEquals(port, socket.getLocalPort());
    }
    assertThrows(IOException.class, () -> send(post(LocalFunctionHost.ROUTE, payload("alice"))));
  }

  @Test
  void urls_nameTheBoundPortAndTheFunctionsRoute() throws Exception {
    startHost();

    assertEquals("http://127.0.0.1:" + host.port() + "/api", host.baseUrl());
    assertEquals(host.baseUrl() + "/checkAndRegisterUser", host.functionUrl());
    assertTrue(host.port() > 0);
  }

  @Test
  void port_defaultsTo7071_andRejectsNonsense() {
    assertEquals(7071, LocalFunctionHost.portFrom(null));
    assertEquals(7071, LocalFunctionHost.portFrom(" "));
    assertEquals(8081, LocalFunctionHost.portFrom("8081"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalFunctionHost.portFrom("70x1"));
    assertEquals("PORT must be a port number from 0 to 65535, not '70x1'", e.getMessage());
  }
}
