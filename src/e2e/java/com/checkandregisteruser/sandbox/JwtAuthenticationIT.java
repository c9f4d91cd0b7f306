package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * JWT mode (HS256) and the admin secret: every auth error of docs/hasura-contract.md §3, at path $
 * with HTTP 200.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwtAuthenticationIT {

  private static final String QUERY = "query { user { username } }";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();

  @Test
  void validToken_runsTheQuery() {
    var response = harness.asToken(harness.jwts().forUser("alice").sign(), QUERY, null);

    assertEquals(200, response.status());
    assertEquals("{\"data\":{\"user\":[]}}", response.body());
  }

  @Test
  void noAuthorizationHeader_isInvalidHeaders() {
    var response = harness.client().post(QUERY, null, Map.of());

    // Contract §3, "no Authorization header (JWT mode)".
    assertEquals(200, response.status());
    assertEquals(
        error(
            "Missing 'Authorization' or 'Cookie' header in JWT authentication mode",
            "invalid-headers"),
        response.body());
  }

  @Test
  void basicScheme_isMalformedAuthorizationHeader() {
    var response =
        harness.client().post(QUERY, null, Map.of("Authorization", "Basic YWxpY2U6c2VjcmV0"));

    // Contract §3, "header not Bearer <jwt>".
    assertEquals(error("Malformed Authorization header", "invalid-headers"), response.body());
  }

  @Test
  void lowerCaseBearer_isMalformedAuthorizationHeader() {
    String token = harness.jwts().forUser("alice").sign();

    var response = harness.client().post(QUERY, null, Map.of("Authorization", "bearer " + token));

    // Hasura compares the scheme word with "Bearer" exactly (processJwt_, BC.words).
    assertEquals(error("Malformed Authorization header", "invalid-headers"), response.body());
  }

  @Test
  void expiredToken_isJwtExpired() {
    String token = harness.jwts().forUser("alice").expiresIn(Duration.ofMinutes(-1)).sign();

    var response = harness.asToken(token, QUERY, null);

    // Contract §3, "expired JWT".
    assertEquals(error("Could not verify JWT: JWTExpired", "invalid-jwt"), response.body());
  }

  @Test
  void tokenSignedWithAnotherKey_isInvalidSignature() {
    String token =
        harness.jwts().forUser("alice").signedWith("another-hs256-key-0123456789abcdef").sign();

    var response = harness.asToken(token, QUERY, null);

    // Contract §3, "bad signature".
    assertEquals(
        error("Could not verify JWT: JWSError JWSInvalidSignature", "invalid-jwt"),
        response.body());
  }

  @Test
  void tokenWithoutClaimsNamespace_isInvalidClaims() {
    String token = harness.jwts().forUser("alice").omitNamespace().sign();

    var response = harness.asToken(token, QUERY, null);

    // Contract §3, "claims namespace missing".
    assertEquals(
        error("claims key: 'https://hasura.io/jwt/claims' not found", "jwt-invalid-claims"),
        response.body());
  }

  @Test
  void tokenWithoutAllowedRoles_isMissingRoleClaims() {
    String token = harness.jwts().forUser("alice").omitClaim("x-hasura-allowed-roles").sign();

    var response = harness.asToken(token, QUERY, null);

    // Contract §3, "role claims missing".
    assertEquals(
        error("JWT claim does not contain x-hasura-allowed-roles", "jwt-missing-role-claims"),
        response.body());
  }

  @Test
  void tokenWithoutDefaultRole_isMissingRoleClaims() {
    String token = harness.jwts().forUser("alice").omitClaim("x-hasura-default-role").sign();

    var response = harness.asToken(token, QUERY, null);

    // Hasura's tests/test_jwt.py, test_jwt_no_default_role.
    assertEquals(
        error("JWT claim does not contain x-hasura-default-role", "jwt-missing-role-claims"),
        response.body());
  }

  @Test
  void requestedRoleNotInAllowedRoles_isAccessDenied() {
    String token = harness.jwts().forUser("alice").sign();

    var response =
        harness
            .client()
            .post(
                QUERY, null, Map.of("Authorization", "Bearer " + token, "x-hasura-role", "admin"));

    // Contract §3, "requested role not allowed".
    assertEquals(
        error("Your requested role is not in allowed roles", "access-denied"), response.body());
  }

  @Test
  void wrongAdminSecret_isAccessDenied() {
    var response = harness.client().post(QUERY, null, Map.of("x-hasura-admin-secret", "wrong"));

    assertEquals(
        error("invalid x-hasura-admin-secret/x-hasura-access-key", "access-denied"),
        response.body());
  }

  @Test
  void adminSecret_runsAsAdminWithoutPermissionFilters() {
    // Whole registrations: the database refuses a user without its account at COMMIT.
    harness.asAdmin(
        """
        mutation {
          insert_account_user(objects: [
            {account: {data: {account_name: "alice",
                              access_token: "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}},
             user: {data: {username: "alice"}}},
            {account: {data: {account_name: "bob",
                              access_token: "v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"}},
             user: {data: {username: "bob"}}}
          ]) { affected_rows }
        }""",
        null);

    var response = harness.asAdmin("query { user(order_by: {username: asc}) { username } }", null);

    assertEquals(
        "{\"data\":{\"user\":[{\"username\":\"alice\"},{\"username\":\"bob\"}]}}", response.body());
  }

  @Test
  void healthz_answersOk() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(harness.sandbox().baseUrl() + "/healthz"))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals("OK", response.body());
  }

  private static String error(String message, String code) {
    return "{\"errors\":[{\"message\":\""
        + message
        + "\",\"extensions\":{\"path\":\"$\",\"code\":\""
        + code
        + "\"}}]}";
  }
}
