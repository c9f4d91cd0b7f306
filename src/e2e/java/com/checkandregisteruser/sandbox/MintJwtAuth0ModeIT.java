package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.auth0.ManagementApiStandIn;
import com.checkandregisteruser.auth0.ManagementApiStandIn.Identity;
import com.checkandregisteruser.e2e.Rows;
import com.checkandregisteruser.tokens.TokenCipher;
import com.checkandregisteruser.tokens.TokenKeys;
import java.io.OutputStream;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn -q -Psandbox-jwt -Duser='twitter|…'}: a token for the function's Auth0 mode, minted
 * from the banner's command, registers the user with the Management API's tokens, not the demo
 * tokens the minted claims carry.
 */
class MintJwtAuth0ModeIT {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  @Test
  void auth0ModeToken_registersThroughTheSandbox_withTheManagementApisTokens() throws Exception {
    // given the sandbox in Auth0 mode, and a minted token for an Auth0 user id
    try (ManagementApiStandIn auth0 = ManagementApiStandIn.start(0);
        SandboxStack stack = auth0ModeStack(auth0)) {
      auth0.putUser(
          "twitter|1001", new Identity("twitter", "1001", "mgmt-token-1001", "mgmt-secret-1001"));
      MintJwtRun minted = MintJwtRun.of("--user=twitter|1001");
      String jwt = minted.token();

      assertEquals(
          "demo-oauth-token-twitter|1001", minted.hasuraClaims().get("x-hasura-access-token"));

      // when that user logs in twice
      var first = checkAndRegisterUser(stack, jwt);
      var second = checkAndRegisterUser(stack, jwt);
      TokenCipher cipher =
          TokenKeys.fromSettings(stack.functionSettings()).cipher(new SecureRandom());

      // then they are registered once, with the Management API's tokens
      assertEquals("{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":3}}}", first.body());
      assertEquals("{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":0}}}", second.body());
      assertEquals(
          List.of("mgmt-token-1001", "mgmt-secret-1001"),
          new Rows(stack.postgres().dataSource()).decryptedTokensOf("twitter|1001", cipher));
    }
  }

  @Test
  void bannerInAuth0Mode_saysTheDemoUserIsNoAuth0UserId_andHowToMintOne() {
    // given the sandbox in Auth0 mode
    try (ManagementApiStandIn auth0 = ManagementApiStandIn.start(0);
        SandboxStack stack = auth0ModeStack(auth0)) {
      // when it prints its banner
      String banner = SandboxBanner.text(stack, Map.of(), false);

      // then step 1 warns that its demo user is refused in this mode
      assertTrue(
          banner.contains(
              "  (AUTH0_DOMAIN is set: a username must be an Auth0 user id that tenant knows, and"
                  + " 'alice'\n  is not one: this JWT answers invalid-session-variables; mint one"
                  + " with -Duser='twitter|...' below)\n"),
          banner);
    }
  }

  /** The sandbox with the function in Auth0 mode, signing as MintJwt does. */
  private static SandboxStack auth0ModeStack(ManagementApiStandIn auth0) {
    return SandboxStack.builder()
        .jwtSecret(JwtSecret.parse(MintJwtRun.JWT_SECRET))
        .functionSettings(auth0.functionSettings())
        .hostLog(QUIET)
        .start();
  }

  /** The web app's call, as the user the JWT names. */
  private static GraphQlTestClient.Response checkAndRegisterUser(SandboxStack stack, String jwt) {
    return new GraphQlTestClient(stack.sandbox().graphqlUri())
        .post(
            "mutation { checkAndRegisterUser { affected_rows } }",
            null,
            Map.of("Authorization", "Bearer " + jwt));
  }
}
