package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.e2e.Rows;
import com.checkandregisteruser.tokens.TokenCipher;
import com.checkandregisteruser.tokens.TokenKeys;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mvn -Psandbox} driven with known keys, as a developer or a test would: Hasura's own
 * settings and the function's key from the environment, a JWT minted for any user, the stored value
 * decrypted with the known key, and a banner that says where each key came from.
 */
class SandboxKnownKeysIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final String JWT_SECRET =
      "{\"type\":\"HS256\",\"key\":\"known-jwt-key-0123456789abcdef-0123\"}";
  private static final String TOKEN_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  private static final Map<String, String> ENV =
      Map.of(
          "HASURA_GRAPHQL_JWT_SECRET", JWT_SECRET,
          "HASURA_GRAPHQL_ADMIN_SECRET", "known-admin-secret",
          "TOKEN_ENCRYPTION_KEY", TOKEN_KEY,
          "TOKEN_ENCRYPTION_KEY_ID", "k7",
          "HASURA_PORT", "0",
          "PORT", "0");

  @Test
  void knownKeys_mintedJwtForAnyUserRegisters_andTheStoredTokenDecryptsWithTheKnownKey(
      @TempDir Path noSettingsFile) throws Exception {
    SandboxSettings settings =
        SandboxSettings.from(ENV, noSettingsFile.resolve("local.settings.json"));
    Path dataDirectory;
    try (SandboxStack stack = settings.builder().hostLog(QUIET).start()) {
      dataDirectory = stack.postgres().dataDirectory();
      ByteArrayOutputStream minted = new ByteArrayOutputStream();
      int status =
          MintJwt.run(
              new String[] {"--user=bob"},
              ENV,
              new PrintStream(minted, true, StandardCharsets.UTF_8),
              QUIET);
      String jwt = minted.toString(StandardCharsets.UTF_8).strip();

      var answer =
          new GraphQlTestClient(stack.sandbox().graphqlUri())
              .post(
                  "mutation { checkAndRegisterUser { affected_rows } }",
                  null,
                  Map.of("Authorization", "Bearer " + jwt));
      var asAdmin =
          new GraphQlTestClient(stack.sandbox().graphqlUri())
              .post(
                  "{ user { username } }",
                  null,
                  Map.of("x-hasura-admin-secret", "known-admin-secret"));
      String stored = new Rows(stack.postgres().dataSource()).tokensOf("bob").get(0);
      TokenCipher cipher =
          TokenKeys.fromSettings(
                  Map.of("TOKEN_ENCRYPTION_KEY", TOKEN_KEY, "TOKEN_ENCRYPTION_KEY_ID", "k7"))
              .cipher(new SecureRandom());

      assertEquals(0, status);
      assertEquals("{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":3}}}", answer.body());
      assertEquals("{\"data\":{\"user\":[{\"username\":\"bob\"}]}}", asAdmin.body());
      assertTrue(stored.startsWith("v1:k7:"), stored);
      assertEquals(
          "demo-oauth-token-bob", cipher.decrypt(stored, "bob", TokenCipher.Column.ACCESS_TOKEN));
      assertEquals(Set.of("ACTION_SECRET"), stack.generated());

      String banner = SandboxBanner.text(stack, settings.origins(), false);
      assertTrue(banner.contains("  HASURA_GRAPHQL_JWT_SECRET:    from the environment\n"), banner);
      assertTrue(banner.contains("  HASURA_GRAPHQL_ADMIN_SECRET:  from the environment\n"), banner);
      assertTrue(banner.contains("  TOKEN_ENCRYPTION_KEY:         from the environment\n"), banner);
      assertTrue(
          banner.contains("  TOKEN_ENCRYPTION_KEY_ID:      k7 (from the environment)\n"), banner);
      assertTrue(
          banner.contains(
              "  JWT=$(mvn -q -Psandbox-jwt -Duser=bob | grep -o 'ey[A-Za-z0-9._-]*')"
                  + "   (signs with HASURA_GRAPHQL_JWT_SECRET from your environment)\n"),
          banner);
      assertTrue(
          banner.contains(
              "  in the function's Auth0 mode the user is an Auth0 user id,"
                  + " -Duser='twitter|123'):\n"
                  + "  JWT=$(mvn -q -Psandbox-jwt -Duser=bob"),
          "the mint command's help says what a user is in Auth0 mode: " + banner);
      assertTrue(banner.contains("psql is not installed"), banner);
      assertFalse(banner.contains("AUTH0_DOMAIN is set"), "no Auth0-mode warning without it");
      assertFalse(banner.contains("known-jwt-key"), "a given key is not printed");
      assertFalse(banner.contains(TOKEN_KEY), "a given key is not printed");
    }
    assertFalse(Files.exists(dataDirectory), "close() deletes PostgreSQL's data (and WAL)");
  }

  @Test
  void nothingGiven_everyKeyIsGenerated_andTheBannerPrintsItWithTheCommandsThatNeedIt() {
    try (SandboxStack stack = SandboxStack.start(Map.of(), 0, 0, QUIET)) {
      String banner = SandboxBanner.text(stack, Map.of(), true);
      String jwtSecret = stack.jwtSecret().toJson();
      String tokenKey = stack.functionSettings().get("TOKEN_ENCRYPTION_KEY");

      assertEquals(
          Set.of(
              "HASURA_GRAPHQL_JWT_SECRET",
              "HASURA_GRAPHQL_ADMIN_SECRET",
              "TOKEN_ENCRYPTION_KEY",
              "ACTION_SECRET"),
          stack.generated());
      assertTrue(
          banner.contains("  HASURA_GRAPHQL_JWT_SECRET:    generated for this run: " + jwtSecret),
          banner);
      assertTrue(
          banner.contains(
              "  JWT=$(HASURA_GRAPHQL_JWT_SECRET='"
                  + jwtSecret
                  + "' mvn -q -Psandbox-jwt -Duser=bob | grep -o 'ey[A-Za-z0-9._-]*')\n"),
          banner);
      assertTrue(
          banner.contains("  TOKEN_ENCRYPTION_KEY:         generated for this run: " + tokenKey),
          banner);
      assertTrue(
          banner.contains(
              "    | TOKEN_ENCRYPTION_KEY='"
                  + tokenKey
                  + "' TOKEN_ENCRYPTION_KEY_ID=k1 java -cp target/classes"
                  + " com.checkandregisteruser.tokens.TokenCipherCli decrypt alice access_token\n"),
          banner);
      assertTrue(
          banner.contains(
              "  PostgreSQL:                psql -h localhost -p "
                  + stack.postgres().port()
                  + " -U postgres -d postgres\n"),
          banner);
      assertTrue(banner.contains("(no password; psql is on your PATH)"), banner);
    }
  }

  @Test
  void keyFromTheSettingsFile_isReportedAsSuch_andABlankEnvironmentValueIsNotTheEnvironment(
      @TempDir Path directory) throws Exception {
    Path file = directory.resolve("local.settings.json");
    Files.writeString(
        file,
        "{\"IsEncrypted\":false,\"Values\":{\"TOKEN_ENCRYPTION_KEY\":\""
            + TOKEN_KEY
            + "\",\"TOKEN_ENCRYPTION_KEY_ID\":\"\"}}");

    SandboxSettings settings = SandboxSettings.from(Map.of("TOKEN_ENCRYPTION_KEY", ""), file);

    assertEquals(Map.of("TOKEN_ENCRYPTION_KEY", "from local.settings.json"), settings.origins());
  }

  @Test
  void mintJwt_withoutTheSecret_failsWithUsage2AndSaysWhatIsMissing() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        MintJwt.run(
            new String[] {"--user=bob"},
            Map.of(),
            QUIET,
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(2, status);
    assertEquals(
        "HASURA_GRAPHQL_JWT_SECRET is not set: give the value the sandbox's banner shows"
            + " (or the one you started it with)\n",
        err.toString(StandardCharsets.UTF_8));
  }
}
