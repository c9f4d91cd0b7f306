package com.checkandregisteruser.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * An identity provider's {@code /.well-known/jwks.json} on MockWebServer: it answers every GET with
 * what the test set last (a JWK Set and cache headers, or a failure) and counts the fetches.
 */
final class JwksServer implements AutoCloseable {

  static final String PATH = "/.well-known/jwks.json";

  private record Answer(int status, String body, Map<String, String> headers) {}

  private final MockWebServer server = new MockWebServer();
  private final AtomicReference<Answer> answer =
      new AtomicReference<>(new Answer(404, "{}", Map.of()));
  private final AtomicInteger fetches = new AtomicInteger();

  JwksServer() {
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            fetches.incrementAndGet();
            Answer now = answer.get();
            MockResponse.Builder response =
                new MockResponse.Builder()
                    .code(now.status())
                    .addHeader("Content-Type", "application/json")
                    .body(now.body());
            now.headers().forEach(response::addHeader);
            return response.build();
          }
        });
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getPort() + PATH);
  }

  /** Serves these keys with these response headers (e.g. Cache-Control) from now on. */
  void serve(Map<String, String> headers, RsaTestKey... keys) {
    answer.set(new Answer(200, RsaTestKey.jwks(keys), headers));
  }

  /** Answers every fetch from now on with this status and body. */
  void fail(int status, String body) {
    answer.set(new Answer(status, body, Map.of()));
  }

  /** How many times the keys were asked for. */
  int fetches() {
    return fetches.get();
  }

  @Override
  public void close() {
    server.close();
  }
}
