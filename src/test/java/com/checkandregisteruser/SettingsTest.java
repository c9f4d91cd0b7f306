package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.tokens.TokenKeys;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsTest {
  private final Map<String, String> env = TestSettings.forUpstream("http://hasura:8080");

  @ParameterizedTest
  @CsvSource({
    "http://hasura:8080, http://hasura:8080/v1/graphql",
    "http://hasura:8080/, http://hasura:8080/v1/graphql",
    "https://example.com/hasura, https://example.com/hasura/v1/graphql",
    "https://example.com/hasura/, https://example.com/hasura/v1/graphql"
  })
  void graphqlEndpoint_toleratesATrailingSlash(String base, String endpoint)
      throws FailureException {
    env.put(Settings.GRAPHQL_BASE_API, base);

    assertEquals(endpoint, Settings.fromMap(env).graphqlEndpoint().toString());
  }

  @Test
  void defaults_areTheDocumentedOnes() throws FailureException {
    Settings settings = Settings.fromMap(env);

    assertEquals(Duration.ofSeconds(2), settings.connectTimeout());
    assertEquals(Duration.ofSeconds(5), settings.readTimeout());
    assertEquals(Duration.ofSeconds(6), settings.callTimeout());
    assertEquals(Duration.ofSeconds(18), settings.registrationTimeout());
    assertEquals(Optional.empty(), settings.actionSecret());
  }

  @Test
  void keysAndKeyIds_areRead() throws FailureException {
    Settings settings = Settings.fromMap(env);

    assertEquals("k2", settings.tokenKeys().currentKeyId());
    assertArrayEquals(TestSettings.KEY, settings.tokenKeys().keys().get("k2"));
    assertArrayEquals(TestSettings.OLD_KEY, settings.tokenKeys().keys().get("k1"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "GRAPHQL_BASE_API|",
        "GRAPHQL_BASE_API|not a url",
        "GRAPHQL_BASE_API|ftp://hasura",
        "GRAPHQL_BASE_API|http://hasura/?x=1",
        "GRAPHQL_BASE_API|http://hasura/#x",
        "GRAPHQL_READ_TIMEOUT_MS|0",
        "GRAPHQL_CALL_TIMEOUT_MS|soon",
        "GRAPHQL_MAX_IDLE_CONNECTIONS|-1",
        "REGISTRATION_TIMEOUT_MS|999",
        "REGISTRATION_TIMEOUT_MS|600001",
        "REGISTRATION_TIMEOUT_MS|18s",
        "TOKEN_ENCRYPTION_KEY|",
        "TOKEN_ENCRYPTION_KEY|c2hvcnQta2V5",
        "TOKEN_ENCRYPTION_KEY|not base64 at all!!",
        "TOKEN_ENCRYPTION_KEY_ID|bad:id",
        "TOKEN_DECRYPTION_KEYS|no-colon-here",
        "TOKEN_DECRYPTION_KEYS|k9:c2hvcnQta2V5",
        "TOKEN_DECRYPTION_KEYS|k2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "TOKEN_DECRYPTION_KEYS|bad id:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "ACTION_SECRET|@Microsoft.KeyVault(VaultName=kv;SecretName=action-secret)",
        "TOKEN_ENCRYPTION_KEY|@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/k)"
      })
  void invalidSetting_isNamedWithoutItsValue(String name, String value) {
    env.put(name, value == null ? "" : value);

    Failure failure = assertThrows(FailureException.class, () -> Settings.fromMap(env)).failure();

    assertEquals(Failure.Kind.MISCONFIGURED, failure.kind());
    String problem = failure.detail();
    assertEquals(name, problem.substring(0, problem.indexOf(' ')), problem);
    assertEquals("the function is misconfigured: " + problem, failure.message());
    if (value != null && value.length() > 3 && !value.startsWith("@Microsoft.KeyVault(")) {
      assertFalse(failure.message().contains(value), failure.message());
    }
  }

  @Test
  void withoutDecryptionKeys_onlyTheCurrentKeyIsKnown() throws FailureException {
    env.remove(Settings.TOKEN_DECRYPTION_KEYS);

    assertEquals(Set.of("k2"), Settings.fromMap(env).tokenKeys().keys().keySet());
  }

  @Test
  void blankKeyId_meansTheDefaultK1() throws FailureException {
    // The old keys name k1 too, which the default current key id would clash with.
    env.remove(Settings.TOKEN_DECRYPTION_KEYS);
    env.put(Settings.TOKEN_ENCRYPTION_KEY_ID, "  ");

    assertEquals("k1", Settings.fromMap(env).tokenKeys().currentKeyId());
  }

  @Test
  void decryptionKeysWithATrailingComma_areRead() throws FailureException {
    env.put(Settings.TOKEN_DECRYPTION_KEYS, "k1:" + TestSettings.OLD_KEY_BASE64 + ", ");

    assertEquals(Set.of("k2", "k1"), Settings.fromMap(env).tokenKeys().keys().keySet());
  }

  @Test
  void decryptionKeysNamingTheCurrentKeyId_sayItIsTheCurrentOne() {
    env.put(Settings.TOKEN_ENCRYPTION_KEY_ID, "k2");
    env.put(Settings.TOKEN_DECRYPTION_KEYS, "k2:" + TestSettings.OLD_KEY_BASE64);

    Failure failure = assertThrows(FailureException.class, () -> Settings.fromMap(env)).failure();

    assertEquals(
        "TOKEN_DECRYPTION_KEYS names key id 'k2', the current one (TOKEN_ENCRYPTION_KEY_ID):"
            + " list only the old keys",
        failure.detail());
  }

  @Test
  void decryptionKeysNamingAnOldKeyIdTwice_sayTwice() {
    env.put(
        Settings.TOKEN_DECRYPTION_KEYS,
        "k1:" + TestSettings.OLD_KEY_BASE64 + ",k1:" + TestSettings.OLD_KEY_BASE64);

    Failure failure = assertThrows(FailureException.class, () -> Settings.fromMap(env)).failure();

    assertEquals("TOKEN_DECRYPTION_KEYS names key id 'k1' twice", failure.detail());
  }

  @Test
  void registrationTimeout_isReadInItsRange() throws FailureException {
    env.put(Settings.REGISTRATION_TIMEOUT_MS, "1000");
    assertEquals(Duration.ofSeconds(1), Settings.fromMap(env).registrationTimeout());

    env.put(Settings.REGISTRATION_TIMEOUT_MS, "600000");
    assertEquals(Duration.ofMinutes(10), Settings.fromMap(env).registrationTimeout());
  }

  @Test
  void tokenKeys_cannotBeChangedThroughTheirAccessor() throws FailureException {
    TokenKeys keys = Settings.fromMap(env).tokenKeys();

    keys.keys().get("k2")[0] ^= 1;

    assertArrayEquals(TestSettings.KEY, keys.keys().get("k2"));
  }

  @Test
  void unresolvedKeyVaultReference_saysWhatToFix() {
    env.put(
        Settings.TOKEN_ENCRYPTION_KEY,
        "@Microsoft.KeyVault(VaultName=kv;SecretName=token-encryption-key)");

    FailureException e = assertThrows(FailureException.class, () -> Settings.fromMap(env));

    assertTrue(e.failure().detail().contains("Key Vault Secrets User"), e.failure().detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"toString", "summary"})
  void description_neverContainsSecrets(String method) throws FailureException {
    env.put(Settings.ACTION_SECRET, "action-secret-value");
    Settings settings = Settings.fromMap(env);

    String text = method.equals("toString") ? settings.toString() : settings.summary();

    assertFalse(text.contains("action-secret-value"), text);
    assertFalse(
        text.contains(TestSettings.KEY_BASE64) || text.contains(TestSettings.OLD_KEY_BASE64), text);
    assertTrue(text.contains("actionSecret=required") && text.contains("tokenKeyId=k2"), text);
  }

  @Test
  void summary_printsAnIpv6HostInBrackets() throws FailureException {
    env.put(Settings.GRAPHQL_BASE_API, "http://[::1]:8080");

    String summary = Settings.fromMap(env).summary();

    assertTrue(summary.startsWith("endpoint=http://[::1]:8080/v1/graphql "), summary);
  }

  @Test
  void summary_printsANamedHostAsItIs() throws FailureException {
    String summary = Settings.fromMap(env).summary();

    assertTrue(summary.startsWith("endpoint=http://hasura:8080/v1/graphql "), summary);
  }
}
