package com.checkandregisteruser;

import com.checkandregisteruser.tokens.TokenCipher;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Settings maps for tests: a fixed test key (never a real one) and an upstream URL. */
public final class TestSettings {
  public static final byte[] KEY = bytes(1);
  public static final byte[] OLD_KEY = bytes(2);
  public static final String KEY_BASE64 = Base64.getEncoder().encodeToString(KEY);
  public static final String OLD_KEY_BASE64 = Base64.getEncoder().encodeToString(OLD_KEY);

  private TestSettings() {}

  public static Map<String, String> forUpstream(String graphqlBaseApi) {
    Map<String, String> settings = new HashMap<>();
    settings.put(Settings.GRAPHQL_BASE_API, graphqlBaseApi);
    settings.put(Settings.TOKEN_ENCRYPTION_KEY, KEY_BASE64);
    settings.put(Settings.TOKEN_ENCRYPTION_KEY_ID, "k2");
    settings.put(Settings.TOKEN_DECRYPTION_KEYS, "k1:" + OLD_KEY_BASE64);
    return settings;
  }

  /**
   * Points {@code settings} at a Management API (tokens from Auth0) with these client credentials.
   */
  public static void useAuth0(
      Map<String, String> settings, String domain, String clientId, String clientSecret) {
    settings.put(Auth0Settings.AUTH0_DOMAIN, domain);
    settings.put(Auth0Settings.AUTH0_CLIENT_ID, clientId);
    settings.put(Auth0Settings.AUTH0_CLIENT_SECRET, clientSecret);
  }

  public static TokenCipher cipher() {
    return new TokenCipher(
        "k2", Map.of("k2", KEY, "k1", OLD_KEY), new java.security.SecureRandom());
  }

  private static byte[] bytes(int seed) {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (seed * 31 + i * 7);
    }
    return key;
  }
}
