package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** HASURA_GRAPHQL_JWT_SECRET read with Hasura's JSON and checks (Auth/JWT.hs, JWT/Internal.hs). */
class JwtSecretIT {

  @Test
  void hs256WithA32CharacterKey_isAccepted() {
    JwtSecret secret =
        JwtSecret.parse("{\"type\":\"HS256\",\"key\":\"0123456789abcdef0123456789abcdef\"}");

    assertEquals("0123456789abcdef0123456789abcdef", secret.key());
    assertEquals(
        "{\"type\":\"HS256\",\"key\":\"0123456789abcdef0123456789abcdef\"}", secret.toJson());
  }

  @Test
  void keyLength_isCountedInUtf8Bytes_asHasuraDoes() {
    // 16 two-byte characters: 32 bytes, which Hasura accepts although it says "characters".
    assertEquals("é".repeat(16), JwtSecret.hs256("é".repeat(16)).key());
  }

  @Test
  void auth0Configuration_isReadWithEveryOption() {
    JwtSecret secret =
        JwtSecret.parse(
            "{\"jwk_url\":\"https://tenant.example.auth0.com/.well-known/jwks.json\","
                + "\"audience\":\"https://hasura.example.com/\","
                + "\"issuer\":\"https://tenant.example.auth0.com/\",\"allowed_skew\":30}");

    assertTrue(secret.hasJwkUrl());
    assertEquals(
        URI.create("https://tenant.example.auth0.com/.well-known/jwks.json"), secret.jwkUrl());
    assertEquals(Optional.of(List.of("https://hasura.example.com/")), secret.audience());
    assertEquals(Optional.of("https://tenant.example.auth0.com/"), secret.issuer());
    assertEquals(Duration.ofSeconds(30), secret.allowedSkew());
    assertEquals(
        "{\"jwk_url\":\"https://tenant.example.auth0.com/.well-known/jwks.json\","
            + "\"audience\":\"https://hasura.example.com/\","
            + "\"issuer\":\"https://tenant.example.auth0.com/\",\"allowed_skew\":30}",
        secret.toJson());
  }

  @Test
  void audienceList_fractionalSkew_andTypeBesideAJwkUrl_areAccepted() {
    // Hasura reads "type" only beside a "key"; NominalDiffTime takes fractions of a second.
    JwtSecret secret =
        JwtSecret.parse(
            "{\"type\":\"RS256\",\"jwk_url\":\"http://localhost:3000/jwks\","
                + "\"audience\":[\"a\",\"b\"],\"allowed_skew\":1.5}");

    assertEquals(Optional.of(List.of("a", "b")), secret.audience());
    assertEquals(Duration.ofMillis(1500), secret.allowedSkew());
    assertEquals(Optional.empty(), secret.issuer());
  }

  @Test
  void hs256_withAudienceIssuerAndSkew_isAccepted() {
    JwtSecret secret =
        JwtSecret.parse(
            "{\"type\":\"HS256\",\"key\":\"0123456789abcdef0123456789abcdef\","
                + "\"audience\":\"app\",\"issuer\":\"me\",\"allowed_skew\":5}");

    assertFalse(secret.hasJwkUrl());
    assertEquals(Optional.of(List.of("app")), secret.audience());
    assertEquals(Optional.of("me"), secret.issuer());
    assertEquals(Duration.ofSeconds(5), secret.allowedSkew());
  }

  @Test
  void withoutOptions_noAudienceNoIssuerAndNoSkew() {
    JwtSecret secret = JwtSecret.parse("{\"jwk_url\":\"https://example.com/jwks\"}");

    assertEquals(Optional.empty(), secret.audience());
    assertEquals(Optional.empty(), secret.issuer());
    assertEquals(Duration.ZERO, secret.allowedSkew());
    assertThrows(IllegalStateException.class, secret::key);
  }

  @Test
  void toString_neverShowsTheKey() {
    assertFalse(
        JwtSecret.hs256("0123456789abcdef0123456789abcdef").toString().contains("0123456789"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"type\":\"HS256\",\"key\":\"0123456789abcdef0123456789abcde\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: Invalid JWK: Key size too small; should be atleast 32 characters",
        "{\"type\":\"HS999\",\"key\":\"0123456789abcdef0123456789abcdef\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: Invalid JWK: Key type: HS999 is not supported",
        "{\"key\":\"0123456789abcdef0123456789abcdef\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: key \"type\" not found",
        "{\"type\":\"HS256\"}|HASURA_GRAPHQL_JWT_SECRET: key and jwk_url both cannot be empty",
        "{\"type\":\"HS256\",\"key\":\"k\",\"jwk_url\":\"https://x\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: key, jwk_url both cannot be present",
        "\"0123456789abcdef0123456789abcdef\""
            + "|HASURA_GRAPHQL_JWT_SECRET: parsing JWTConfig failed, expected Object, but encountered String",
        "{\"type\":\"HS256\",\"key\":42}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"key\": parsing Text failed, expected String, but encountered Number",
        "{\"type\":\"RS256\",\"key\":\"-----BEGIN PUBLIC KEY-----\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"type\":\"RS256\" (only HS256, or a jwk_url) is valid for Hasura but not implemented by the sandbox",
        "{\"type\":\"HS256\",\"key\":\"0123456789abcdef0123456789abcdef\",\"claims_namespace\":\"x\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"claims_namespace\" is valid for Hasura but not implemented by the sandbox",
        "{\"jwk_url\":\"https://example.com/jwks\",\"header\":{\"type\":\"Cookie\",\"name\":\"t\"}}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"header\" is valid for Hasura but not implemented by the sandbox",
        "{\"jwk_url\":42}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"jwk_url\": parsing Text failed, expected String, but encountered Number",
        "{\"jwk_url\":\"file:///etc/jwks.json\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"jwk_url\": expected an http or https URL",
        "{\"jwk_url\":\"https://example.com/jwks\",\"audience\":7}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"audience\": parsing StringOrURI failed, expected String, but encountered Number",
        "{\"jwk_url\":\"https://example.com/jwks\",\"issuer\":[\"a\"]}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"issuer\": parsing Text failed, expected String, but encountered Array",
        "{\"jwk_url\":\"https://example.com/jwks\",\"allowed_skew\":\"30\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"allowed_skew\": parsing NominalDiffTime failed, expected Number, but encountered String",
        "HS256:0123456789abcdef0123456789abcdef"
            + "|HASURA_GRAPHQL_JWT_SECRET: is not JSON (expected e.g. {\"type\":\"HS256\",\"key\":\"<32+ characters>\"}"
            + " or {\"jwk_url\":\"https://TENANT/.well-known/jwks.json\"})"
      })
  void invalidSetting_isRefusedWithHasurasReason_andNeverTheKey(String json, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JwtSecret.parse(json));

    assertEquals(message, e.getMessage());
  }
}
