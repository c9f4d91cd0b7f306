package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A scripted stand-in for the action handler (the function's endpoint): records every request and
 * answers with the next scripted status and body, in the spirit of MockWebServer.
 */
final class FakeActionHandler implements AutoCloseable {

  /** A request as the handler saw it; header names are lower case. */
  record RecordedRequest(
      String method, String path, Map<String, List<String>> headers, String body) {

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }

    JsonObject json() {
      return Json.parseStrict(body)
          .orElseThrow(() -> new AssertionError("not JSON: " + body))
          .getAsJsonObject();
    }
  }

  private record ScriptedAnswer(int status, String body, Duration delay) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<ScriptedAnswer> answers = new LinkedBlockingQueue<>();

  private FakeActionHandler(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static FakeActionHandler start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService executor =
          Executors.newCachedThreadPool(
              runnable -> {
                Thread thread = new Thread(runnable, "fake-action-handler");
                thread.setDaemon(true);
                return thread;
              });
      FakeActionHandler handler = new FakeActionHandler(server, executor);
      server.setExecutor(executor);
      server.createContext("/", handler::handle);
      server.start();
      return handler;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value for ACTION_BASE_URL. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  void enqueue(int status, String body) {
    enqueue(status, body, Duration.ZERO);
  }

  void enqueue(int status, String body, Duration delay) {
    answers.add(new ScriptedAnswer(status, body, delay));
  }

  /** Returns the next request, failing if none arrives within 5 s. */
  RecordedRequest takeRequest() throws InterruptedException {
    RecordedRequest request = requests.poll(5, TimeUnit.SECONDS);
    assertNotNull(request, "no request reached the action handler");
    return request;
  }

  /** Returns the next request or null if none arrives within {@code wait}. */
  RecordedRequest pollRequest(Duration wait) throws InterruptedException {
    return requests.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Forgets scripted answers and recorded requests left over by a previous test. */
  void reset() {
    answers.clear();
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      exchange
          .getRequestHeaders()
          .forEach(
              (name, values) ->
                  headers
                      .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                      .addAll(values));
      requests.add(
          new RecordedRequest(
              exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers, body));
      ScriptedAnswer answer = answers.poll();
      if (answer == null) {
        answer = new ScriptedAnswer(599, "no answer scripted", Duration.ZERO);
      }
      if (!answer.delay().isZero()) {
        try {
          Thread.sleep(answer.delay().toMillis());
        } catch (InterruptedException e) {
          // close() interrupts a sleeping answer; the caller has given up already.
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
