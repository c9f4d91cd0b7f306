package com.checkandregisteruser.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The keys of a {@code jwk_url}, kept as Hasura keeps them (server/src-lib/Hasura/Server/Auth.hs
 * mkJwtCtx and updateJwkFromUrl, Auth/JWT.hs fetchJwk and fetchAndUpdateJWKs, App.hs
 * updateJwkCtxThread): fetched once at start, where any failure but an unparseable expiry is fatal;
 * then checked every second by a background poller, which fetches again once the expiry from {@code
 * Cache-Control}/{@code Expires} has passed. A failed refresh keeps the previous keys and expiry,
 * so it is retried on the next tick; a response without an expiry keeps the previous one, and with
 * none the keys are never fetched again.
 *
 * <p>Unlike Hasura, which discards the keys of its start-up fetch and lets the poller fetch them
 * again within a second (answering {@code JWSError NoUsableKeys} meanwhile), the sandbox keeps
 * them.
 */
final class RemoteJwks implements AutoCloseable {

  /** Hasura's updateJwkCtxThread sleeps one second between checks. */
  static final Duration POLL_INTERVAL = Duration.ofSeconds(1);

  private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

  private record Keys(JsonWebKeySet set, Optional<Instant> expiry) {}

  private final URI url;
  private final HttpClient http;
  private final Clock clock;
  private volatile Keys keys;
  private ScheduledExecutorService poller;

  private RemoteJwks(URI url, HttpClient http, Clock clock) {
    this.url = url;
    this.http = http;
    this.clock = clock;
  }

  /**
   * Fetches the keys and starts refreshing them.
   *
   * @throws IllegalStateException with Hasura's reason if the first fetch fails
   */
  static RemoteJwks start(URI url, HttpClient http, Clock clock) {
    RemoteJwks jwks =
        new RemoteJwks(
            Objects.requireNonNull(url, "url"),
            Objects.requireNonNull(http, "http"),
            Objects.requireNonNull(clock, "clock"));
    try {
      jwks.keys = jwks.fetch();
    } catch (FetchFailed e) {
      throw new IllegalStateException(JwtSecret.SETTING + ": " + e.getMessage(), e.getCause());
    }
    jwks.poller =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "hasura-sandbox-jwk-refresh");
              thread.setDaemon(true);
              return thread;
            });
    long tick = POLL_INTERVAL.toMillis();
    jwks.poller.scheduleWithFixedDelay(jwks::refreshIfExpired, tick, tick, TimeUnit.MILLISECONDS);
    return jwks;
  }

  /** The keys now. */
  JsonWebKeySet keys() {
    return keys.set();
  }

  @Override
  public void close() {
    if (poller != null) {
      poller.shutdownNow();
    }
  }

  private void refreshIfExpired() {
    Keys current = keys;
    if (current.expiry().isEmpty() || clock.instant().isBefore(current.expiry().get())) {
      return;
    }
    try {
      Keys fetched = fetch();
      keys = new Keys(fetched.set(), fetched.expiry().or(current::expiry));
    } catch (FetchFailed e) {
      // Hasura logs it and keeps what it had; the passed expiry makes the next tick try again.
      System.err.println(
          "hasura-sandbox: " + e.getMessage() + "; keeping the previous keys, retrying in 1 s");
    } catch (RuntimeException e) {
      // The poller must survive anything, as Hasura's forever loop does.
      System.err.println("hasura-sandbox: refreshing JWK from " + url + " failed: " + e);
    }
  }

  private Keys fetch() throws FetchFailed {
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(url).timeout(FETCH_TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      // Hasura shows http-client's exception here; this is the JDK's.
      throw new FetchFailed("Error fetching JWK: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchFailed("Error fetching JWK: interrupted", e);
    }
    if (response.statusCode() < 200 || response.statusCode() >= 300) {
      throw new FetchFailed(
          "Non-2xx response on fetching JWK from: " + url + " (" + response.statusCode() + ")",
          null);
    }
    JsonWebKeySet set;
    try {
      set = JsonWebKeySet.parse(new String(response.body(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw new FetchFailed("Error parsing JWK from url: " + url + " (" + e.getMessage() + ")", e);
    }
    return new Keys(set, JwksExpiry.of(response.headers(), clock.instant()));
  }

  private static final class FetchFailed extends Exception {
    private static final long serialVersionUID = 1L;

    FetchFailed(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
