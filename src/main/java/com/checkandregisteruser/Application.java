package com.checkandregisteruser;

import com.checkandregisteruser.tokens.TokenCipher;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.ConnectionPool;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The objects one process shares across all invocations: settings, one {@link OkHttpClient} (its
 * connection pool is what makes the second call cheap), one {@link Gson}, and the {@link Endpoint}
 * built on them.
 *
 * <p>Invalid settings do not stop the process: it is then served by a {@link
 * MisconfiguredEndpoint}, which answers 500 {@code misconfigured} naming the setting.
 */
public final class Application {
  private final Endpoint endpoint;
  private final String startLine;
  private final Level startLevel;
  private final AtomicBoolean announced = new AtomicBoolean();

  private Application(Endpoint endpoint, String summary, Level startLevel) {
    this.endpoint = endpoint;
    this.startLine = "checkAndRegisterUser started: " + summary;
    this.startLevel = startLevel;
  }

  /** Builds the application from a map of settings (on Azure: the environment). */
  public static Application fromSettings(Map<String, String> settings) {
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    try {
      return fromSettings(Settings.fromMap(settings), gson);
    } catch (FailureException e) {
      Failure misconfiguration = e.failure();
      return new Application(
          new MisconfiguredEndpoint(
              misconfiguration, verifierDespite(settings), new AnswerRenderer(gson)),
          "misconfigured: " + misconfiguration.detail(),
          Level.SEVERE);
    }
  }

  /** Builds the application from validated settings. */
  public static Application fromSettings(Settings settings, Gson gson) {
    OkHttpClient.Builder builder =
        new OkHttpClient.Builder()
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.readTimeout())
            .callTimeout(settings.callTimeout())
            .connectionPool(new ConnectionPool(settings.maxIdleConnections(), 5, TimeUnit.MINUTES))
            // A redirect from /v1/graphql is a misconfiguration, not something to follow with the
            // user's JWT.
            .followRedirects(false)
            .followSslRedirects(false)
            // Retrying on a failed connection stays on: a stale pooled connection is common, and
            // replaying the insert is harmless (its constraint-violation leads to the re-check and
            // an answer of 0).
            .retryOnConnectionFailure(true);
    if (!settings.graphqlEndpoint().isHttps()) {
      // The client only ever calls the endpoint (no redirects), so for plain http it needs no TLS:
      // without a TLS connection spec OkHttp does not load the JDK's trust store and SSL context
      // when it is built (~200 ms and ~580 classes of the first invocation). Auth0 (https, but for
      // a loopback stand-in) gets a client of its own derived from this one
      // (Auth0Client.httpClient).
      builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    OkHttpClient http = builder.build();
    TokenCipher cipher = settings.tokenKeys().cipher(new SecureRandom());
    GraphQlClient graphQl = new GraphQlClient(http, settings.graphqlEndpoint(), gson);
    RegistrationService registrations =
        new RegistrationService(graphQl, cipher, tokenSource(settings, http, gson), gson);
    ActionSecretVerifier secretVerifier = new ActionSecretVerifier(settings.actionSecret());
    ActionHandler handler =
        new ActionHandler(
            secretVerifier,
            settings.auth0().isPresent()
                ? ActionRequestParser.TokenOrigin.AUTH0
                : ActionRequestParser.TokenOrigin.SESSION_VARIABLES,
            registrations,
            new AnswerRenderer(gson));
    return new Application(handler, settings.summary(), Level.INFO);
  }

  /** Auth0's Management API when AUTH0_DOMAIN is set, else the session variables. */
  private static TokenSource tokenSource(Settings settings, OkHttpClient http, Gson gson) {
    return settings
        .auth0()
        .<TokenSource>map(
            auth0 -> Auth0TokenSource.create(http, auth0, gson, settings.callTimeout()))
        .orElseGet(SessionTokenSource::new);
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

  /** Logs the configuration (never a secret) the first time this process serves a call. */
  public void announceOnce(Logger logger) {
    if (announced.compareAndSet(false, true)) {
      logger.log(startLevel, startLine);
    }
  }
}
