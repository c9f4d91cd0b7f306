package com.checkandregisteruser;

import com.checkandregisteruser.tokens.InvalidKeySettingException;
import com.checkandregisteruser.tokens.TokenKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * The function's configuration, read from a map of settings (the environment on Azure, where app
 * settings become environment variables). Invalid settings fail fast with a {@code misconfigured}
 * {@link Failure} that names the setting, never its value.
 */
public record Settings(
    HttpUrl graphqlEndpoint,
    Duration connectTimeout,
    Duration readTimeout,
    Duration callTimeout,
    Duration registrationTimeout,
    int maxIdleConnections,
    Optional<String> actionSecret,
    TokenKeys tokenKeys,
    Optional<Auth0Settings> auth0) {

  public static final String GRAPHQL_BASE_API = "GRAPHQL_BASE_API";
  public static final String GRAPHQL_CONNECT_TIMEOUT_MS = "GRAPHQL_CONNECT_TIMEOUT_MS";
  public static final String GRAPHQL_READ_TIMEOUT_MS = "GRAPHQL_READ_TIMEOUT_MS";
  public static final String GRAPHQL_CALL_TIMEOUT_MS = "GRAPHQL_CALL_TIMEOUT_MS";
  public static final String GRAPHQL_MAX_IDLE_CONNECTIONS = "GRAPHQL_MAX_IDLE_CONNECTIONS";
  public static final String REGISTRATION_TIMEOUT_MS = "REGISTRATION_TIMEOUT_MS";
  public static final String ACTION_SECRET = "ACTION_SECRET";
  public static final String TOKEN_ENCRYPTION_KEY = TokenKeys.TOKEN_ENCRYPTION_KEY;
  public static final String TOKEN_ENCRYPTION_KEY_ID = TokenKeys.TOKEN_ENCRYPTION_KEY_ID;
  public static final String TOKEN_DECRYPTION_KEYS = TokenKeys.TOKEN_DECRYPTION_KEYS;

  /**
   * Every setting this function reads in every deployment; local.settings.json and the deployment
   * must list them all. {@link Auth0Settings#NAMES} are read too, and matter only with Auth0.
   */
  public static final List<String> NAMES =
      List.of(
          GRAPHQL_BASE_API,
          GRAPHQL_CONNECT_TIMEOUT_MS,
          GRAPHQL_READ_TIMEOUT_MS,
          GRAPHQL_CALL_TIMEOUT_MS,
          GRAPHQL_MAX_IDLE_CONNECTIONS,
          REGISTRATION_TIMEOUT_MS,
          ACTION_SECRET,
          TOKEN_ENCRYPTION_KEY,
          TOKEN_ENCRYPTION_KEY_ID,
          TOKEN_DECRYPTION_KEYS);

  static final int DEFAULT_CONNECT_TIMEOUT_MS = 2_000;
  static final int DEFAULT_READ_TIMEOUT_MS = 5_000;
  static final int DEFAULT_CALL_TIMEOUT_MS = 6_000;
  // One login makes up to five GraphQL calls and its Auth0 calls, which together could outlast
  // Hasura's action timeout (20 s in hasura/); the login's budget answers before Hasura gives up.
  static final int DEFAULT_REGISTRATION_TIMEOUT_MS = 18_000;
  static final int DEFAULT_MAX_IDLE_CONNECTIONS = 32;

  /**
   * Reads and validates every setting from {@code env}.
   *
   * @throws FailureException {@code misconfigured}, naming the first wrong setting
   */
  public static Settings fromMap(Map<String, String> env) throws FailureException {
    HttpUrl endpoint = graphqlEndpoint(env);
    Duration connect = millis(env, GRAPHQL_CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT_MS);
    Duration read = millis(env, GRAPHQL_READ_TIMEOUT_MS, DEFAULT_READ_TIMEOUT_MS);
    Duration call = millis(env, GRAPHQL_CALL_TIMEOUT_MS, DEFAULT_CALL_TIMEOUT_MS);
    Duration registration =
        Duration.ofMillis(
            integer(env, REGISTRATION_TIMEOUT_MS, DEFAULT_REGISTRATION_TIMEOUT_MS, 1_000, 600_000));
    int idle = integer(env, GRAPHQL_MAX_IDLE_CONNECTIONS, DEFAULT_MAX_IDLE_CONNECTIONS, 0, 1_000);
    Optional<String> secret = SettingValues.optional(env, ACTION_SECRET);
    return new Settings(
        endpoint,
        connect,
        read,
        call,
        registration,
        idle,
        secret,
        tokenKeys(env),
        Auth0Settings.fromMap(env));
  }

  private static TokenKeys tokenKeys(Map<String, String> env) throws FailureException {
    // An unresolved Key Vault reference is reported as such, not as a malformed key.
    for (String name :
        List.of(TOKEN_ENCRYPTION_KEY, TOKEN_ENCRYPTION_KEY_ID, TOKEN_DECRYPTION_KEYS)) {
      SettingValues.optional(env, name);
    }
    try {
      return TokenKeys.fromSettings(env);
    } catch (InvalidKeySettingException e) {
      // The token package stays JDK-only with its own exception; here it becomes our failure.
      throw SettingValues.misconfigured(e.setting(), e.problem());
    }
  }

  private static HttpUrl graphqlEndpoint(Map<String, String> env) throws FailureException {
    Optional<String> base = SettingValues.optional(env, GRAPHQL_BASE_API);
    if (base.isEmpty()) {
      throw SettingValues.misconfigured(
          GRAPHQL_BASE_API, "is not set: give Hasura's base URL, e.g. http://localhost:8080");
    }
    HttpUrl url = HttpUrl.parse(base.get());
    if (url == null || url.query() != null || url.fragment() != null) {
      throw SettingValues.misconfigured(
          GRAPHQL_BASE_API, "is not an http(s) base URL without query or fragment");
    }
    // A trailing slash is tolerated: "http://h/" and "http://h" both lead to http://h/v1/graphql.
    HttpUrl.Builder builder = url.newBuilder();
    List<String> segments = url.pathSegments();
    if (!segments.isEmpty() && segments.get(segments.size() - 1).isEmpty()) {
      builder.removePathSegment(segments.size() - 1);
    }
    return builder.addPathSegment("v1").addPathSegment("graphql").build();
  }

  private static Duration millis(Map<String, String> env, String name, int fallback)
      throws FailureException {
    return Duration.ofMillis(integer(env, name, fallback, 1, 120_000));
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max)
      throws FailureException {
    Optional<String> value = SettingValues.optional(env, name);
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value.get().trim());
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, with the setting's name and range
    }
    throw SettingValues.misconfigured(name, "must be a whole number from " + min + " to " + max);
  }

  /** Describes the configuration for the log, without secrets. */
  public String summary() {
    String host = graphqlEndpoint.host();
    return "endpoint="
        + graphqlEndpoint.scheme()
        + "://"
        // HttpUrl gives an IPv6 host without the brackets a URL needs around it.
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
        + ":"
        + graphqlEndpoint.port()
        + graphqlEndpoint.encodedPath()
        + " connectTimeoutMs="
        + connectTimeout.toMillis()
        + " readTimeoutMs="
        + readTimeout.toMillis()
        + " callTimeoutMs="
        + callTimeout.toMillis()
        + " registrationTimeoutMs="
        + registrationTimeout.toMillis()
        + " maxIdleConnections="
        + maxIdleConnections
        + " actionSecret="
        + (actionSecret.isPresent() ? "required" : "not-configured")
        + " tokenKeyId="
        + tokenKeys.currentKeyId()
        + " decryptionKeyIds="
        + tokenKeys.keys().keySet()
        + " "
        + (auth0.isPresent() ? auth0.get().summary() : "tokens=session-variables");
  }

  @Override
  public String toString() {
    return "Settings[" + summary() + "]";
  }
}
