package com.checkandregisteruser.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.TestSettings;
import com.checkandregisteruser.tokens.TokenCipher.Column;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class TokenCipherTest {
  private static final byte[] KEY_1 = TestSettings.OLD_KEY;
  private static final byte[] KEY_2 = TestSettings.KEY;

  private final TokenCipher cipher = new TokenCipher("k1", Map.of("k1", KEY_1), new SecureRandom());

  @Test
  void roundTrip_returnsThePlaintext() throws Exception {
    String stored = cipher.encrypt("oauth-token \u00e9\u4e16", "alice", Column.ACCESS_TOKEN);

    assertTrue(stored.matches("v1:k1:[A-Za-z0-9_-]+"), stored);
    assertEquals("oauth-token \u00e9\u4e16", cipher.decrypt(stored, "alice", Column.ACCESS_TOKEN));
  }

  @Test
  void samePlaintextTwice_usesADifferentNonce() {
    String first = cipher.encrypt("same", "alice", Column.ACCESS_TOKEN);
    String second = cipher.encrypt("same", "alice", Column.ACCESS_TOKEN);

    assertNotEquals(first, second);
    assertNotEquals(
        decoded(first).substring(0, 16), decoded(second).substring(0, 16), "nonces differ");
  }

  @Test
  void concurrentEncryption_everyValueDecryptsWithItsOwnNonce() throws Exception {
    // Encryption reuses one Cipher per thread: values made on many threads at once, and one thread
    // alternating keys and columns, must each decrypt to their own plaintext under their own nonce.
    TokenCipher other = new TokenCipher("k2", Map.of("k2", KEY_2), new SecureRandom());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  List<String> failures = new ArrayList<>();
                  for (int i = 0; i < 500; i++) {
                    String user = "user-" + thread + "-" + i;
                    TokenCipher which = i % 2 == 0 ? cipher : other;
                    Column column = i % 3 == 0 ? Column.ACCESS_TOKEN : Column.ACCESS_TOKEN_SECRET;
                    String stored = which.encrypt("token-" + user, user, column);
                    if (!("token-" + user).equals(which.decrypt(stored, user, column))) {
                      failures.add(stored);
                    }
                  }
                  return failures;
                }));
      }
      Set<String> nonces = new HashSet<>();
      for (int t = 0; t < 8; t++) {
        assertEquals(List.of(), results.get(t).get());
      }
      for (int i = 0; i < 1_000; i++) {
        nonces.add(decoded(cipher.encrypt("same", "alice", Column.ACCESS_TOKEN)).substring(0, 16));
      }
      assertEquals(1_000, nonces.size(), "a fresh nonce for every value");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aValueThatFailsToDecrypt_leavesTheThreadsCipherWorking() throws Exception {
    // given a value that fails authentication on this thread (its cipher serves every value here)
    String good = cipher.encrypt("token", "alice", Column.ACCESS_TOKEN);
    assertThrows(
        TokenDecryptionException.class, () -> cipher.decrypt(good, "mallory", Column.ACCESS_TOKEN));

    // when the same thread decrypts and encrypts again
    String decrypted = cipher.decrypt(good, "alice", Column.ACCESS_TOKEN);
    String next = cipher.encrypt("next", "bob", Column.ACCESS_TOKEN_SECRET);

    // then both work as on a fresh thread
    assertEquals("token", decrypted);
    assertEquals("next", cipher.decrypt(next, "bob", Column.ACCESS_TOKEN_SECRET));
  }

  @Test
  void format_isNonceThenCiphertextThenTagUnderTheDocumentedAssociatedData() throws Exception {
    // Decrypts with the JDK alone, as docs/token-format.md tells another service to: proves the
    // documented
    // format.
    String stored = cipher.encrypt("tok", "alice", Column.ACCESS_TOKEN_SECRET);
    byte[] data = Base64.getUrlDecoder().decode(stored.split(":")[2]);
    Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
    aes.init(
        Cipher.DECRYPT_MODE,
        new SecretKeySpec(KEY_1, "AES"),
        new GCMParameterSpec(128, data, 0, 12));
    aes.updateAAD("v1\0k1\0access_token_secret\0alice".getBytes(StandardCharsets.UTF_8));

    byte[] plain = aes.doFinal(data, 12, data.length - 12);

    assertEquals("tok", new String(plain, StandardCharsets.UTF_8));
    assertEquals(12 + 3 + 16, data.length);
  }

  @Test
  void tamperedCiphertext_failsAuthentication() {
    String stored = cipher.encrypt("token", "alice", Column.ACCESS_TOKEN);
    char last = stored.charAt(stored.length() - 3);
    String tampered =
        stored.substring(0, stored.length() - 3)
            + (last == 'A' ? 'B' : 'A')
            + stored.substring(stored.length() - 2);

    TokenDecryptionException e =
        assertThrows(
            TokenDecryptionException.class,
            () -> cipher.decrypt(tampered, "alice", Column.ACCESS_TOKEN));

    assertTrue(e.getMessage().startsWith("authentication failed"), e.getMessage());
  }

  @Test
  void valueCopiedToAnotherUsersRow_doesNotDecrypt() {
    String stored = cipher.encrypt("token", "alice", Column.ACCESS_TOKEN);

    TokenDecryptionException e =
        assertThrows(
            TokenDecryptionException.class,
            () -> cipher.decrypt(stored, "mallory", Column.ACCESS_TOKEN));

    assertTrue(e.getMessage().contains("another user or column"), e.getMessage());
  }

  @Test
  void valueCopiedToTheOtherColumn_doesNotDecrypt() {
    String stored = cipher.encrypt("token", "alice", Column.ACCESS_TOKEN);

    assertThrows(
        TokenDecryptionException.class,
        () -> cipher.decrypt(stored, "alice", Column.ACCESS_TOKEN_SECRET));
  }

  @Test
  void unknownKeyId_failsNamingIt() {
    String stored =
        cipher.encrypt("token", "alice", Column.ACCESS_TOKEN).replace("v1:k1:", "v1:k9:");

    TokenDecryptionException e =
        assertThrows(
            TokenDecryptionException.class,
            () -> cipher.decrypt(stored, "alice", Column.ACCESS_TOKEN));

    assertEquals("unknown key id 'k9': add that key to TOKEN_DECRYPTION_KEYS", e.getMessage());
  }

  @Test
  void relabelledKeyId_failsAuthenticationEvenWhenThatKeyIsKnown() {
    TokenCipher both = new TokenCipher("k1", Map.of("k1", KEY_1, "k2", KEY_2), new SecureRandom());
    String relabelled =
        both.encrypt("token", "alice", Column.ACCESS_TOKEN).replace("v1:k1:", "v1:k2:");

    assertThrows(
        TokenDecryptionException.class,
        () -> both.decrypt(relabelled, "alice", Column.ACCESS_TOKEN));
  }

  @Test
  void afterRotation_oldValuesStillDecryptAndNewOnesUseTheNewKey() throws Exception {
    String old = cipher.encrypt("token", "alice", Column.ACCESS_TOKEN);
    TokenCipher rotated =
        new TokenCipher("k2", Map.of("k2", KEY_2, "k1", KEY_1), new SecureRandom());

    assertEquals("token", rotated.decrypt(old, "alice", Column.ACCESS_TOKEN));
    assertTrue(rotated.encrypt("token", "alice", Column.ACCESS_TOKEN).startsWith("v1:k2:"));
  }

  @Test
  void notAStoredValue_failsWithAClearMessage() {
    for (String value :
        new String[] {"plain-token", "v2:k1:abc", "v1:k1", "v1:k1:!!!", "v1:k1:AAAA"}) {
      TokenDecryptionException e =
          assertThrows(
              TokenDecryptionException.class,
              () -> cipher.decrypt(value, "alice", Column.ACCESS_TOKEN),
              value);
      assertTrue(
          e.getMessage().startsWith("not an encrypted token value")
              || e.getMessage().startsWith("the data part"),
          value + " -> " + e.getMessage());
    }
  }

  @Test
  void keyOfWrongLength_isRejectedWithoutShowingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TokenCipher("k1", Map.of("k1", new byte[16]), new SecureRandom()));

    assertEquals("key 'k1' must be exactly 32 bytes", e.getMessage());
  }

  @Test
  void toString_namesKeyIdsOnly() {
    assertEquals("TokenCipher[currentKeyId=k1, keyIds=[k1]]", cipher.toString());
  }

  private static String decoded(String stored) {
    byte[] data = Base64.getUrlDecoder().decode(stored.split(":")[2]);
    StringBuilder hex = new StringBuilder();
    for (byte b : data) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }
}
