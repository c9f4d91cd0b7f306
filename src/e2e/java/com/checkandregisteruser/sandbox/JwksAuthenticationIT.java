package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.auth0.jwt.algorithms.Algorithm;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * JWT mode with a {@code jwk_url}, as an Auth0 tenant configures Hasura: {@code
 * {"jwk_url":...,"audience":...,"issuer":...,"allowed_skew":...}}. Each rejection is Hasura's
 * message at path $ with HTTP 200 (server/src-lib/Hasura/Server/Auth/JWT.hs: processJwt_,
 * processHeaderSimple, verifyJwt; jose's Crypto/JWT.hs validateClaimsSet), and the keys are fetched
 * at start and refreshed as Hasura does (Auth.hs mkJwtCtx, updateJwkFromUrl; JWT.hs
 * determineJwkExpiryLifetime). Keys are generated per run; the JWKS is served by MockWebServer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksAuthenticationIT {

  private static final String QUERY = "query { user { username } }";
  private static final String OK = "{\"data\":{\"user\":[]}}";
  private static final String ISSUER = "https://tenant.example.auth0.com/";
  private static final String AUDIENCE = "https://hasura.example.com/";
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final RsaTestKey providerKey = RsaTestKey.generate("key-1");
  private final RsaTestKey rotatedKey = RsaTestKey.generate("key-2");
  private PostgresFixture postgres;
  private JwksServer jwks;

  @BeforeAll
  void startPostgres() {
    postgres = PostgresFixture.start();
  }

  @AfterAll
  void stop() {
    jwks.close();
    postgres.close();
  }

  @BeforeEach
  void serveTheProvidersKey() {
    if (jwks != null) {
      jwks.close();
    }
    jwks = new JwksServer();
    jwks.serve(Map.of(), providerKey);
  }

  @Test
  void rs256TokenSignedWithAKeyOfTheSet_runsTheQuery() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token = auth0Token(providerKey.jwts(CLOCK)).sign();

      var response = post(sandbox, token);

      assertEquals(200, response.status());
      assertEquals(OK, response.body());
    }
  }

  @Test
  void rs384AndRs512Tokens_areVerifiedWithTheSameRsaKey() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(0), CLOCK)) {
      String rs384 =
          auth0Token(providerKey.jwts(CLOCK)).signedWith(providerKey.rs384(), "key-1").sign();
      String rs512 =
          auth0Token(providerKey.jwts(CLOCK)).signedWith(providerKey.rs512(), "key-1").sign();

      assertEquals(OK, post(sandbox, rs384).body());
      assertEquals(OK, post(sandbox, rs512).body());
    }
  }

  @Test
  void tokenSignedWithAKeyNotInTheSet_isInvalidSignature() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token = auth0Token(rotatedKey.jwts(CLOCK)).sign();

      assertEquals(
          error("Could not verify JWT: JWSError JWSInvalidSignature"), post(sandbox, token).body());
    }
  }

  @Test
  void kid_doesNotChooseTheKey_everyKeyOfTheSetIsTried() {
    // jose's JWKSet key store returns every key, whatever the header's kid (JWK/Store.hs).
    jwks.serve(Map.of(), providerKey, rotatedKey);
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token =
          auth0Token(providerKey.jwts(CLOCK)).signedWith(rotatedKey.rs256(), "key-1").sign();

      assertEquals(OK, post(sandbox, token).body());
    }
  }

  @Test
  void hs256Token_againstAJwks_isInvalidSignature() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token =
          auth0Token(providerKey.jwts(CLOCK))
              .signedWith(Algorithm.HMAC256("an-hs256-key-0123456789abcdef0123456789"), null)
              .sign();

      assertEquals(
          error("Could not verify JWT: JWSError JWSInvalidSignature"), post(sandbox, token).body());
    }
  }

  @Test
  void issuedAtBeyondTheAllowedSkew_isJwtIssuedAtFuture() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token = auth0Token(providerKey.jwts(CLOCK)).issuedIn(Duration.ofSeconds(31)).sign();

      assertEquals(error("Could not verify JWT: JWTIssuedAtFuture"), post(sandbox, token).body());
    }
  }

  @Test
  void issuedAtWithinTheAllowedSkew_isAccepted() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token = auth0Token(providerKey.jwts(CLOCK)).issuedIn(Duration.ofSeconds(30)).sign();

      assertEquals(OK, post(sandbox, token).body());
    }
  }

  @Test
  void issuedOneSecondAhead_withoutAllowedSkew_isJwtIssuedAtFuture() {
    // The issue's case: a registration right after login, the provider's clock a second ahead.
    String config = "{\"jwk_url\":\"" + jwks.url() + "\",\"audience\":\"" + AUDIENCE + "\"}";
    try (HasuraSandbox sandbox = sandbox(config, CLOCK)) {
      String token = auth0Token(providerKey.jwts(CLOCK)).issuedIn(Duration.ofSeconds(1)).sign();

      assertEquals(error("Could not verify JWT: JWTIssuedAtFuture"), post(sandbox, token).body());
    }
  }

  @Test
  void expiredWithinTheAllowedSkew_isAccepted() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token =
          auth0Token(providerKey.jwts(CLOCK))
              .issuedIn(Duration.ofHours(-1))
              .expiresIn(Duration.ofSeconds(-29))
              .sign();

      assertEquals(OK, post(sandbox, token).body());
    }
  }

  @Test
  void expiredBySkewOrMore_isJwtExpired() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      // jose: valid while now < exp + skew, so exp + skew == now is expired.
      String token =
          auth0Token(providerKey.jwts(CLOCK))
              .issuedIn(Duration.ofHours(-1))
              .expiresIn(Duration.ofSeconds(-30))
              .sign();

      assertEquals(error("Could not verify JWT: JWTExpired"), post(sandbox, token).body());
    }
  }

  @Test
  void notBeforeBeyondTheAllowedSkew_isJwtNotYetValid() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token = auth0Token(providerKey.jwts(CLOCK)).notBeforeIn(Duration.ofSeconds(31)).sign();

      assertEquals(error("Could not verify JWT: JWTNotYetValid"), post(sandbox, token).body());
    }
  }

  @Test
  void anotherAudience_isJwtNotInAudience() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token =
          auth0Token(providerKey.jwts(CLOCK)).audience("https://another-api.example.com/").sign();

      assertEquals(error("Could not verify JWT: JWTNotInAudience"), post(sandbox, token).body());
    }
  }

  @Test
  void audienceList_acceptsAnyOfItsAudiences_andATokenNamingSeveral() {
    String config =
        "{\"jwk_url\":\""
            + jwks.url()
            + "\",\"audience\":[\"https://first.example.com/\",\""
            + AUDIENCE
            + "\"]}";
    try (HasuraSandbox sandbox = sandbox(config, CLOCK)) {
      // Auth0 access tokens name the API and the userinfo endpoint.
      String severalAudiences =
          auth0Token(providerKey.jwts(CLOCK))
              .audience(AUDIENCE, "https://tenant.example.auth0.com/userinfo")
              .sign();
      String elsewhere =
          auth0Token(providerKey.jwts(CLOCK)).audience("https://elsewhere.example.com/").sign();

      assertEquals(OK, post(sandbox, severalAudiences).body());
      assertEquals(
          error("Could not verify JWT: JWTNotInAudience"), post(sandbox, elsewhere).body());
    }
  }

  @Test
  void tokenWithoutAud_isAccepted_evenWithAnAudienceConfigured() {
    // jose checks aud only when the token has one (validateAudClaim).
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token = providerKey.jwts(CLOCK).forUser("alice").issuer(ISSUER).sign();

      assertEquals(OK, post(sandbox, token).body());
    }
  }

  @Test
  void anotherIssuer_isJwtNotInIssuer() {
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token =
          auth0Token(providerKey.jwts(CLOCK)).issuer("https://other.example.auth0.com/").sign();

      assertEquals(error("Could not verify JWT: JWTNotInIssuer"), post(sandbox, token).body());
    }
  }

  @Test
  void issuerWithoutItsTrailingSlash_isJwtNotInIssuer() {
    // Auth0's issuer is "https://TENANT/": the slash is part of it.
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token =
          auth0Token(providerKey.jwts(CLOCK)).issuer("https://tenant.example.auth0.com").sign();

      assertEquals(error("Could not verify JWT: JWTNotInIssuer"), post(sandbox, token).body());
    }
  }

  @Test
  void anotherIssuer_isReportedBeforeTheSignatureIsChecked() {
    // processJwt_ compares the unverified iss with the configured issuer first.
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), CLOCK)) {
      String token =
          auth0Token(rotatedKey.jwts(CLOCK)).issuer("https://other.example.auth0.com/").sign();

      assertEquals(error("Could not verify JWT: JWTNotInIssuer"), post(sandbox, token).body());
    }
  }

  @Test
  void unreachableJwkUrl_failsStart() throws Exception {
    URI closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + JwksServer.PATH);
    }
    String config = "{\"jwk_url\":\"" + closed + "\"}";

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> sandbox(config, CLOCK));

    assertTrue(
        e.getMessage().startsWith("HASURA_GRAPHQL_JWT_SECRET: Error fetching JWK: "),
        e.getMessage());
  }

  @Test
  void jwkUrlAnsweringAnError_failsStart() {
    jwks.fail(503, "{\"error\":\"down\"}");
    String config = "{\"jwk_url\":\"" + jwks.url() + "\"}";

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> sandbox(config, CLOCK));

    assertEquals(
        "HASURA_GRAPHQL_JWT_SECRET: Non-2xx response on fetching JWK from: "
            + jwks.url()
            + " (503)",
        e.getMessage());
  }

  @Test
  void jwkUrlServingSomethingElse_failsStart() {
    jwks.fail(200, "<html>not a key set</html>");
    String config = "{\"jwk_url\":\"" + jwks.url() + "\"}";

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> sandbox(config, CLOCK));

    assertEquals(
        "HASURA_GRAPHQL_JWT_SECRET: Error parsing JWK from url: "
            + jwks.url()
            + " (not a JSON object)",
        e.getMessage());
  }

  @Test
  void afterCacheControlMaxAge_theKeysAreFetchedAgain_andARotatedKeyIsAccepted() {
    jwks.serve(Map.of("Cache-Control", "public, max-age=1"), providerKey);
    Clock clock = Clock.systemUTC();
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), clock)) {
      String oldKeyToken = auth0Token(providerKey.jwts(clock)).sign();
      String newKeyToken = auth0Token(rotatedKey.jwts(clock)).sign();
      assertEquals(OK, post(sandbox, oldKeyToken).body());

      jwks.serve(Map.of("Cache-Control", "public, max-age=1"), rotatedKey);

      awaitUntil(() -> OK.equals(post(sandbox, newKeyToken).body()), "the rotated key accepted");
      assertEquals(
          error("Could not verify JWT: JWSError JWSInvalidSignature"),
          post(sandbox, oldKeyToken).body());
    }
  }

  @Test
  void afterExpires_theKeysAreFetchedAgain() {
    String inOneSecond =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
    jwks.serve(Map.of("Expires", inOneSecond), providerKey);
    Clock clock = Clock.systemUTC();
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), clock)) {
      String newKeyToken = auth0Token(rotatedKey.jwts(clock)).sign();

      jwks.serve(Map.of(), rotatedKey);

      awaitUntil(() -> OK.equals(post(sandbox, newKeyToken).body()), "the rotated key accepted");
    }
  }

  @Test
  void failedRefresh_keepsThePreviousKeys_andIsRetried() {
    jwks.serve(Map.of("Cache-Control", "max-age=1"), providerKey);
    Clock clock = Clock.systemUTC();
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), clock)) {
      String oldKeyToken = auth0Token(providerKey.jwts(clock)).sign();
      String newKeyToken = auth0Token(rotatedKey.jwts(clock)).sign();

      jwks.fail(500, "{\"error\":\"internal\"}");
      awaitUntil(() -> jwks.fetches() >= 3, "two failed refreshes");

      assertEquals(OK, post(sandbox, oldKeyToken).body());

      jwks.serve(Map.of("Cache-Control", "max-age=60"), rotatedKey);
      awaitUntil(() -> OK.equals(post(sandbox, newKeyToken).body()), "the rotated key accepted");
    }
  }

  @Test
  void withoutCacheHeaders_theKeysAreNeverFetchedAgain() throws InterruptedException {
    // With no expiry Hasura's poller never fetches again (Auth.hs updateJwkFromUrl). Hasura itself
    // fetches twice at start (mkJwtCtx discards its fetch, the poller fetches an empty set's keys);
    // the sandbox keeps its start-up fetch.
    Clock clock = Clock.systemUTC();
    try (HasuraSandbox sandbox = sandbox(auth0Config(30), clock)) {
      Thread.sleep(2_500);

      assertEquals(1, jwks.fetches());
    }
  }

  private String auth0Config(int allowedSkew) {
    return "{\"jwk_url\":\""
        + jwks.url()
        + "\",\"audience\":\""
        + AUDIENCE
        + "\",\"issuer\":\""
        + ISSUER
        + "\",\"allowed_skew\":"
        + allowedSkew
        + "}";
  }

  /** The token an Auth0 tenant issues for the API: issuer, audience, Hasura claims. */
  private static Jwts.Builder auth0Token(Jwts jwts) {
    return jwts.forUser("alice").issuer(ISSUER).audience(AUDIENCE);
  }

  private HasuraSandbox sandbox(String jwtSecret, Clock clock) {
    return HasuraSandbox.builder()
        .dataSource(postgres.dataSource())
        .jwtSecret(JwtSecret.parse(jwtSecret))
        .adminSecret("jwks-test-admin-secret")
        .clock(clock)
        .start();
  }

  private static GraphQlTestClient.Response post(HasuraSandbox sandbox, String token) {
    return new GraphQlTestClient(sandbox.graphqlUri())
        .post(QUERY, null, Map.of("Authorization", "Bearer " + token));
  }

  /** Waits for a background refresh (Hasura's poller ticks every second). */
  private static void awaitUntil(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 15 s: " + what);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static String error(String message) {
    return "{\"errors\":[{\"message\":\""
        + message
        + "\",\"extensions\":{\"path\":\"$\",\"code\":\"invalid-jwt\"}}]}";
  }
}
