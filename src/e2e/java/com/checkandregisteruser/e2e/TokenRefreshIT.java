package com.checkandregisteruser.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.Settings;
import com.checkandregisteruser.local.LocalFunctionHost;
import com.checkandregisteruser.sandbox.SandboxStack;
import com.checkandregisteruser.tokens.TokenCipher;
import com.checkandregisteruser.tokens.TokenKeys;
import com.google.gson.JsonObject;
import java.io.OutputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every login keeps the stored tokens current, over real HTTP and real PostgreSQL: new tokens are
 * stored (1), unchanged ones are not touched (0), and after a key rotation the next login
 * re-encrypts under the new key id (1), whether or not the old key is still configured.
 */
class TokenRefreshIT {
  /** Test-only keys (bytes 1..32 and 32..63), never real ones. */
  private static final String KEY_1 = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

  private static final String KEY_2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  private static SandboxStack stack;
  private static Rows rows;
  private static String graphql;
  private static int functionPort;

  /** The function now serving the sandbox's action: the stack's own, or a restarted one. */
  private static LocalFunctionHost function;

  private static Map<String, String> functionSettings;

  @BeforeAll
  static void startStack() {
    stack =
        SandboxStack.builder()
            .functionSettings(
                Map.of(
                    Settings.TOKEN_ENCRYPTION_KEY, KEY_1, Settings.TOKEN_ENCRYPTION_KEY_ID, "k1"))
            .hostLog(QUIET)
            .start();
    rows = new Rows(stack.postgres().dataSource());
    graphql = stack.sandbox().baseUrl() + "/v1/graphql";
    function = stack.host();
    functionPort = function.port();
    functionSettings = stack.functionSettings();
  }

  @AfterAll
  static void stopStack() {
    try {
      function.close();
    } finally {
      stack.close();
    }
  }

  @BeforeEach
  void emptyTablesAndTheFirstKey() {
    stack.postgres().truncateAllTables();
    restartFunction(
        Map.of(Settings.TOKEN_ENCRYPTION_KEY, KEY_1, Settings.TOKEN_ENCRYPTION_KEY_ID, "k1"));
  }

  /**
   * Stops the function and starts it again on the same port (the sandbox's action URL) with the
   * stack's settings and these key settings instead of the current ones: a redeploy with new
   * application settings.
   */
  private static void restartFunction(Map<String, String> keySettings) {
    Map<String, String> settings = new HashMap<>(functionSettings);
    settings.remove(Settings.TOKEN_ENCRYPTION_KEY);
    settings.remove(Settings.TOKEN_ENCRYPTION_KEY_ID);
    settings.remove(Settings.TOKEN_DECRYPTION_KEYS);
    settings.putAll(keySettings);
    function.close();
    function = LocalFunctionHost.start(settings, functionPort, QUIET);
  }

  private static int login(String username, String accessToken, String accessTokenSecret) {
    String jwt =
        stack
            .jwts()
            .forUser(username)
            .accessToken(accessToken)
            .accessTokenSecret(accessTokenSecret)
            .sign();
    Http.Answer answer = Http.mutation(graphql, jwt);
    assertEquals(200, answer.status(), answer.body());
    assertTrue(answer.json().has("data"), answer.body());
    return answer.affectedRows();
  }

  private static TokenCipher cipher(String keyId, String key) {
    return TokenKeys.fromSettings(
            Map.of(Settings.TOKEN_ENCRYPTION_KEY, key, Settings.TOKEN_ENCRYPTION_KEY_ID, keyId))
        .cipher(new SecureRandom());
  }

  @Test
  void newTokensAtALaterLogin_areStored_andUnchangedOnesAreNotRewritten() throws Exception {
    TokenCipher k1 = cipher("k1", KEY_1);

    assertEquals(3, login("alice", "oauth-token-1", "oauth-secret-1"));
    List<String> first = rows.tokensOf("alice");
    assertEquals(0, login("alice", "oauth-token-1", "oauth-secret-1"));
    assertEquals(first, rows.tokensOf("alice"), "an unchanged login writes nothing");

    assertEquals(1, login("alice", "oauth-token-2", "oauth-secret-2"));
    assertEquals(List.of("oauth-token-2", "oauth-secret-2"), rows.decryptedTokensOf("alice", k1));
    List<String> refreshed = rows.tokensOf("alice");
    assertTrue(refreshed.get(0).startsWith("v1:k1:"), refreshed.get(0));

    assertEquals(0, login("alice", "oauth-token-2", "oauth-secret-2"));
    assertEquals(refreshed, rows.tokensOf("alice"));
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf("alice"));
  }

  @Test
  void onlyANewSecret_isStored() throws Exception {
    assertEquals(3, login("alice", "oauth-token-1", "oauth-secret-1"));

    assertEquals(1, login("alice", "oauth-token-1", "oauth-secret-2"));

    assertEquals(
        List.of("oauth-token-1", "oauth-secret-2"),
        rows.decryptedTokensOf("alice", cipher("k1", KEY_1)));
  }

  @Test
  void refreshingOneUser_leavesTheOthersAlone() throws Exception {
    assertEquals(3, login("alice", "oauth-token-a", "oauth-secret-a"));
    assertEquals(3, login("bob", "oauth-token-b", "oauth-secret-b"));
    List<String> bob = rows.tokensOf("bob");

    assertEquals(1, login("alice", "oauth-token-a2", "oauth-secret-a2"));

    assertEquals(bob, rows.tokensOf("bob"));
  }

  @Test
  void afterAKeyRotationWithTheOldKeyKept_oneLoginReEncryptsUnderTheNewKeyId() throws Exception {
    assertEquals(3, login("alice", "oauth-token-1", "oauth-secret-1"));
    assertTrue(rows.tokensOf("alice").get(0).startsWith("v1:k1:"));

    restartFunction(
        Map.of(
            Settings.TOKEN_ENCRYPTION_KEY,
            KEY_2,
            Settings.TOKEN_ENCRYPTION_KEY_ID,
            "k2",
            Settings.TOKEN_DECRYPTION_KEYS,
            "k1:" + KEY_1));

    assertOneLoginReEncryptsAliceUnderK2();
    assertEquals(0, rows.count("account where access_token NOT LIKE 'v1:k2:%'"));
  }

  @Test
  void afterAKeyRotationWithoutTheOldKey_oneLoginStillReEncrypts() throws Exception {
    assertEquals(3, login("alice", "oauth-token-1", "oauth-secret-1"));

    restartFunction(
        Map.of(Settings.TOKEN_ENCRYPTION_KEY, KEY_2, Settings.TOKEN_ENCRYPTION_KEY_ID, "k2"));

    assertOneLoginReEncryptsAliceUnderK2();
  }

  @Test
  void usersWhoHaveNotLoggedInSinceTheRotation_areFoundByTheirKeyId() {
    assertEquals(3, login("alice", "oauth-token-a", "oauth-secret-a"));
    assertEquals(3, login("bob", "oauth-token-b", "oauth-secret-b"));
    restartFunction(
        Map.of(Settings.TOKEN_ENCRYPTION_KEY, KEY_2, Settings.TOKEN_ENCRYPTION_KEY_ID, "k2"));

    assertEquals(1, login("alice", "oauth-token-a", "oauth-secret-a"));

    assertEquals(
        1,
        rows.count(
            "account where access_token NOT LIKE 'v1:k2:%'"
                + " OR access_token_secret NOT LIKE 'v1:k2:%'"));
    assertEquals(
        1, rows.count("account where account_name = 'bob' and access_token LIKE 'v1:k1:%'"));
  }

  @Test
  void aStoredValueThatDoesNotDecrypt_isReplacedAtTheNextLogin() throws Exception {
    assertEquals(3, login("alice", "oauth-token-1", "oauth-secret-1"));
    // In the stored format and under the current key id, but not sealed with its key.
    rows.execute(
        "update account set access_token = 'v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'"
            + " where account_name = 'alice'");

    assertEquals(1, login("alice", "oauth-token-1", "oauth-secret-1"));

    assertEquals(
        List.of("oauth-token-1", "oauth-secret-1"),
        rows.decryptedTokensOf("alice", cipher("k1", KEY_1)));
  }

  /**
   * The function's documents for an identity without a token secret (OAuth 2), written out as it
   * sends them, run with the user's JWT: the schema and permissions of role {@code user} accept
   * them, and the secret column ends up NULL.
   */
  @Test
  void documentsForAnIdentityWithoutSecret_areAcceptedAndStoreNull() throws Exception {
    TokenCipher k1 = cipher("k1", KEY_1);
    String insert =
        """
        mutation CreateAccountUser($username: String!, $accessToken: String!) {
          insert_account_user(objects: {
            account: {data: {access_token: $accessToken, account_name: $username}},
            user: {data: {username: $username}}
          }) {
            affected_rows
          }
        }""";
    String update =
        """
        mutation UpdateTokens($username: String!, $accessToken: String!) {
          update_account(where: {account_name: {_eq: $username}}, _set: {access_token: $accessToken, access_token_secret: null}) {
            affected_rows
          }
        }""";

    Http.Answer inserted =
        asUser(
            "carol", insert, k1.encrypt("oauth2-token", "carol", TokenCipher.Column.ACCESS_TOKEN));
    assertEquals("{\"data\":{\"insert_account_user\":{\"affected_rows\":3}}}", inserted.body());
    assertNull(rows.tokensOf("carol").get(1));
    // The lookup reads the NULL back; a login that brings a secret stores it.
    assertEquals(1, login("carol", "oauth2-token", "oauth-secret-c"));
    assertEquals(List.of("oauth2-token", "oauth-secret-c"), rows.decryptedTokensOf("carol", k1));

    assertEquals(3, login("dave", "oauth-token-d", "oauth-secret-d"));
    Http.Answer updated =
        asUser("dave", update, k1.encrypt("oauth2-token", "dave", TokenCipher.Column.ACCESS_TOKEN));
    assertEquals("{\"data\":{\"update_account\":{\"affected_rows\":1}}}", updated.body());
    assertNull(rows.tokensOf("dave").get(1));
  }

  /**
   * alice's next login (same IdP tokens) rewrites both stored values under k2, which decrypt to her
   * tokens; the login after it writes nothing.
   */
  private void assertOneLoginReEncryptsAliceUnderK2() throws Exception {
    assertEquals(1, login("alice", "oauth-token-1", "oauth-secret-1"));
    List<String> stored = rows.tokensOf("alice");
    assertTrue(stored.get(0).startsWith("v1:k2:"), stored.get(0));
    assertTrue(stored.get(1).startsWith("v1:k2:"), stored.get(1));
    assertEquals(
        List.of("oauth-token-1", "oauth-secret-1"),
        rows.decryptedTokensOf("alice", cipher("k2", KEY_2)));
    assertEquals(0, login("alice", "oauth-token-1", "oauth-secret-1"));
  }

  private static Http.Answer asUser(String username, String document, String accessToken) {
    JsonObject variables = new JsonObject();
    variables.addProperty("username", username);
    variables.addProperty("accessToken", accessToken);
    return Http.graphql(graphql, stack.jwts().forUser(username).sign(), document, variables);
  }
}
