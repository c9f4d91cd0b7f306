package com.checkandregisteruser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Auth0's two routes this function uses: the client-credentials grant ({@code POST /oauth/token})
 * for a Management API token, and {@code GET /api/v2/users/{id}} for the user's identity-provider
 * tokens.
 *
 * <p>Every way a call ends other than as expected becomes a {@link Failure} here, transport errors
 * included (the handler's own mapping is Hasura's). No text of a failure quotes Auth0's bodies:
 * they may hold the tokens. A 429 is waited out once when the wait it asks for ({@code
 * Retry-After}, else Auth0's {@code X-RateLimit-Reset}) leaves at least {@link #MIN_TIME_FOR_RETRY}
 * of the invocation's {@link Deadline} for the retry.
 */
final class Auth0Client {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  // A user record with its identities is a few KiB; anything far larger is not Auth0 answering.
  private static final long MAX_RESPONSE_BYTES = 1L << 20;
  static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofSeconds(86_400);
  private static final String TOKEN_ROUTE = "/oauth/token";
  private static final String USERS_ROUTE = "/api/v2/users";

  /**
   * What the wait a 429 asks for must leave of the deadline for the retry. With less, the retry
   * would likely time out (504, where a registered user would rather be answered without a
   * refresh), so the 429 is answered at once as {@code auth0-rate-limited} instead of sleeping into
   * the deadline. Auth0 answers either route in well under this.
   */
  static final Duration MIN_TIME_FOR_RETRY = Duration.ofSeconds(1);

  /** How long a 429 that names no wait holds refreshes back ({@link #rateLimited()}). */
  static final Duration DEFAULT_HOLD_BACK = Duration.ofSeconds(1);

  /** The longest any 429 holds refreshes back, whatever wait it asks for. */
  static final Duration MAX_HOLD_BACK = Duration.ofMinutes(1);

  private final OkHttpClient http;
  private final Auth0Settings settings;
  private final Ticker ticker;
  // The Ticker time until which Auth0 is taken to be rate-limiting this process's requests.
  private final AtomicLong rateLimitedUntilNanos;

  /**
   * @param http a client that can reach Auth0 (see {@link #httpClient})
   */
  Auth0Client(OkHttpClient http, Auth0Settings settings, Ticker ticker) {
    this.http = http;
    this.settings = settings;
    this.ticker = ticker;
    this.rateLimitedUntilNanos = new AtomicLong(ticker.nanoTime());
  }

  /**
   * Whether Auth0 answered a 429 whose wait has not passed yet (the wait it asked for, {@link
   * #DEFAULT_HOLD_BACK} if it named none, at most {@link #MAX_HOLD_BACK}). Auth0's limits are the
   * tenant's, shared by every login: while they bite, what is left is better spent on first logins.
   */
  boolean rateLimited() {
    return rateLimitedUntilNanos.get() - ticker.nanoTime() > 0;
  }

  /**
   * Takes in a 429: closes it, holds refreshes back for the wait it asks for ({@link
   * #rateLimited()}), and returns that wait.
   */
  private Optional<Duration> rateLimitedBy(Response response) {
    Optional<Duration> wait = waitAskedFor(response);
    response.close();
    rememberRateLimit(wait);
    return wait;
  }

  private void rememberRateLimit(Optional<Duration> wait) {
    Duration holdBack = wait.orElse(DEFAULT_HOLD_BACK);
    if (holdBack.compareTo(MAX_HOLD_BACK) > 0) {
      holdBack = MAX_HOLD_BACK;
    }
    long until = ticker.nanoTime() + holdBack.toNanos();
    // Only ever later: a short wait answered at the same time must not cut a long one short.
    long current;
    do {
      current = rateLimitedUntilNanos.get();
      if (until - current <= 0) {
        return;
      }
    } while (!rateLimitedUntilNanos.compareAndSet(current, until));
  }

  /**
   * The client for Auth0, derived from the process's shared one (same connection pool and
   * dispatcher): the shared client may have dropped TLS for a plain-http Hasura, Auth0 needs it.
   * Plain http stays allowed for the loopback stand-in that {@link Auth0Settings} lets through.
   */
  static OkHttpClient httpClient(OkHttpClient shared) {
    return shared
        .newBuilder()
        .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
        // A TLS handshake needs the kernel's read timeout, which the shared client's plain-http
        // sockets leave to okio (BlockingReadSocketFactory); okio's timeout does not cover it.
        // The pool is shared, and OkHttp does not tell connections apart by socket factory: the
        // different connection specs are what keep this client off the shared client's sockets.
        .socketFactory(SocketFactory.getDefault())
        // A redirect would carry the client secret or the management token elsewhere.
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /**
   * Gets a Management API token with the client-credentials grant.
   *
   * @throws FailureException {@code misconfigured} when Auth0 refuses the credentials, otherwise
   *     the transport, rate-limit or malformed-answer failure
   */
  ManagementToken managementToken(Deadline deadline) throws FailureException {
    JsonObject grant = new JsonObject();
    grant.addProperty("grant_type", "client_credentials");
    grant.addProperty("client_id", settings.clientId());
    grant.addProperty("client_secret", settings.clientSecret());
    grant.addProperty("audience", settings.audience());
    Request request =
        new Request.Builder()
            .url(settings.baseUrl().resolve("oauth/token"))
            .header("Accept", "application/json")
            .post(RequestBody.create(JsonText.of(grant), JSON))
            .build();
    try (Response response = send(request, deadline, TOKEN_ROUTE)) {
      int status = response.code();
      if (status == 401) {
        throw SettingValues.misconfigured(
            Auth0Settings.AUTH0_CLIENT_ID + " or " + Auth0Settings.AUTH0_CLIENT_SECRET,
            "was refused by Auth0 (HTTP 401 from "
                + TOKEN_ROUTE
                + "): give the machine-to-machine application's client id and secret");
      }
      if (status == 403) {
        throw SettingValues.misconfigured(
            Auth0Settings.AUTH0_CLIENT_ID,
            "names an application Auth0 does not let use the Management API (HTTP 403 from "
                + TOKEN_ROUTE
                + "): authorize it for the Auth0 Management API with read:users and"
                + " read:user_idp_tokens");
      }
      JsonObject body = expectOk(response, TOKEN_ROUTE);
      String token = string(body, "access_token");
      if (token == null || token.isBlank()) {
        throw badResponse(TOKEN_ROUTE + " answered without an access_token");
      }
      if (!headerSafe(token)) {
        // Checked before it is cached: OkHttp would refuse it in the users call's header, on every
        // login until the token expired, with nothing that fetches another.
        throw badResponse(TOKEN_ROUTE + " answered an access_token that is not a bearer token");
      }
      return ManagementToken.issued(token, lifetime(body), ticker.nanoTime());
    }
  }

  /**
   * Gets the tokens of the user's identity of the configured provider.
   *
   * @return the tokens, or empty when the Management API rejected {@code token} (HTTP 401: expired
   *     or revoked early), for the caller to fetch a new one
   * @throws FailureException the user or the identity does not exist, the application lacks a
   *     scope, or the transport, rate-limit or malformed-answer failure
   */
  Optional<LoginTokens> identityTokens(String userId, ManagementToken token, Deadline deadline)
      throws FailureException {
    if (userId.indexOf('|') < 0) {
      // The parser lets only Auth0 user ids (provider|id) through; anything else here is our bug,
      // and "." or ".." would turn users/{id} into another route.
      throw new IllegalArgumentException("not an Auth0 user id");
    }
    HttpUrl url =
        settings
            .baseUrl()
            .newBuilder()
            .addPathSegment("api")
            .addPathSegment("v2")
            .addPathSegment("users")
            // Encoded as one segment: twitter|123 becomes twitter%7C123.
            .addPathSegment(userId)
            .build();
    Request request =
        new Request.Builder()
            .url(url)
            .header("Accept", "application/json")
            .header("Authorization", token.authorization())
            .get()
            .build();
    try (Response response = send(request, deadline, USERS_ROUTE)) {
      switch (response.code()) {
        case 401:
          return Optional.empty();
        case 403:
          throw SettingValues.misconfigured(
              Auth0Settings.AUTH0_CLIENT_ID,
              "names an application whose Management API token may not read the user (HTTP 403"
                  + " from "
                  + USERS_ROUTE
                  + "): grant it read:users and read:user_idp_tokens");
        case 404:
          throw Failure.of(
                  Failure.Kind.AUTH0_USER_NOT_FOUND,
                  "Auth0 has no user "
                      + userId
                      + " (session variable x-hasura-user-id) in the tenant the function"
                      + " asks")
              .toException();
        case 400:
          throw Failure.of(
                  Failure.Kind.INVALID_SESSION_VARIABLES,
                  "session variable x-hasura-user-id is not an Auth0 user id: Auth0"
                      + " refused it (HTTP 400)")
              .toException();
        default:
          return Optional.of(tokensOf(expectOk(response, USERS_ROUTE), userId));
      }
    }
  }

  private LoginTokens tokensOf(JsonObject user, String userId) throws FailureException {
    JsonElement identities = user.get("identities");
    if (identities == null || !identities.isJsonArray()) {
      throw badResponse(USERS_ROUTE + " answered a user without an identities list");
    }
    String provider = settings.identityProvider();
    for (JsonElement element : (JsonArray) identities) {
      if (!element.isJsonObject()) {
        throw badResponse(USERS_ROUTE + " answered an identity that is not an object");
      }
      JsonObject identity = element.getAsJsonObject();
      if (!provider.equals(string(identity, "provider"))) {
        continue;
      }
      String accessToken = string(identity, "access_token");
      if (accessToken == null || accessToken.isBlank()) {
        // Auth0 leaves the IdP's tokens out unless the token has read:user_idp_tokens.
        throw SettingValues.misconfigured(
            Auth0Settings.AUTH0_CLIENT_ID,
            "names an application whose Management API token gets the "
                + provider
                + " identity without its access_token: grant it read:user_idp_tokens");
      }
      // OAuth 2 identities have no secret; only OAuth 1.0a ones (Twitter) do.
      String secret = string(identity, "access_token_secret");
      if (accessToken.length() > LoginTokens.MAX_LENGTH
          || (secret != null && secret.length() > LoginTokens.MAX_LENGTH)) {
        throw badResponse(
            USERS_ROUTE
                + " answered a "
                + provider
                + " token longer than the "
                + LoginTokens.MAX_LENGTH
                + " characters the function stores");
      }
      return new LoginTokens(accessToken, secret);
    }
    throw Failure.of(
            Failure.Kind.AUTH0_IDENTITY_MISSING,
            "the Auth0 user "
                + userId
                + " has no "
                + provider
                + " identity, so there are no "
                + provider
                + " tokens to store: log in with "
                + provider)
        .toException();
  }

  /**
   * Sends {@code request} within the deadline, waiting out one 429 when the wait it asks for leaves
   * at least {@link #MIN_TIME_FOR_RETRY} of the time left for the retry; otherwise the 429 is the
   * answer at once ({@code auth0-rate-limited}: a registered user is then answered without a
   * refresh).
   */
  private Response send(Request request, Deadline deadline, String route) throws FailureException {
    Response response = execute(request, deadline, route);
    if (response.code() != 429) {
      return response;
    }
    Optional<Duration> wait = rateLimitedBy(response);
    if (wait.isEmpty()) {
      throw rateLimited(route, wait, "cannot be waited out");
    }
    if (deadline.remaining().minus(wait.get()).compareTo(MIN_TIME_FOR_RETRY) < 0) {
      throw rateLimited(
          route,
          wait,
          "leaves less than "
              + MIN_TIME_FOR_RETRY.toMillis()
              + " ms of this call's time budget for a retry");
    }
    try {
      ticker.sleep(wait.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw timeout("interrupted waiting out Auth0's rate limit on " + route);
    }
    response = execute(request, deadline, route);
    if (response.code() == 429) {
      throw rateLimited(route, rateLimitedBy(response), "again after waiting once");
    }
    return response;
  }

  private Response execute(Request request, Deadline deadline, String route)
      throws FailureException {
    // One reading of the clock: a zero time limit would mean "no limit" to OkHttp.
    long leftNanos = deadline.remaining().toNanos();
    if (leftNanos <= 0) {
      throw timeout("no time left for " + route);
    }
    Call call = http.newCall(request);
    // The whole invocation's budget, not a fresh one per call.
    call.timeout().timeout(leftNanos, TimeUnit.NANOSECONDS);
    try {
      return call.execute();
    } catch (IOException e) {
      throw transportFailure(e, route);
    }
  }

  private JsonObject expectOk(Response response, String route) throws FailureException {
    int status = response.code();
    if (status == 504) {
      // A gateway gave up waiting, as with Hasura's 504 (GraphQlClient): slow, not down.
      throw Failure.of(
              Failure.Kind.UPSTREAM_TIMEOUT,
              "Auth0 did not answer in time: HTTP 504 from " + route,
              "HTTP 504 from Auth0 " + route)
          .toException();
    }
    if (status >= 500) {
      throw Failure.of(
              Failure.Kind.UPSTREAM_UNAVAILABLE,
              "Auth0 is unavailable: HTTP " + status + " from " + route,
              "HTTP " + status + " from Auth0 " + route)
          .toException();
    }
    if (status != 200) {
      throw badResponse("unexpected HTTP " + status + " from " + route);
    }
    String text;
    try {
      BufferedSource source = response.body().source();
      if (source.request(MAX_RESPONSE_BYTES + 1)) {
        throw badResponse(route + " answered a body over " + MAX_RESPONSE_BYTES + " bytes");
      }
      text = source.getBuffer().readUtf8();
    } catch (IOException e) {
      throw transportFailure(e, route);
    }
    JsonObject json = UpstreamJson.parseObject(text);
    if (json == null) {
      throw badResponse(route + " answered a body that is not a JSON object");
    }
    return json;
  }

  private Duration lifetime(JsonObject body) throws FailureException {
    JsonElement expiresIn = body.get("expires_in");
    if (expiresIn == null || expiresIn.isJsonNull()) {
      return DEFAULT_TOKEN_LIFETIME;
    }
    if (!expiresIn.isJsonPrimitive() || !expiresIn.getAsJsonPrimitive().isNumber()) {
      throw badResponse(TOKEN_ROUTE + " answered an expires_in that is not a number");
    }
    double seconds = expiresIn.getAsDouble();
    if (!(seconds > 0) || seconds > 366 * 86_400) {
      throw badResponse(TOKEN_ROUTE + " answered an expires_in out of range");
    }
    return Duration.ofMillis((long) (seconds * 1000));
  }

  /**
   * How long a 429 asks us to wait: its {@code Retry-After} when it has one, else its {@code
   * X-RateLimit-Reset}, the UTC epoch second at which the limit resets. Auth0's rate limit policy
   * documents the latter (with {@code X-RateLimit-Limit} and {@code -Remaining}) on its
   * rate-limited answers, and not the former, so without it no real 429 would be waited out.
   */
  private Optional<Duration> waitAskedFor(Response response) {
    Optional<Duration> retryAfter = retryAfter(response);
    return retryAfter.isPresent() ? retryAfter : untilRateLimitReset(response);
  }

  private Optional<Duration> untilRateLimitReset(Response response) {
    String value = response.header("X-RateLimit-Reset");
    if (value == null) {
      return Optional.empty();
    }
    try {
      long resetMillis = Math.multiplyExact(Long.parseLong(value.strip()), 1000L);
      return resetMillis < 0
          ? Optional.empty()
          : Optional.of(Duration.ofMillis(Math.max(0, resetMillis - ticker.wallClockMillis())));
    } catch (NumberFormatException | ArithmeticException e) {
      // Not a number of seconds we can wait for: the 429 is answered at once.
      return Optional.empty();
    }
  }

  /** Retry-After as delta-seconds or an HTTP date (RFC 9110, section 10.2.3). */
  private Optional<Duration> retryAfter(Response response) {
    String value = response.header("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(value.strip());
      return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
    } catch (NumberFormatException e) {
      Date date = response.headers().getDate("Retry-After");
      if (date == null) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofMillis(Math.max(0, date.getTime() - ticker.wallClockMillis())));
    }
  }

  /** The string member {@code name}, or null when absent or JSON null. */
  private static String string(JsonObject object, String name) throws FailureException {
    JsonElement value = object.get(name);
    if (value == null || value.isJsonNull()) {
      return null;
    }
    if (value instanceof JsonPrimitive primitive && primitive.isString()) {
      return primitive.getAsString();
    }
    throw badResponse(name + " is not a string");
  }

  static FailureException timeout(String what) {
    return Failure.of(
            Failure.Kind.UPSTREAM_TIMEOUT,
            "Auth0 did not answer within the function's timeout",
            "Auth0: " + what)
        .toException();
  }

  private static FailureException transportFailure(IOException e, String route) {
    if (e instanceof InterruptedIOException) {
      return timeout("no answer from " + route + " in time (" + e.getClass().getSimpleName() + ")");
    }
    // OkHttp's messages name hosts and ports, never headers or bodies.
    return Failure.of(
            Failure.Kind.UPSTREAM_UNAVAILABLE,
            "Auth0 is unreachable from the function",
            "cannot reach Auth0 "
                + route
                + " ("
                + e.getClass().getSimpleName()
                + ": "
                + e.getMessage()
                + ")")
        .toException();
  }

  private static FailureException rateLimited(
      String route, Optional<Duration> wait, String circumstance) {
    String retry =
        wait.isPresent()
            ? "asked to wait " + describe(wait.get())
            : "no Retry-After or X-RateLimit-Reset";
    return Failure.of(
            Failure.Kind.AUTH0_RATE_LIMITED,
            "Auth0 is rate-limiting the function: try again later",
            "HTTP 429 from Auth0 " + route + " (" + retry + ") " + circumstance)
        .toException();
  }

  /**
   * A wait in ms, or in s once it is a day or more: a Retry-After may be any number of seconds up
   * to Long.MAX_VALUE, whose milliseconds no long holds ({@link Duration#toMillis()} would throw).
   */
  private static String describe(Duration wait) {
    return wait.toSeconds() < 86_400 ? wait.toMillis() + " ms" : wait.toSeconds() + " s";
  }

  /** Only visible ASCII: what a bearer token is made of (RFC 6750), and what a header carries. */
  private static boolean headerSafe(String token) {
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        return false;
      }
    }
    return true;
  }

  private static FailureException badResponse(String what) {
    return Failure.of(
            Failure.Kind.BAD_UPSTREAM_RESPONSE,
            "Auth0's answer is not the expected one: " + what,
            "Auth0: " + what)
        .toException();
  }
}
