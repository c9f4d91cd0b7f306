package com.checkandregisteruser.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.TestSettings;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenCipherCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Map<String, String> env =
      Map.of(
          "TOKEN_ENCRYPTION_KEY",
          TestSettings.KEY_BASE64,
          "TOKEN_ENCRYPTION_KEY_ID",
          "k2",
          "TOKEN_DECRYPTION_KEYS",
          "k1:" + TestSettings.OLD_KEY_BASE64);

  private int run(String stdin, String... args) throws Exception {
    return TokenCipherCli.run(
        args,
        env,
        new BufferedReader(new StringReader(stdin)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8).strip();
  }

  private String keygen() throws Exception {
    out.reset();
    assertEquals(0, run("", "keygen"));
    return stdout();
  }

  @Test
  void decrypt_printsTheStoredTokenOfAUser() throws Exception {
    String stored =
        TestSettings.cipher().encrypt("oauth-token", "alice", TokenCipher.Column.ACCESS_TOKEN);

    assertEquals(0, run(stored + "\n", "decrypt", "alice", "access_token"));
    assertEquals("oauth-token", stdout());
  }

  @Test
  void decryptForTheWrongUser_failsWithExitCode1AndAReason() throws Exception {
    String stored =
        TestSettings.cipher().encrypt("oauth-token", "alice", TokenCipher.Column.ACCESS_TOKEN);

    assertEquals(1, run(stored, "decrypt", "bob", "access_token"));
    assertTrue(
        err.toString(StandardCharsets.UTF_8).startsWith("decrypt failed: authentication failed"));
    assertEquals("", stdout());
  }

  @Test
  void encryptThenDecrypt_roundTrips() throws Exception {
    assertEquals(0, run("secret-value", "encrypt", "alice", "access_token_secret"));
    String stored = stdout();

    assertTrue(stored.startsWith("v1:k2:"));
    assertEquals(
        "secret-value",
        TestSettings.cipher().decrypt(stored, "alice", TokenCipher.Column.ACCESS_TOKEN_SECRET));
  }

  @Test
  void keygen_printsBase64OfThirtyTwoBytes() throws Exception {
    assertEquals(0, run("", "keygen"));

    assertEquals(32, Base64.getDecoder().decode(stdout()).length);
  }

  @Test
  void keygen_printsAFreshRandomKeyEachTime() throws Exception {
    String first = keygen();
    String second = keygen();

    assertNotEquals(first, second);
    assertNotEquals("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", first);
    assertNotEquals("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", second);
  }

  @Test
  void encryptOfAnEmptyLine_isAUsageErrorAndPrintsNothing() throws Exception {
    assertEquals(2, run("\n", "encrypt", "alice", "access_token"));
    assertEquals("", stdout());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("no value on standard input"));
  }

  @Test
  void unknownColumnOrUsage_failsClearly() throws Exception {
    assertEquals(1, run("v", "decrypt", "alice", "password"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown column 'password'"));
    assertEquals(2, run("", "rot13"));
    assertEquals(2, run("x\n", "frobnicate", "alice", "access_token"));
  }
}
