package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Auth0SettingsTest {
  private static final String SECRET = "CLIENTSECRET-e81c-settings";
  private final Map<String, String> env = TestSettings.forUpstream("http://hasura:8080");

  private void auth0(String domain) {
    env.put(Auth0Settings.AUTH0_DOMAIN, domain);
    env.put(Auth0Settings.AUTH0_CLIENT_ID, "client-id-1");
    env.put(Auth0Settings.AUTH0_CLIENT_SECRET, SECRET);
  }

  private Failure failure() {
    Failure failure = assertThrows(FailureException.class, () -> Settings.fromMap(env)).failure();
    assertEquals(Failure.Kind.MISCONFIGURED, failure.kind());
    assertFalse(failure.message().contains(SECRET), failure.message());
    assertFalse(failure.detail().contains(SECRET), failure.detail());
    return failure;
  }

  @Test
  void noAuth0Domain_meansTokensFromTheSessionVariables() throws FailureException {
    Settings settings = Settings.fromMap(env);

    assertEquals(Optional.empty(), settings.auth0());
    assertTrue(settings.summary().endsWith(" tokens=session-variables"), settings.summary());
  }

  @ParameterizedTest
  @CsvSource({
    "tenant.eu.auth0.com, https://tenant.eu.auth0.com/",
    "https://tenant.eu.auth0.com, https://tenant.eu.auth0.com/",
    "https://tenant.eu.auth0.com/, https://tenant.eu.auth0.com/",
    "' tenant.eu.auth0.com ', https://tenant.eu.auth0.com/",
    "http://127.0.0.1:8089, http://127.0.0.1:8089/",
    "http://127.255.0.9:8089, http://127.255.0.9:8089/",
    "http://localhost:8089/, http://localhost:8089/",
    "http://[::1]:8089, http://[::1]:8089/"
  })
  void auth0Domain_isAHostOrAUrl_plainHttpOnlyOnLoopback(String domain, String baseUrl)
      throws FailureException {
    auth0(domain);

    Auth0Settings settings = Settings.fromMap(env).auth0().orElseThrow();

    assertEquals(baseUrl, settings.baseUrl().toString());
    assertEquals(baseUrl + "api/v2/", settings.audience());
  }

  @Test
  void identityProvider_defaultsToTwitter_andCanBeSet() throws FailureException {
    auth0("tenant.eu.auth0.com");
    assertEquals("twitter", Settings.fromMap(env).auth0().orElseThrow().identityProvider());

    env.put(Auth0Settings.AUTH0_IDENTITY_PROVIDER, "google-oauth2");
    assertEquals("google-oauth2", Settings.fromMap(env).auth0().orElseThrow().identityProvider());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://tenant.eu.auth0.com",
        "http://10.0.0.5:8089",
        "https://tenant.eu.auth0.com/api",
        "https://tenant.eu.auth0.com/?x=1",
        "https://user:pw@tenant.eu.auth0.com",
        "https://:" + SECRET + "@tenant.eu.auth0.com",
        "https://user@tenant.eu.auth0.com",
        "https://tenant.eu.auth0.com/#x",
        "ftp://tenant.eu.auth0.com",
        "not a domain at all",
        "${auth0Domain}",
        "https://${auth0Domain}"
      })
  void badAuth0Domain_isMisconfiguredNamingIt(String domain) {
    auth0(domain);

    Failure failure = failure();

    assertTrue(
        failure.message().startsWith("the function is misconfigured: AUTH0_DOMAIN "),
        failure.message());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://tenant.eu.auth0.com",
        "http://10.0.0.5:8089",
        "http://127.example.com",
        "http://127.0.0.1.example.com:8089",
        "http://127.0.0.256:8089",
        "http://localhost.example.com:8089"
      })
  void plainHttpToAHostThatIsNotALoopbackAddress_isMisconfigured_becauseTheSecretCrossesIt(
      String domain) {
    // given a plain-http domain whose host is a name, or an address outside 127.0.0.0/8
    auth0(domain);

    // when the settings are read
    Failure failure = failure();

    // then they are refused before the client secret can go out in clear
    assertEquals(
        "the function is misconfigured: AUTH0_DOMAIN must use https: plain http is allowed only"
            + " for a loopback address",
        failure.message());
  }

  @Test
  void auth0DomainWithoutClientId_isMisconfiguredNamingTheClientId() {
    auth0("tenant.eu.auth0.com");
    env.remove(Auth0Settings.AUTH0_CLIENT_ID);

    assertTrue(
        failure()
            .message()
            .startsWith("the function is misconfigured: AUTH0_CLIENT_ID is not set"));
  }

  @Test
  void auth0DomainWithoutClientSecret_isMisconfiguredNamingTheSecret() {
    auth0("tenant.eu.auth0.com");
    env.put(Auth0Settings.AUTH0_CLIENT_SECRET, " ");

    assertTrue(
        failure()
            .message()
            .startsWith("the function is misconfigured: AUTH0_CLIENT_SECRET is not set"));
  }

  @Test
  void unresolvedKeyVaultReferenceAsClientSecret_isMisconfigured() {
    auth0("tenant.eu.auth0.com");
    env.put(
        Auth0Settings.AUTH0_CLIENT_SECRET,
        "@Microsoft.KeyVault(VaultName=kv;SecretName=auth0-client-secret)");

    assertTrue(
        failure()
            .message()
            .startsWith(
                "the function is misconfigured: AUTH0_CLIENT_SECRET is a Key Vault reference"));
  }

  @ParameterizedTest
  @CsvSource({"client-id-1, " + SECRET, "client-id-1, ", ", " + SECRET}) // empty: not set
  void clientCredentialsWithoutADomain_isMisconfiguredRatherThanSilentlySessionVariables(
      String clientId, String clientSecret) {
    env.put(Auth0Settings.AUTH0_CLIENT_ID, clientId);
    env.put(Auth0Settings.AUTH0_CLIENT_SECRET, clientSecret);

    assertTrue(
        failure().message().startsWith("the function is misconfigured: AUTH0_DOMAIN is not set"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"twitter!", "two words", "-twitter"})
  void badIdentityProvider_isMisconfiguredNamingIt(String provider) {
    auth0("tenant.eu.auth0.com");
    env.put(Auth0Settings.AUTH0_IDENTITY_PROVIDER, provider);

    assertTrue(
        failure().message().startsWith("the function is misconfigured: AUTH0_IDENTITY_PROVIDER "));
  }

  @Test
  void summaryAndToString_nameTheTenantButNeverTheClientSecret() throws FailureException {
    auth0("tenant.eu.auth0.com");

    Settings settings = Settings.fromMap(env);

    assertTrue(
        settings.summary().endsWith(" auth0=https://tenant.eu.auth0.com/ identityProvider=twitter"),
        settings.summary());
    assertFalse(settings.toString().contains(SECRET));
    assertFalse(settings.auth0().orElseThrow().toString().contains(SECRET));
  }
}
