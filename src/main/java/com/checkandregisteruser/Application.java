package com.checkandregisteruser;

import com.checkandregisteruser.tokens.TokenCipher;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.ConnectionSpec;
import okhttp3.Dns;
import okhttp3.OkHttpClient;

/**
 * The objects one process shares across all invocations: settings, one {@link OkHttpClient} (its
 * connection pool is what makes the second call cheap), and the {@link Endpoint} built on them.
 * JSON is read and written without a {@code Gson} instance ({@link JsonText} says why).
 *
 * <p>Invalid settings do not stop the process: it is then served by a {@link
 * MisconfiguredEndpoint}, which answers 500 {@code misconfigured} naming the setting.
 */
public final class Application {
  private final Endpoint endpoint;
  private final WarmUp warmUp;
  private final String startLine;
  private final Level startLevel;
  private final AtomicBoolean announced = new AtomicBoolean();
  private final AtomicReference<String> warmUpProblem = new AtomicReference<>();
  private final AtomicBoolean warmUpReported = new AtomicBoolean();

  /**
   * What {@link #warmUp} runs: the first call's path without its side effects ({@link
   * FirstCallWarmUp}), or for a misconfigured process the one answer it renders.
   */
  interface WarmUp {
    /**
     * Runs every step; never throws.
     *
     * @return what went wrong, for the log (free of secrets), or empty
     */
    Optional<String> run();
  }

  private Application(Endpoint endpoint, WarmUp warmUp, String summary, Level startLevel) {
    this.endpoint = endpoint;
    this.warmUp = warmUp;
    this.startLine = "checkAndRegisterUser started: " + summary;
    this.startLevel = startLevel;
  }

  /** Builds the application from a map of settings (on Azure: the environment). */
  public static Application fromSettings(Map<String, String> settings) {
    try {
      return fromSettings(Settings.fromMap(settings));
    } catch (FailureException e) {
      Failure misconfiguration = e.failure();
      Endpoint misconfigured =
          new MisconfiguredEndpoint(
              misconfiguration, verifierDespite(settings), new AnswerRenderer());
      return new Application(
          misconfigured,
          // Nothing to connect to: only the answer is rendered once.
          new WarmUp() {
            @Override
            public Optional<String> run() {
              misconfigured.handle(Map.of(), Optional.empty()).logLine(0);
              return Optional.empty();
            }
          },
          "misconfigured: " + misconfiguration.detail(),
          Level.SEVERE);
    }
  }

  /** Builds the application from validated settings. */
  public static Application fromSettings(Settings settings) {
    OkHttpClient http = httpClient(settings);
    TokenCipher cipher = settings.tokenKeys().cipher(new SecureRandom());
    GraphQlClient graphQl = new GraphQlClient(http, settings.graphqlEndpoint());
    // Auth0's Management API when AUTH0_DOMAIN is set, else the session variables.
    Optional<Auth0Settings> auth0Settings = settings.auth0();
    Optional<Auth0TokenSource> auth0 =
        auth0Settings.isPresent()
            ? Optional.of(
                Auth0TokenSource.create(http, auth0Settings.get(), settings.callTimeout()))
            : Optional.empty();
    TokenSource tokens = auth0.isPresent() ? auth0.get() : new SessionTokenSource();
    RegistrationService registrations =
        new RegistrationService(graphQl, cipher, tokens, settings.registrationTimeout());
    ActionSecretVerifier secretVerifier = new ActionSecretVerifier(settings.actionSecret());
    AnswerRenderer renderer = new AnswerRenderer();
    ActionHandler handler =
        new ActionHandler(
            secretVerifier,
            auth0.isPresent()
                ? ActionRequestParser.TokenOrigin.AUTH0
                : ActionRequestParser.TokenOrigin.SESSION_VARIABLES,
            registrations,
            renderer);
    // The same Auth0 source as the invocations': the warm-up's management token is theirs.
    FirstCallWarmUp warmUp =
        new FirstCallWarmUp(cipher, renderer, http, settings.graphqlEndpoint(), auth0);
    return new Application(handler, warmUp, settings.summary(), Level.INFO);
  }

  /** The one client for Hasura (and, derived from it, for Auth0), with the settings' timeouts. */
  static OkHttpClient httpClient(Settings settings) {
    return httpClient(settings, Dns.SYSTEM);
  }

  /** As {@link #httpClient(Settings)}, with the names answered by {@code resolver} (tests). */
  static OkHttpClient httpClient(Settings settings, Dns resolver) {
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.readTimeout())
            .callTimeout(settings.callTimeout())
            // The call timeout cannot stop a lookup in the JDK's resolver; this bounds it.
            .dns(new BoundedDns(resolver, settings.connectTimeout()))
            .connectionPool(
                QuietConnectionPool.create(settings.maxIdleConnections(), Duration.ofMinutes(5)))
            // A redirect from /v1/graphql is a misconfiguration, not something to follow with the
            // user's JWT.
            .followRedirects(false)
            .followSslRedirects(false)
            // Retrying on a failed connection stays on: a stale pooled connection is common. OkHttp
            // may replay a sent request whose answer was lost; for the insert that writes nothing
            // twice (a committed first try makes the replay conflict, and the re-check finds this
            // login's tokens), though that first login then answers 0 instead of 3.
            .retryOnConnectionFailure(true);
    if (!settings.graphqlEndpoint().isHttps()) {
      // The client only ever calls the endpoint (no redirects), so for plain http it needs no TLS:
      // without a TLS connection spec OkHttp does not load the JDK's trust store and SSL context
      // when it is built (~200 ms and ~580 classes of the first invocation). Auth0 (https, but for
      // a loopback stand-in) gets a client of its own derived from this one
      // (Auth0Client.httpClient).
      builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
      // Reads that block in the kernel while okio enforces the read timeout
      // (BlockingReadSocketFactory).
      builder.socketFactory(
          new BlockingReadSocketFactory(Math.toIntExact(settings.readTimeout().toMillis())));
    }
    return builder.build();
  }

  /**
   * The action secret check for a misconfigured process: still enforced when ACTION_SECRET itself
   * can be read; when it is the broken setting, nobody can be authenticated and every caller hears
   * why.
   */
  private static ActionSecretVerifier verifierDespite(Map<String, String> settings) {
    try {
      return new ActionSecretVerifier(SettingValues.optional(settings, Settings.ACTION_SECRET));
    } catch (FailureException e) {
      return new ActionSecretVerifier(Optional.empty());
    }
  }

  /** Handles one call; never throws. */
  public ActionResponse handle(Map<String, String> headers, Optional<String> body) {
    return endpoint.handle(headers, body);
  }

  /**
   * Runs the first call's path once, without side effects on the database, so the first invocation
   * finds the classes loaded, the cipher ready, a pooled connection to Hasura and, when the tokens
   * come from Auth0, the management token and a pooled connection to Auth0 (see {@link
   * FirstCallWarmUp}). Never throws: a problem is logged by the next invocation ({@link
   * #reportWarmUpOnce}) and that invocation runs as it would have without the warm-up.
   */
  public void warmUp() {
    Optional<String> problem;
    try {
      problem = warmUp.run();
    } catch (RuntimeException | LinkageError e) {
      // Only the class: a message could quote the sample's values, or worse, a setting. A
      // LinkageError is what a library of the worker's that wins over ours would throw.
      problem = Optional.of("failed with " + e.getClass().getName());
    }
    if (problem.isPresent()) {
      warmUpProblem.set(problem.get());
    }
  }

  /** Logs, once, what went wrong in the warm-up, if it finished with a problem. */
  public void reportWarmUpOnce(Logger logger) {
    String problem = warmUpProblem.get();
    if (problem != null && warmUpReported.compareAndSet(false, true)) {
      logger.log(
          Level.WARNING,
          "checkAndRegisterUser warm-up: " + problem + " (not fatal: calls connect themselves)");
    }
  }

  /** Logs the configuration (never a secret) the first time this process serves a call. */
  public void announceOnce(Logger logger) {
    if (announced.compareAndSet(false, true)) {
      logger.log(startLevel, startLine);
    }
  }
}
