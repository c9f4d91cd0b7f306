package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
            + "|HASURA_GRAPHQL_JWT_SECRET: \"type\":\"RS256\" (only HS256) is valid for Hasura but not implemented by the sandbox",
        "{\"jwk_url\":\"https://example.com/jwks\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"jwk_url\" is valid for Hasura but not implemented by the sandbox",
        "{\"type\":\"HS256\",\"key\":\"0123456789abcdef0123456789abcdef\",\"audience\":\"app\"}"
            + "|HASURA_GRAPHQL_JWT_SECRET: \"audience\" is valid for Hasura but not implemented by the sandbox",
        "HS256:0123456789abcdef0123456789abcdef"
            + "|HASURA_GRAPHQL_JWT_SECRET: is not JSON (expected e.g. {\"type\":\"HS256\",\"key\":\"<32+ characters>\"})"
      })
  void invalidSetting_isRefusedWithHasurasReason_andNeverTheKey(String json, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JwtSecret.parse(json));

    assertEquals(message, e.getMessage());
  }
}
