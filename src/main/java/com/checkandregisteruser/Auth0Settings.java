package com.checkandregisteruser;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Where the function gets the social tokens from Auth0's Management API: the tenant, the
 * machine-to-machine application's credentials and the identity provider whose tokens are stored.
 *
 * @param baseUrl the tenant's base URL, e.g. {@code https://tenant.eu.auth0.com/}
 * @param clientId the machine-to-machine application's client id
 * @param clientSecret its client secret (never printed)
 * @param identityProvider the {@code provider} of the identity whose tokens are stored
 */
public record Auth0Settings(
    HttpUrl baseUrl, String clientId, String clientSecret, String identityProvider) {

  public static final String AUTH0_DOMAIN = "AUTH0_DOMAIN";
  public static final String AUTH0_CLIENT_ID = "AUTH0_CLIENT_ID";
  public static final String AUTH0_CLIENT_SECRET = "AUTH0_CLIENT_SECRET";
  public static final String AUTH0_IDENTITY_PROVIDER = "AUTH0_IDENTITY_PROVIDER";

  /** The settings read only when the tokens come from Auth0. */
  public static final List<String> NAMES =
      List.of(AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, AUTH0_IDENTITY_PROVIDER);

  static final String DEFAULT_IDENTITY_PROVIDER = "twitter";
  // Auth0's provider names: twitter, google-oauth2, oauth2, windowslive...
  private static final Pattern PROVIDER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9.-]+");
  // An address in 127.0.0.0/8 written as four decimal numbers: a name that only starts like one
  // (127.example.com) resolves wherever its owner points it.
  private static final Pattern IPV4_LOOPBACK =
      Pattern.compile("127(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  /**
   * Reads the Auth0 settings; empty when {@code AUTH0_DOMAIN} is unset (the tokens then come from
   * the session variables).
   *
   * @throws FailureException {@code misconfigured}, naming the first wrong setting
   */
  static Optional<Auth0Settings> fromMap(Map<String, String> env) throws FailureException {
    Optional<String> domain = SettingValues.optional(env, AUTH0_DOMAIN);
    Optional<String> clientId = SettingValues.optional(env, AUTH0_CLIENT_ID);
    Optional<String> clientSecret = SettingValues.optional(env, AUTH0_CLIENT_SECRET);
    if (domain.isEmpty()) {
      if (clientId.isPresent() || clientSecret.isPresent()) {
        // Otherwise a forgotten domain would silently switch to the session variables' tokens.
        throw SettingValues.misconfigured(
            AUTH0_DOMAIN,
            "is not set while AUTH0_CLIENT_ID or AUTH0_CLIENT_SECRET is: set it to the Auth0"
                + " tenant's domain, or remove both to take the tokens from the session variables");
      }
      return Optional.empty();
    }
    HttpUrl baseUrl = baseUrl(domain.get().strip());
    if (clientId.isEmpty()) {
      throw SettingValues.misconfigured(
          AUTH0_CLIENT_ID,
          "is not set: with AUTH0_DOMAIN set, give the client id of the machine-to-machine"
              + " application that may read:users and read:user_idp_tokens");
    }
    if (clientSecret.isEmpty()) {
      throw SettingValues.misconfigured(
          AUTH0_CLIENT_SECRET,
          "is not set: with AUTH0_DOMAIN set, give the machine-to-machine application's client"
              + " secret (on Azure as a Key Vault reference)");
    }
    Optional<String> givenProvider = SettingValues.optional(env, AUTH0_IDENTITY_PROVIDER);
    String provider =
        givenProvider.isPresent() ? givenProvider.get().strip() : DEFAULT_IDENTITY_PROVIDER;
    if (!PROVIDER.matcher(provider).matches()) {
      throw SettingValues.misconfigured(
          AUTH0_IDENTITY_PROVIDER,
          "is not an Auth0 provider name such as twitter or google-oauth2");
    }
    return Optional.of(
        new Auth0Settings(baseUrl, clientId.get().strip(), clientSecret.get().strip(), provider));
  }

  private static HttpUrl baseUrl(String domain) throws FailureException {
    HttpUrl url = HttpUrl.parse(domain.contains("://") ? domain : "https://" + domain);
    if (url == null
        || url.query() != null
        || url.fragment() != null
        || !url.encodedPath().equals("/")
        || !url.username().isEmpty()
        || !url.password().isEmpty()
        || !isHostName(url.host())) {
      throw SettingValues.misconfigured(
          AUTH0_DOMAIN,
          "is not an Auth0 domain: give the tenant's host, e.g. tenant.eu.auth0.com, or its"
              + " https URL without a path");
    }
    if (!url.isHttps() && !isLoopback(url.host())) {
      // The client secret and the users' tokens cross this connection.
      throw SettingValues.misconfigured(
          AUTH0_DOMAIN, "must use https: plain http is allowed only for a loopback address");
    }
    return url;
  }

  /**
   * A DNS name or an IP address. OkHttp accepts more as a host (e.g. {@code ${auth0Domain}}, a
   * Maven property the deploy left unresolved), which would only fail later, as Auth0 being
   * unreachable.
   */
  private static boolean isHostName(String host) {
    return host.contains(":") || HOST_NAME.matcher(host).matches();
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.equals("::1") || IPV4_LOOPBACK.matcher(host).matches();
  }

  /** The Management API's audience, {@code https://{domain}/api/v2/}. */
  String audience() {
    return baseUrl.resolve("api/v2/").toString();
  }

  /** Describes the configuration for the log, without the client secret. */
  String summary() {
    return "auth0=" + baseUrl + " identityProvider=" + identityProvider;
  }

  @Override
  public String toString() {
    return "Auth0Settings[" + summary() + ", clientId=" + clientId + ", clientSecret=<redacted>]";
  }
}
