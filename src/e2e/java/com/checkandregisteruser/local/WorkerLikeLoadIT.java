package com.checkandregisteruser.local;

import static com.checkandregisteruser.ActionCalls.payload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.HasuraAnswers;
import com.checkandregisteruser.Settings;
import com.checkandregisteruser.TestSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host loads the function as the Java worker does, so the product's injector starts the warm-up
 * at load: what Hasura sees, in which order and on which connection, before and at the first
 * invocation.
 */
class WorkerLikeLoadIT {
  private static final String AUTHORIZATION = "Bearer header.payload.signature-warmup";

  private final MockWebServer hasura = new MockWebServer();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private LocalFunctionHost host;

  @BeforeEach
  void startHasura() throws IOException {
    hasura.start();
  }

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
    hasura.close();
  }

  private HttpResponse<String> call(String username) throws IOException, InterruptedException {
    return client.send(callRequest(username), BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpRequest callRequest(String username) {
    return HttpRequest.newBuilder(URI.create(host.functionUrl()))
        .header("Authorization", AUTHORIZATION)
        .POST(BodyPublishers.ofString(payload(username), StandardCharsets.UTF_8))
        .build();
  }

  private List<String> logLinesContaining(String text) {
    return logBytes.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains(text)).toList();
  }

  @Test
  void warmUp_opensTheConnectionAtLoad_andTheFirstInvocationReusesIt() throws Exception {
    // given Hasura under a base path, answering the warm-up's /healthz and then the user query
    hasura.enqueue(new MockResponse.Builder().body("OK").build());
    hasura.enqueue(HasuraAnswers.userFound("alice"));
    Map<String, String> settings = TestSettings.forUpstream(hasura.url("/hasura/").toString());

    // when the host starts, before any invocation
    host = LocalFunctionHost.start(settings, 0, log);
    RecordedRequest health = hasura.takeRequest(30, TimeUnit.SECONDS);

    // then the warm-up has called GET /healthz beside /v1/graphql, base path included
    assertNotNull(health, "the warm-up called Hasura before any invocation");
    assertEquals("GET", health.getMethod());
    assertEquals("/hasura/healthz", health.getUrl().encodedPath());

    // and when the first invocation comes, its query goes over that same connection
    HttpResponse<String> response = call("alice");
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("{\"affected_rows\":0}", response.body());
    RecordedRequest query = hasura.takeRequest(10, TimeUnit.SECONDS);
    assertNotNull(query);
    assertEquals("/hasura/v1/graphql", query.getUrl().encodedPath());
    assertEquals(health.getConnectionIndex(), query.getConnectionIndex(), "no new connection");
    assertEquals(1, query.getExchangeIndex(), "the second exchange on the warm-up's connection");
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS), "nothing else reached Hasura");
  }

  @Test
  void firstInvocationsDuringTheWarmUp_shareTheOneApplication() throws Exception {
    // given a Hasura that answers /healthz only after the first invocations are in flight
    hasura.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return request.getUrl().encodedPath().equals("/healthz")
                ? new MockResponse.Builder().body("OK").build()
                : HasuraAnswers.userFound("someone");
          }
        });
    host = LocalFunctionHost.start(TestSettings.forUpstream(hasura.url("/").toString()), 0, log);

    // when eight invocations race the warm-up's build of the Application
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      responses.add(client.sendAsync(callRequest("someone"), BodyHandlers.ofString()));
    }

    // then every one is answered, and the configuration line, logged once per Application, once
    for (CompletableFuture<HttpResponse<String>> response : responses) {
      assertEquals("{\"affected_rows\":0}", response.get(60, TimeUnit.SECONDS).body());
    }
    assertEquals(1, logLinesContaining("checkAndRegisterUser started: endpoint=").size());
  }

  @Test
  void misconfiguration_isAnsweredAndLoggedByTheFirstInvocation_andNothingIsCalled()
      throws Exception {
    // given settings without GRAPHQL_BASE_API, which the warm-up finds at load
    Map<String, String> settings = TestSettings.forUpstream(hasura.url("/").toString());
    settings.remove(Settings.GRAPHQL_BASE_API);
    host = LocalFunctionHost.start(settings, 0, log);

    // when the first invocation comes
    HttpResponse<String> response = call("alice");

    // then it answers and logs the misconfiguration as it does without a warm-up
    assertEquals(500, response.statusCode());
    assertEquals(
        "{\"message\":\"the function is misconfigured: GRAPHQL_BASE_API is not set: give Hasura's"
            + " base URL, e.g. http://localhost:8080\",\"extensions\":{\"code\":\"misconfigured\"}}",
        response.body());
    List<String> startLines = logLinesContaining("checkAndRegisterUser started: misconfigured:");
    assertEquals(1, startLines.size());
    assertTrue(startLines.get(0).contains("] SEVERE "), startLines.get(0));
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS), "the warm-up called nothing");
  }

  @Test
  void unreachableHasura_isLoggedOnceAsAWarmUpProblem_andCallsStillAnswer() throws Exception {
    // given a GRAPHQL_BASE_API where nothing listens
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String base = "http://127.0.0.1:" + closedPort;
    host = LocalFunctionHost.start(TestSettings.forUpstream(base), 0, log);
    String warning = "WARNING action_checkAndRegisterUser invocationId=";
    String problem =
        "checkAndRegisterUser warm-up: GET " + base + "/healthz: cannot reach Hasura (";

    // when calls come until one has found the warm-up's problem (it ends in a refused connect)
    int calls = 0;
    while (logLinesContaining(problem).isEmpty() && calls < 100) {
      assertEquals(503, call("alice").statusCode());
      calls++;
      Thread.sleep(50);
    }
    HttpResponse<String> after = call("alice");

    // then it was logged once, as a warning, and the calls are answered as without a warm-up
    List<String> lines = logLinesContaining(problem);
    assertEquals(1, lines.size(), logBytes.toString(StandardCharsets.UTF_8));
    assertTrue(lines.get(0).contains(warning), lines.get(0));
    assertEquals(503, after.statusCode());
    assertTrue(after.body().contains("\"code\":\"upstream-unavailable\""), after.body());
  }

  @Test
  void load_findsTheProductsInjectorThroughServiceLoader_inTheFunctionAppLoader() {
    // given the product's classes in a function app loader of their own, settings supplied
    WorkerLikeFunctionLoad load =
        WorkerLikeFunctionLoad.load(TestSettings.forUpstream(hasura.url("/").toString()));

    // then the injector found through ServiceLoader is the product's, from that loader
    assertEquals(
        "com.checkandregisteruser.WarmingInstanceInjector", load.injectorClass().getName());
    assertEquals("function-app", load.injectorClass().getClassLoader().getName());
  }

  @Test
  void secondInjector_failsTheLoad_asTheWorkerRefusesIt(@TempDir Path app) throws Exception {
    // given a function app whose class path registers a second FunctionInstanceInjector
    Path services = app.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(
        services.resolve("com.microsoft.azure.functions.spi.inject.FunctionInstanceInjector"),
        SecondInjector.class.getName() + "\n");
    FunctionAppClassLoader loader =
        new FunctionAppClassLoader(
            new URL[] {FunctionAppClassLoader.productLocation(), app.toUri().toURL()},
            getClass().getClassLoader());

    // when it is loaded, then it fails with the worker's message
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> WorkerLikeFunctionLoad.load(loader, null));
    assertEquals(
        "Customer function app has multiple FunctionInstanceInjector implementations",
        refused.getMessage());
  }
}
