package com.checkandregisteruser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a function receives from the host over real HTTP, and what the client gets back from what
 * the function returns, observed with a stand-in function that records its request.
 */
class HostInvocationIT {
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
  private final AtomicReference<HttpRequestMessage<Optional<String>>> received =
      new AtomicReference<>();
  private final AtomicReference<ExecutionContext> context = new AtomicReference<>();
  private LocalFunctionHost host;

  @AfterEach
  void stop() {
    if (host != null) {
      host.close();
    }
  }

  /** Starts a host whose function records the request and answers as {@code answer} says. */
  private void startHost(LocalFunctionHost.HttpFunction answer) {
    host =
        LocalFunctionHost.start(
            (request, ctx) -> {
              received.set(request);
              context.set(ctx);
              return answer.run(request, ctx);
            },
            0,
            log);
  }

  private void startRecordingHost() {
    startHost((request, ctx) -> request.createResponseBuilder(HttpStatus.OK).build());
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return client.send(request.build(), BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpRequest.Builder post(String pathAndQuery, HttpRequest.BodyPublisher body) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + pathAndQuery))
        .POST(body);
  }

  @Test
  void headerNames_reachTheFunctionLowerCased_inACaseSensitiveMap() throws Exception {
    startRecordingHost();

    send(
        post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}"))
            .header("AUTHORIZATION", "Bearer abc")
            .header("X-Action-Secret", "s")
            .header("X-Forwarded-Host", "hasura.local"));

    Map<String, String> headers = received.get().getHeaders();
    assertEquals("Bearer abc", headers.get("authorization"));
    assertEquals("s", headers.get("x-action-secret"));
    assertEquals("hasura.local", headers.get("x-forwarded-host"));
    for (String name : headers.keySet()) {
      assertEquals(name.toLowerCase(Locale.ROOT), name, "every header name is lower case");
    }
    assertNull(headers.get("Authorization"), "like the worker's map, lookups are case-sensitive");
  }

  @Test
  void repeatedHeader_reachesTheFunctionAsOneCommaJoinedValue() throws Exception {
    startRecordingHost();

    send(
        post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}"))
            .header("X-Forwarded-For", "10.0.0.1")
            .header("x-forwarded-for", "10.0.0.2"));

    assertEquals("10.0.0.1,10.0.0.2", received.get().getHeaders().get("x-forwarded-for"));
  }

  @Test
  void requestWithoutBody_reachesTheFunctionAsOptionalEmpty() throws Exception {
    startRecordingHost();

    send(post(LocalFunctionHost.ROUTE, BodyPublishers.noBody()));

    assertEquals(Optional.empty(), received.get().getBody());
  }

  @Test
  void utf8Body_reachesTheFunctionAsTheSameText() throws Exception {
    startRecordingHost();
    String text = "{\"name\":\"Zoë ✓ 𝄞\"}";

    send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString(text, StandardCharsets.UTF_8)));

    assertEquals(Optional.of(text), received.get().getBody());
  }

  @Test
  void methodUriAndQuery_reachTheFunctionAsSent() throws Exception {
    startRecordingHost();

    send(
        post(
            LocalFunctionHost.ROUTE + "?code=abc&x=1&x=2&name=a%20b+c",
            BodyPublishers.ofString("{}")));

    HttpRequestMessage<Optional<String>> request = received.get();
    assertEquals(HttpMethod.POST, request.getHttpMethod());
    assertEquals(
        URI.create(host.functionUrl() + "?code=abc&x=1&x=2&name=a%20b+c"), request.getUri());
    assertEquals(Map.of("code", "abc", "x", "1,2", "name", "a b c"), request.getQueryParameters());
  }

  @Test
  void eachInvocation_getsItsOwnContext_withAFreshInvocationId() throws Exception {
    startRecordingHost();

    send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));
    ExecutionContext first = context.get();
    send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));
    ExecutionContext second = context.get();

    assertEquals(LocalFunctionHost.FUNCTION_NAME, first.getFunctionName());
    assertFalse(first.getInvocationId().equals(second.getInvocationId()));
    assertEquals(first.getInvocationId(), UUID.fromString(first.getInvocationId()).toString());
  }

  @Test
  void functionsStatusHeadersAndStringBody_reachTheClient_withContentLength() throws Exception {
    startHost(
        (request, ctx) ->
            request
                .createResponseBuilder(HttpStatus.CREATED)
                .header("X-Custom", "v1")
                .header("Content-Type", "text/plain; charset=utf-8")
                .body("héllo")
                .build());

    HttpResponse<String> response =
        send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));

    assertEquals(201, response.statusCode());
    assertEquals("héllo", response.body());
    assertEquals(List.of("v1"), response.headers().allValues("X-Custom"));
    assertEquals(
        List.of("text/plain; charset=utf-8"), response.headers().allValues("Content-Type"));
    assertEquals(
        List.of("6"), response.headers().allValues("Content-Length"), "UTF-8 bytes, not chars");
  }

  @Test
  void customStatusWithoutBody_reachesTheClientWithContentLengthZero() throws Exception {
    startHost((request, ctx) -> request.createResponseBuilder(HttpStatusType.custom(299)).build());

    HttpResponse<String> response =
        send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));

    assertEquals(299, response.statusCode());
    assertEquals("", response.body());
    assertEquals(List.of("0"), response.headers().allValues("Content-Length"));
  }

  @Test
  void functionThatThrows_answers500_andLogsSevereWithoutTheMessage() throws Exception {
    startHost(
        (request, ctx) -> {
          throw new IllegalStateException("boom with secret-in-message");
        });

    HttpResponse<String> response =
        send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));

    assertAnswered500AndLoggedTheFailure(response, "java.lang.IllegalStateException");
  }

  /**
   * The worker calls the function reflectively and reports whatever it throws, an Error included,
   * as a failed invocation: the host answers 500. A class missing from the package throws this.
   */
  @Test
  void functionThatThrowsAnError_answers500_andTheHostServesTheNextCall() throws Exception {
    AtomicReference<Boolean> fail = new AtomicReference<>(true);
    startHost(
        (request, ctx) -> {
          if (fail.getAndSet(false)) {
            throw new NoClassDefFoundError("okhttp3/internal/Missing secret-in-message");
          }
          return request.createResponseBuilder(HttpStatus.OK).body("next").build();
        });

    HttpResponse<String> failed =
        send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));
    HttpResponse<String> next = send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));

    assertAnswered500AndLoggedTheFailure(failed, "java.lang.NoClassDefFoundError");
    assertEquals(200, next.statusCode());
    assertEquals("next", next.body());
  }

  /**
   * As the Functions host does for a function that threw: 500 with an empty body, a SEVERE line
   * naming the throwable's class but not its message, and the invocation logged as Failed.
   */
  private void assertAnswered500AndLoggedTheFailure(HttpResponse<String> response, String thrown) {
    assertEquals(500, response.statusCode());
    assertEquals("", response.body());
    String output = logBytes.toString(StandardCharsets.UTF_8);
    assertTrue(output.contains("SEVERE action_checkAndRegisterUser invocationId="), output);
    assertTrue(output.contains(thrown), output);
    assertTrue(output.contains("(Failed, Id="), output);
    assertFalse(output.contains("secret-in-message"), output);
  }

  @Test
  void functionReturningNull_answers204() throws Exception {
    startHost((request, ctx) -> null);

    HttpResponse<String> response =
        send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));

    assertEquals(204, response.statusCode());
    assertNotNull(received.get());
  }

  /** The Java worker serialises a POJO body to JSON; the host does the same. */
  @Test
  void objectBody_reachesTheClientAsJson() throws Exception {
    startHost(
        (request, ctx) ->
            request.createResponseBuilder(HttpStatus.OK).body(Map.of("affected_rows", 2)).build());

    HttpResponse<String> response =
        send(post(LocalFunctionHost.ROUTE, BodyPublishers.ofString("{}")));

    assertEquals("{\"affected_rows\":2}", response.body());
    assertEquals(
        List.of("application/json; charset=utf-8"), response.headers().allValues("Content-Type"));
  }
}
