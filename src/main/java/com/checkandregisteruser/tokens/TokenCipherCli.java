package com.checkandregisteruser.tokens;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Operators' command line for stored token values: check that a value decrypts, encrypt one by
 * hand, or make a key. Keys come from the same settings as the function's (environment variables);
 * the value is read from standard input so it never shows in the process list or the shell history.
 *
 * <pre>
 *   java -cp target/classes com.checkandregisteruser.tokens.TokenCipherCli keygen
 *   echo "$VALUE" | java -cp target/classes com.checkandregisteruser.tokens.TokenCipherCli decrypt alice access_token
 *   echo "$TOKEN" | java -cp target/classes com.checkandregisteruser.tokens.TokenCipherCli encrypt alice access_token
 * </pre>
 */
public final class TokenCipherCli {
  private TokenCipherCli() {}

  public static void main(String[] args) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.exit(run(args, System.getenv(), in, System.out, System.err));
  }

  /** Runs one command; returns the process exit code (0 ok, 1 failed, 2 usage). */
  static int run(
      String[] args, Map<String, String> env, BufferedReader in, PrintStream out, PrintStream err)
      throws IOException {
    if (args.length == 1 && args[0].equals("keygen")) {
      byte[] key = new byte[TokenCipher.KEY_BYTES];
      new SecureRandom().nextBytes(key);
      out.println(Base64.getEncoder().encodeToString(key));
      return 0;
    }
    if (args.length != 3 || !(args[0].equals("decrypt") || args[0].equals("encrypt"))) {
      err.println(
          "usage: TokenCipherCli keygen | decrypt <username> <column> | encrypt <username> <column>");
      err.println("  the value is read from standard input; keys come from TOKEN_ENCRYPTION_KEY,");
      err.println(
          "  TOKEN_ENCRYPTION_KEY_ID and TOKEN_DECRYPTION_KEYS; column is access_token or access_token_secret");
      return 2;
    }
    try {
      TokenCipher.Column column = TokenCipher.Column.ofColumnName(args[2]);
      TokenCipher cipher = TokenKeys.fromSettings(env).cipher(new SecureRandom());
      String value = in.readLine();
      if (value == null || value.isEmpty()) {
        err.println("no value on standard input");
        return 2;
      }
      out.println(
          args[0].equals("decrypt")
              ? cipher.decrypt(value.strip(), args[1], column)
              : cipher.encrypt(value, args[1], column));
      return 0;
    } catch (TokenDecryptionException | InvalidKeySettingException | IllegalArgumentException e) {
      err.println(args[0] + " failed: " + e.getMessage());
      return 1;
    }
  }
}
