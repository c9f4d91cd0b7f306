package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.e2e.Rows;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole stack (PostgreSQL, sandbox, function) with the JWT secret an Auth0 tenant gives Hasura:
 * an RS256 token verified through the JWKS reaches the function and registers the user; the tools
 * that would sign tokens themselves say why they cannot.
 */
class JwksStackIT {

  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());
  private static final String ISSUER = "https://tenant.example.auth0.com/";
  private static final String AUDIENCE = "https://hasura.example.com/";

  @Test
  void rs256TokenVerifiedThroughTheJwks_registersTheUser_andTheBannerPointsToTheProvider() {
    RsaTestKey key = RsaTestKey.generate("tenant-key");
    try (JwksServer jwks = new JwksServer()) {
      jwks.serve(Map.of("Cache-Control", "public, max-age=15"), key);
      JwtSecret secret =
          JwtSecret.jwkUrl(jwks.url())
              .withAudience(AUDIENCE)
              .withIssuer(ISSUER)
              .withAllowedSkew(Duration.ofSeconds(30));
      try (SandboxStack stack = SandboxStack.builder().jwtSecret(secret).hostLog(QUIET).start()) {
        String token =
            key.jwts(Clock.systemUTC())
                .forUser("alice")
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .accessToken("oauth-token-of-alice")
                .accessTokenSecret("oauth-secret-of-alice")
                .sign();

        var answer =
            new GraphQlTestClient(stack.sandbox().graphqlUri())
                .post(
                    "mutation { checkAndRegisterUser { affected_rows } }",
                    null,
                    Map.of("Authorization", "Bearer " + token));
        String banner = SandboxBanner.text(stack, Map.of(), true);

        assertEquals("{\"data\":{\"checkAndRegisterUser\":{\"affected_rows\":3}}}", answer.body());
        assertArrayEquals(
            new long[] {1, 1, 1}, new Rows(stack.postgres().dataSource()).registrationOf("alice"));
        assertTrue(
            banner.contains(
                "  (HASURA_GRAPHQL_JWT_SECRET has a jwk_url: log in through its identity provider)\n"),
            banner);
        assertFalse(banner.contains("-Psandbox-jwt"), banner);
        assertThrows(IllegalStateException.class, stack::jwts);
      }
    }
  }

  @Test
  void mintJwt_withAJwkUrl_refusesAndSaysWhy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status =
        MintJwt.run(
            new String[] {"--user=bob"},
            Map.of("HASURA_GRAPHQL_JWT_SECRET", "{\"jwk_url\":\"https://tenant.example/jwks\"}"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    assertEquals(2, status);
    assertEquals("", out.toString(StandardCharsets.UTF_8));
    assertEquals(
        "HASURA_GRAPHQL_JWT_SECRET has a jwk_url: log in through that identity provider for a"
            + " token; only an HS256 key can sign one here\n",
        err.toString(StandardCharsets.UTF_8));
  }
}
