package com.checkandregisteruser.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.Settings;
import com.checkandregisteruser.auth0.ManagementApiStandIn;
import com.checkandregisteruser.auth0.ManagementApiStandIn.Identity;
import com.checkandregisteruser.local.LocalFunctionHost;
import com.checkandregisteruser.sandbox.SandboxStack;
import com.checkandregisteruser.tokens.TokenCipher;
import com.checkandregisteruser.tokens.TokenKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Auth0 mode over real HTTP and real PostgreSQL: web app → Hasura (sandbox) → function (local host)
 * → the Management API stand-in for the tokens → Hasura → PostgreSQL. The JWT carries only the
 * username, which is the Auth0 user id; the stored tokens are the stand-in's.
 */
class Auth0TokensIT {
  private static final String USER_ID = "twitter|4815162342";

  private static ManagementApiStandIn auth0;
  private static SandboxStack stack;
  private static Rows rows;
  private static String graphql;
  private static final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeAll
  static void startStack() {
    auth0 = ManagementApiStandIn.start(0);
    stack =
        SandboxStack.builder()
            .functionSettings(auth0.functionSettings())
            .hostLog(new PrintStream(log, true, StandardCharsets.UTF_8))
            .start();
    rows = new Rows(stack.postgres().dataSource());
    graphql = stack.sandbox().baseUrl() + "/v1/graphql";
  }

  @AfterAll
  static void stopStack() {
    try {
      if (restarted != null) {
        restarted.close();
      }
      stack.close();
    } finally {
      auth0.close();
    }
  }

  @BeforeEach
  void emptyTables() {
    stack.postgres().truncateAllTables();
  }

  /** The web app's call through Hasura for the user whose Auth0 user id is {@code id}. */
  private static Http.Answer login(String id) {
    return Http.mutation(graphql, jwtOf(id));
  }

  /** A token as the post-login Action's: the username is the Auth0 user id, no OAuth tokens. */
  private static String jwtOf(String id) {
    return stack.jwts().forUser(id).sign();
  }

  /** A call that reaches the function without Hasura, with the function's key and action secret. */
  private static Http.Answer directCall(String sessionVariables, String jwt) {
    return Http.actionCall(
        stack.host().functionUrl(),
        "{\"action\":{\"name\":\"checkAndRegisterUser\"},\"input\":{},\"session_variables\":{"
            + sessionVariables
            + "}}",
        jwt,
        stack.functionSettings().get(Settings.ACTION_SECRET));
  }

  private static List<String> decryptedTokensOf(String username) throws Exception {
    return rows.decryptedTokensOf(
        username, TokenKeys.fromSettings(stack.functionSettings()).cipher(new SecureRandom()));
  }

  @Test
  void loginWithAnAuth0UserId_registersTheUserWithTheManagementApisTokens() throws Exception {
    auth0.putUser(
        USER_ID, new Identity("twitter", "4815162342", "standin-token-1", "standin-secret-1"));

    Http.Answer answer = login(USER_ID);

    assertEquals(200, answer.status(), answer.body());
    assertEquals(3, answer.affectedRows(), answer.body());
    assertArrayEquals(new long[] {1, 1, 1}, rows.registrationOf(USER_ID));
    List<String> stored = rows.tokensOf(USER_ID);
    assertFalse(stored.get(0).contains("standin-token-1"), stored.get(0));
    assertEquals(List.of("standin-token-1", "standin-secret-1"), decryptedTokensOf(USER_ID));
  }

  @Test
  void laterLogins_compareWithWhatAuth0ReturnsNow_andReuseTheManagementToken() throws Exception {
    auth0.putUser(USER_ID, new Identity("twitter", "4815162342", "token-a", "secret-a"));
    int tokenRequestsBefore = auth0.tokenRequests();

    assertEquals(3, login(USER_ID).affectedRows());
    assertEquals(0, login(USER_ID).affectedRows(), "unchanged tokens: nothing written");
    auth0.putUser(USER_ID, new Identity("twitter", "4815162342", "token-b", "secret-b"));
    assertEquals(1, login(USER_ID).affectedRows(), "Auth0's new tokens are stored");

    assertEquals(List.of("token-b", "secret-b"), decryptedTokensOf(USER_ID));
    assertTrue(
        auth0.tokenRequests() - tokenRequestsBefore <= 1,
        "one management token serves every login of the process");
  }

  @Test
  void tokenOfAnEarlierPostLoginAction_withTheIdInASecondClaimToo_registersTheUser()
      throws Exception {
    // given the JWT the post-login Action of earlier versions issued: the id in both claims
    auth0.putUser(USER_ID, new Identity("twitter", "4815162342", "early-token", "early-secret"));
    String jwt = stack.jwts().forUser(USER_ID).claim("x-hasura-auth0-user-id", USER_ID).sign();

    // when the user logs in with it
    Http.Answer answer = Http.mutation(graphql, jwt);

    // then they are registered as with today's token
    assertEquals(3, answer.affectedRows(), answer.body());
    assertEquals(List.of("early-token", "early-secret"), decryptedTokensOf(USER_ID));
  }

  @Test
  void loginWhoseUsernameIsNotAnAuth0UserId_is400AndNothingIsWritten() {
    // given a JWT of the earlier tutorial's shape: a screen name, the tokens in the claims
    String jwt =
        stack
            .jwts()
            .forUser("carol")
            .accessToken("claim-token")
            .accessTokenSecret("claim-secret")
            .sign();

    // when carol logs in
    Http.Answer answer = Http.mutation(graphql, jwt);

    // then she is told what the username must be, and nothing is written
    assertEquals("invalid-session-variables", answer.errorCode(), answer.body());
    assertTrue(
        answer
            .errorMessage()
            .startsWith("session variable x-hasura-user-id is not an Auth0 user id"),
        answer.body());
    assertEquals(0, rows.count("\"user\""));
  }

  /**
   * A caller who has the function's key and action secret (not through Hasura, which builds the
   * session variables from the JWT it verified) logs in with their own JWT but names another Auth0
   * user beside their own username: that user's tokens must not reach the caller's account.
   */
  @Test
  void directCallNamingAnotherAuth0UserBesideTheCallersUsername_is400_andAsksAuth0Nothing()
      throws Exception {
    // given alice and mallory, both registered
    String mallory = "twitter|666";
    auth0.putUser(USER_ID, new Identity("twitter", "4815162342", "alice-token", "alice-secret"));
    auth0.putUser(mallory, new Identity("twitter", "666", "mallory-token", "mallory-secret"));
    assertEquals(3, login(USER_ID).affectedRows());
    assertEquals(3, login(mallory).affectedRows());
    int userRequestsBefore = auth0.userRequests();

    // when mallory calls the function with her JWT and alice's Auth0 user id
    Http.Answer answer =
        directCall(
            "\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\""
                + mallory
                + "\",\"x-hasura-auth0-user-id\":\""
                + USER_ID
                + "\"",
            jwtOf(mallory));

    // then she is refused before Auth0 is asked, and every account keeps its own tokens
    assertEquals(400, answer.status(), answer.body());
    assertEquals("invalid-session-variables", answer.errorCode(), answer.body());
    assertEquals(userRequestsBefore, auth0.userRequests(), "alice's identity was read");
    assertEquals(List.of("mallory-token", "mallory-secret"), decryptedTokensOf(mallory));
    assertEquals(List.of("alice-token", "alice-secret"), decryptedTokensOf(USER_ID));
  }

  /**
   * The same caller names alice as the username itself: Hasura's permissions, which follow the JWT
   * the function forwards, let the function neither see nor write alice's rows. The lookup cannot
   * tell "not registered" from "not yours", so the function does ask Auth0 for alice's tokens
   * before Hasura refuses the insert: they go no further (docs/deploy-azure.md, Security).
   */
  @Test
  void directCallWithAnotherUsersUsername_writesNothing() throws Exception {
    // given alice registered, and Auth0 holding newer tokens for her than the stored ones
    String mallory = "twitter|666";
    auth0.putUser(USER_ID, new Identity("twitter", "4815162342", "alice-token", "alice-secret"));
    auth0.putUser(mallory, new Identity("twitter", "666", "mallory-token", "mallory-secret"));
    assertEquals(3, login(USER_ID).affectedRows());
    auth0.putUser(USER_ID, new Identity("twitter", "4815162342", "alice-token-2", "alice-sec-2"));

    // when mallory, with her own JWT, calls the function as alice
    Http.Answer answer =
        directCall(
            "\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\"" + USER_ID + "\"", jwtOf(mallory));

    // then the insert is refused, and no row is written: alice keeps her tokens, mallory has none
    assertEquals(502, answer.status(), answer.body());
    assertEquals("graphql-error", answer.errorCode(), answer.body());
    assertTrue(answer.errorMessage().startsWith("registration conflict: "), answer.body());
    assertFalse(answer.body().contains("alice-token"), answer.body());
    assertEquals(List.of("alice-token", "alice-secret"), decryptedTokensOf(USER_ID));
    assertEquals(1, rows.count("\"user\""));
    assertEquals(1, rows.count("account"));
  }

  @Test
  void auth0UserWithoutATwitterIdentity_is400Auth0IdentityMissing() {
    auth0.putUser("github|77", new Identity("github", "77", "gh-token", null));

    Http.Answer answer = login("github|77");

    assertEquals("auth0-identity-missing", answer.errorCode(), answer.body());
    assertEquals(0, rows.count("\"user\""));
  }

  @Test
  void oauth2Identity_isStoredWithItsTokenAndANullSecret() throws Exception {
    // The same stack with the function redeployed for another provider, on the action's port.
    LocalFunctionHost original = stack.host();
    int port = original.port();
    Map<String, String> settings = new HashMap<>(stack.functionSettings());
    settings.put("AUTH0_IDENTITY_PROVIDER", "google-oauth2");
    original.close();
    LocalFunctionHost google =
        LocalFunctionHost.start(settings, port, new PrintStream(log, true, StandardCharsets.UTF_8));
    try {
      auth0.putUser(
          "google-oauth2|314", new Identity("google-oauth2", "314", "ya29.standin", null));

      Http.Answer answer = login("google-oauth2|314");

      assertEquals(3, answer.affectedRows(), answer.body());
      List<String> stored = rows.tokensOf("google-oauth2|314");
      TokenCipher cipher =
          TokenKeys.fromSettings(stack.functionSettings()).cipher(new SecureRandom());
      assertEquals(
          "ya29.standin",
          cipher.decrypt(stored.get(0), "google-oauth2|314", TokenCipher.Column.ACCESS_TOKEN));
      assertNull(stored.get(1), "no secret for an OAuth 2 identity: NULL");
    } finally {
      google.close();
      restartOriginal(port);
    }
  }

  private static LocalFunctionHost restarted;

  /** Puts a function with the stack's own settings back on the action's port. */
  private static void restartOriginal(int port) {
    restarted =
        LocalFunctionHost.start(
            stack.functionSettings(), port, new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @Test
  void neitherTheClientSecretNorTheTokensAppearInTheFunctionsLog() throws Exception {
    auth0.putUser(USER_ID, new Identity("twitter", "4815162342", "LOGCHECK-token", "LOGCHECK-sec"));

    login(USER_ID);
    login("twitter|does-not-exist");

    String text = log.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("outcome="), "the function logged its invocations");
    assertFalse(text.contains(auth0.clientSecret()), "client secret in the log");
    assertFalse(text.contains("LOGCHECK-"), "an IdP token in the log");
    assertFalse(text.contains("standin-mgmt-"), "a management token in the log");
  }
}
