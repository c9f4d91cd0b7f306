package com.checkandregisteruser.tokens;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The token encryption keys from settings: one current key that encrypts, and older keys that still
 * decrypt after a rotation. Depends on the JDK only, so the operators' command line runs without
 * the function's libraries.
 *
 * @param currentKeyId the id written into every new value
 * @param keys every key by id, the current one included; 32 bytes each
 */
public record TokenKeys(String currentKeyId, Map<String, byte[]> keys) {
  public static final String TOKEN_ENCRYPTION_KEY = "TOKEN_ENCRYPTION_KEY";
  public static final String TOKEN_ENCRYPTION_KEY_ID = "TOKEN_ENCRYPTION_KEY_ID";
  public static final String TOKEN_DECRYPTION_KEYS = "TOKEN_DECRYPTION_KEYS";
  static final String DEFAULT_KEY_ID = "k1";

  public TokenKeys {
    keys = Collections.unmodifiableMap(copiesOf(keys));
  }

  /** Returns copies of the keys, so no caller can change the ones in use. */
  @Override
  public Map<String, byte[]> keys() {
    return copiesOf(keys);
  }

  private static Map<String, byte[]> copiesOf(Map<String, byte[]> keys) {
    Map<String, byte[]> copies = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> key : keys.entrySet()) {
      copies.put(key.getKey(), key.getValue().clone());
    }
    return copies;
  }

  /**
   * Reads {@code TOKEN_ENCRYPTION_KEY} (base64 of 32 bytes), {@code TOKEN_ENCRYPTION_KEY_ID}
   * (default {@code k1}) and {@code TOKEN_DECRYPTION_KEYS} ({@code id:base64,id:base64}, optional).
   *
   * @throws InvalidKeySettingException naming the setting, never its value
   */
  public static TokenKeys fromSettings(Map<String, String> settings) {
    String keyId = optional(settings, TOKEN_ENCRYPTION_KEY_ID).orElse(DEFAULT_KEY_ID);
    if (!TokenCipher.isValidKeyId(keyId)) {
      throw new InvalidKeySettingException(
          TOKEN_ENCRYPTION_KEY_ID, "must be 1 to 32 letters, digits, '_', '.' or '-'");
    }
    Optional<String> currentKey = optional(settings, TOKEN_ENCRYPTION_KEY);
    if (currentKey.isEmpty()) {
      throw new InvalidKeySettingException(
          TOKEN_ENCRYPTION_KEY,
          "is not set: tokens are never stored in plain text (make one with `openssl rand -base64 32`)");
    }
    Map<String, byte[]> keys = new LinkedHashMap<>();
    keys.put(keyId, decode(TOKEN_ENCRYPTION_KEY, currentKey.get()));
    Optional<String> oldKeys = optional(settings, TOKEN_DECRYPTION_KEYS);
    if (oldKeys.isPresent()) {
      addOldKeys(oldKeys.get(), keyId, keys);
    }
    return new TokenKeys(keyId, keys);
  }

  // Blank means absent, as for every setting. Key Vault references are the product's concern
  // (Settings
  // rejects an unresolved one before it gets here), so this package needs nothing beyond the JDK.
  private static Optional<String> optional(Map<String, String> settings, String name) {
    String value = settings.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /** Makes the cipher these keys describe. */
  public TokenCipher cipher(SecureRandom random) {
    return new TokenCipher(currentKeyId, keys, random);
  }

  private static void addOldKeys(String spec, String currentKeyId, Map<String, byte[]> keys) {
    for (String entry : spec.split(",")) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      int colon = trimmed.indexOf(':');
      String id = colon < 0 ? "" : trimmed.substring(0, colon).trim();
      if (!TokenCipher.isValidKeyId(id)) {
        throw new InvalidKeySettingException(
            TOKEN_DECRYPTION_KEYS,
            "must be a comma-separated list of keyId:base64Key with key ids of letters, digits, '_', '.' or '-'");
      }
      if (id.equals(currentKeyId)) {
        throw new InvalidKeySettingException(
            TOKEN_DECRYPTION_KEYS,
            "names key id '"
                + id
                + "', the current one ("
                + TOKEN_ENCRYPTION_KEY_ID
                + "): list only the old keys");
      }
      if (keys.containsKey(id)) {
        throw new InvalidKeySettingException(
            TOKEN_DECRYPTION_KEYS, "names key id '" + id + "' twice");
      }
      keys.put(id, decode(TOKEN_DECRYPTION_KEYS, trimmed.substring(colon + 1)));
    }
  }

  private static byte[] decode(String setting, String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
    } catch (IllegalArgumentException e) {
      key = null;
    }
    if (key == null || key.length != TokenCipher.KEY_BYTES) {
      throw new InvalidKeySettingException(
          setting,
          "must hold base64 of exactly 32 random bytes (make one with `openssl rand -base64 32`)");
    }
    return key;
  }

  @Override
  public String toString() {
    return "TokenKeys[currentKeyId=" + currentKeyId + ", keyIds=" + keys.keySet() + "]";
  }
}
