package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A jwk_url's document read as jose reads a JWKSet: one bad key refuses the whole set. */
class JsonWebKeySetIT {

  @Test
  void rsaKeys_areReadFromNAndE_otherKnownTypesAreSkipped() {
    RsaTestKey key = RsaTestKey.generate("k1");
    String document =
        "{\"keys\":["
            + key.jwk()
            + ",{\"kty\":\"EC\",\"crv\":\"P-256\",\"x\":\"AA\",\"y\":\"AA\"}]}";

    JsonWebKeySet set = JsonWebKeySet.parse(document);

    assertEquals(1, set.rsaKeys().size());
    assertEquals(key.publicKey().getModulus(), set.rsaKeys().get(0).getModulus());
    assertEquals(key.publicKey().getPublicExponent(), set.rsaKeys().get(0).getPublicExponent());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "[]|not a JSON object",
        "{\"keys\":{}}|no \"keys\" array",
        "{\"keys\":[42]}|keys[0] is not an object",
        "{\"keys\":[{\"kty\":\"RSA\",\"e\":\"AQAB\"}]}|keys[0].n is not a string",
        "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"!!\",\"e\":\"AQAB\"}]}|keys[0].n is not base64url",
        "{\"keys\":[{\"kty\":\"XYZ\"}]}|keys[0]: unknown kty XYZ",
      })
  void malformedDocument_isRefusedWhole(String document, String reason) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> JsonWebKeySet.parse(document));

    assertEquals(reason, e.getMessage());
  }
}
