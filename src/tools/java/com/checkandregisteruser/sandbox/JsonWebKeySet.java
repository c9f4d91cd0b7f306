package com.checkandregisteruser.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A JWK Set ({@code {"keys":[...]}}, RFC 7517 §5) as a {@code jwk_url} serves it, reduced to the
 * RSA public keys the sandbox verifies RS256/RS384/RS512 signatures with. As jose's {@code FromJSON
 * JWKSet} (which Hasura's fetchJwk uses) a set with a malformed key is refused whole. Other key
 * types jose knows (EC, oct, OKP) are accepted and not used: the sandbox verifies RSA only.
 */
final class JsonWebKeySet {

  private static final Set<String> KEY_TYPES_NOT_USED_HERE = Set.of("EC", "oct", "OKP");

  private final List<RSAPublicKey> rsaKeys;

  private JsonWebKeySet(List<RSAPublicKey> rsaKeys) {
    this.rsaKeys = List.copyOf(rsaKeys);
  }

  /**
   * Reads a JWK Set document.
   *
   * @throws IllegalArgumentException saying what is wrong (no key material)
   */
  static JsonWebKeySet parse(String json) {
    Optional<JsonElement> parsed = Json.parseStrict(json);
    if (parsed.isEmpty() || !parsed.get().isJsonObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    JsonElement keys = parsed.get().getAsJsonObject().get("keys");
    if (keys == null || !keys.isJsonArray()) {
      throw new IllegalArgumentException("no \"keys\" array");
    }
    List<RSAPublicKey> rsaKeys = new ArrayList<>();
    int index = 0;
    for (JsonElement key : keys.getAsJsonArray()) {
      if (!key.isJsonObject()) {
        throw new IllegalArgumentException("keys[" + index + "] is not an object");
      }
      JsonObject jwk = key.getAsJsonObject();
      String type = text(jwk, "kty", index);
      if (type.equals("RSA")) {
        rsaKeys.add(rsaKey(jwk, index));
      } else if (!KEY_TYPES_NOT_USED_HERE.contains(type)) {
        throw new IllegalArgumentException("keys[" + index + "]: unknown kty " + type);
      }
      index++;
    }
    return new JsonWebKeySet(rsaKeys);
  }

  /** Every RSA key of the set: jose tries each, whatever the token's {@code kid}. */
  List<RSAPublicKey> rsaKeys() {
    return rsaKeys;
  }

  private static RSAPublicKey rsaKey(JsonObject jwk, int index) {
    BigInteger modulus = unsigned(text(jwk, "n", index), "n", index);
    BigInteger exponent = unsigned(text(jwk, "e", index), "e", index);
    try {
      return (RSAPublicKey)
          KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("keys[" + index + "] is not a valid RSA key", e);
    }
  }

  private static BigInteger unsigned(String base64Url, String name, int index) {
    try {
      // RFC 7518 §6.3.1: base64url of the unsigned big-endian value, without padding.
      return new BigInteger(1, Base64.getUrlDecoder().decode(base64Url));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("keys[" + index + "]." + name + " is not base64url", e);
    }
  }

  private static String text(JsonObject jwk, String name, int index) {
    JsonElement value = jwk.get(name);
    if (value == null || !value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException("keys[" + index + "]." + name + " is not a string");
    }
    return value.getAsString();
  }
}
