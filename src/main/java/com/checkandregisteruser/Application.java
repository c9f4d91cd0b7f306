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
 * connection pool is what makes the second call cheap), one {@link Gson}, and the handler built on
 * them.
 *
 * <p>Invalid settings do not stop the process: every invocation then answers 500 {@code
 * misconfigured} naming the setting, which is easier to find than a worker that fails to load the
 * function.
 */
public final class Application {
  private final ActionHandler handler;
  private final MisconfiguredException misconfiguration;
  private final ActionSecretVerifier secretVerifier;
  private final String summary;
  private final Gson gson;
  private final AtomicBoolean announced = new AtomicBoolean();

  private Application(
      ActionHandler handler,
      MisconfiguredException misconfiguration,
      ActionSecretVerifier secretVerifier,
      String summary,
      Gson gson) {
    this.handler = handler;
    this.misconfiguration = misconfiguration;
    this.secretVerifier = secretVerifier;
    this.summary = summary;
    this.gson = gson;
  }

  /** Builds the application from a map of settings (on Azure: the environment). */
  public static Application fromSettings(Map<String, String> settings) {
    Gson gson = new GsonBuilder().disableHtmlEscaping().create();
    try {
      return fromSettings(Settings.fromMap(settings), gson);
    } catch (MisconfiguredException e) {
      return new Application(
          null, e, verifierDespite(settings), "misconfigured: " + e.getMessage(), gson);
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
            // replaying
            // the insert is harmless (its constraint-violation leads to the re-check and an answer
            // of 0).
            .retryOnConnectionFailure(true);
    if (!settings.graphqlEndpoint().isHttps()) {
      // The client only ever calls the endpoint (no redirects), so for plain http it needs no TLS:
      // without a
      // TLS connection spec OkHttp does not load the JDK's trust store and SSL context when it is
      // built
      // (~200 ms and ~580 classes of the first invocation).
      builder.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
    }
    OkHttpClient http = builder.build();
    TokenCipher cipher = settings.tokenKeys().cipher(new SecureRandom());
    GraphQlClient graphQl = new GraphQlClient(http, settings.graphqlEndpoint(), gson);
    RegistrationService registrations = new RegistrationService(graphQl, cipher, gson);
    ActionSecretVerifier secretVerifier = new ActionSecretVerifier(settings.actionSecret());
    ActionHandler handler = new ActionHandler(secretVerifier, registrations, gson);
    return new Application(handler, null, secretVerifier, settings.summary(), gson);
  }

  /**
   * The action secret check for a misconfigured process: still enforced when ACTION_SECRET itself
   * can be read; when it is the broken setting, nobody can be authenticated and every caller hears
   * why.
   */
  private static ActionSecretVerifier verifierDespite(Map<String, String> settings) {
    try {
      return new ActionSecretVerifier(SettingValues.optional(settings, Settings.ACTION_SECRET));
    } catch (MisconfiguredException e) {
      return new ActionSecretVerifier(Optional.empty());
    }
  }

  /** Handles one call; never throws. */
  public ActionResponse handle(Map<String, String> headers, Optional<String> body) {
    return handler != null
        ? handler.handle(headers, body)
        : ActionHandler.misconfigured(misconfiguration, secretVerifier, headers, gson);
  }

  /** Logs the configuration (never a secret) the first time this process serves a call. */
  public void announceOnce(Logger logger) {
    if (announced.compareAndSet(false, true)) {
      logger.log(
          handler == null ? Level.SEVERE : Level.INFO, "checkAndRegisterUser started: " + summary);
    }
  }
}
