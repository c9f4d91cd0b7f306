package com.checkandregisteruser.tokens;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts the user's OAuth token and token secret before they leave the function, and decrypts
 * them for whoever later needs them.
 *
 * <p>Stored format: {@code v1:<keyId>:<base64url(nonce | ciphertext | tag)>} with AES-256-GCM, a
 * fresh random 96-bit nonce per value and a 128-bit tag. The associated data binds each value to
 * its format version, key id, column and username, so a value copied to another user's row or to
 * the other column does not decrypt. Associated data is the UTF-8 bytes of {@code "v1" NUL keyId
 * NUL column NUL username}; the username comes last, so the NUL separators stay unambiguous
 * whatever it contains.
 *
 * <p>Thread-safe: a GCM {@link Cipher} cannot be shared across threads, so each thread has one,
 * initialised again for every value, to encrypt with a fresh nonce or to decrypt ({@code
 * Cipher.getInstance} costs ~4 µs, most of it looking up the provider and instantiating its
 * implementation by reflection, and a new instance expands the AES key again; re-initialising costs
 * nothing extra). An existing user's login decrypts two stored values, so with the rest of the call
 * at ~75 µs of CPU an instance per value was a tenth of it.
 */
public final class TokenCipher {
  /** The database column a value is stored in; part of the associated data. */
  public enum Column {
    ACCESS_TOKEN("access_token"),
    ACCESS_TOKEN_SECRET("access_token_secret");

    private final String columnName;

    Column(String columnName) {
      this.columnName = columnName;
    }

    public String columnName() {
      return columnName;
    }

    /** Returns the column with this database name. */
    public static Column ofColumnName(String name) {
      for (Column column : values()) {
        if (column.columnName.equals(name)) {
          return column;
        }
      }
      throw new IllegalArgumentException(
          "unknown column '" + name + "': expected access_token or access_token_secret");
    }
  }

  public static final int KEY_BYTES = 32;
  private static final String VERSION = "v1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int TAG_BYTES = TAG_BITS / 8;
  private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
  private static final ThreadLocal<Cipher> CIPHERS =
      new ThreadLocal<>() {
        @Override
        protected Cipher initialValue() {
          return newGcmCipher();
        }
      };

  private final String currentKeyId;
  private final Map<String, SecretKey> keys;
  private final SecureRandom random;

  /**
   * Creates a cipher that encrypts with {@code keys.get(currentKeyId)} and decrypts with any of
   * {@code keys}.
   *
   * @throws IllegalArgumentException if a key id is malformed, a key is not 32 bytes, or the
   *     current key is absent; the message never contains key material
   */
  public TokenCipher(String currentKeyId, Map<String, byte[]> keys, SecureRandom random) {
    requireKeyId(currentKeyId);
    if (!keys.containsKey(currentKeyId)) {
      throw new IllegalArgumentException("the current key id '" + currentKeyId + "' has no key");
    }
    Map<String, SecretKey> secretKeys = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> entry : keys.entrySet()) {
      String id = entry.getKey();
      byte[] key = entry.getValue();
      requireKeyId(id);
      if (key == null || key.length != KEY_BYTES) {
        throw new IllegalArgumentException(
            "key '" + id + "' must be exactly " + KEY_BYTES + " bytes");
      }
      secretKeys.put(id, new SecretKeySpec(key, "AES"));
    }
    this.currentKeyId = currentKeyId;
    this.keys = Collections.unmodifiableMap(secretKeys);
    this.random = random;
  }

  /**
   * Returns true if {@code keyId} may be used as a key id (letters, digits, {@code _.-}, 1 to 32).
   */
  public static boolean isValidKeyId(String keyId) {
    return keyId != null && KEY_ID.matcher(keyId).matches();
  }

  public String currentKeyId() {
    return currentKeyId;
  }

  /**
   * Encrypts {@code plaintext} for {@code column} of {@code username}'s row with the current key.
   */
  public String encrypt(String plaintext, String username, Column column) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(
          Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(currentKeyId, username, column));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
      return VERSION + ":" + currentKeyId + ":" + ENCODER.encodeToString(out);
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory in every JDK; reaching this means a broken runtime, not bad input.
      throw new IllegalStateException("AES/GCM is unavailable in this JVM", e);
    }
  }

  /**
   * Decrypts a value stored by {@link #encrypt} for {@code column} of {@code username}'s row.
   *
   * @throws TokenDecryptionException with a message that says which check failed (never the
   *     plaintext)
   */
  public String decrypt(String stored, String username, Column column)
      throws TokenDecryptionException {
    String[] parts = stored == null ? new String[0] : stored.split(":", -1);
    if (parts.length != 3 || !VERSION.equals(parts[0])) {
      throw new TokenDecryptionException(
          "not an encrypted token value: expected v1:<keyId>:<data>");
    }
    String keyId = parts[1];
    SecretKey key = keys.get(keyId);
    if (key == null) {
      throw new TokenDecryptionException(
          "unknown key id '"
              + (isValidKeyId(keyId) ? keyId : "?")
              + "': add that key to TOKEN_DECRYPTION_KEYS");
    }
    byte[] data;
    try {
      data = DECODER.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new TokenDecryptionException("the data part is not base64url");
    }
    if (data.length < NONCE_BYTES + TAG_BYTES) {
      throw new TokenDecryptionException("the data part is too short to hold a nonce and a tag");
    }
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(keyId, username, column));
      byte[] plain = cipher.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new TokenDecryptionException(
          "authentication failed: the value was altered, or it belongs to"
              + " another user or column, or another key had the id '"
              + keyId
              + "'");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is unavailable in this JVM", e);
    }
  }

  private static Cipher newGcmCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      // AES-GCM is mandatory in every JDK; reaching this means a broken runtime, not bad input.
      throw new IllegalStateException("AES/GCM is unavailable in this JVM", e);
    }
  }

  private static byte[] associatedData(String keyId, String username, Column column) {
    return (VERSION + '\0' + keyId + '\0' + column.columnName() + '\0' + username)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static void requireKeyId(String keyId) {
    if (!isValidKeyId(keyId)) {
      throw new IllegalArgumentException(
          "a key id must be 1 to 32 letters, digits, '_', '.' or '-'");
    }
  }

  @Override
  public String toString() {
    return "TokenCipher[currentKeyId=" + currentKeyId + ", keyIds=" + keys.keySet() + "]";
  }
}
