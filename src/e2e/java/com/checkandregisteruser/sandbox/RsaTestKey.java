package com.checkandregisteruser.sandbox;

import com.auth0.jwt.algorithms.Algorithm;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;

/** An RSA key pair made for one test run, as an identity provider's signing key and its JWK. */
record RsaTestKey(String kid, RSAPublicKey publicKey, RSAPrivateKey privateKey) {

  static RsaTestKey generate(String kid) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      KeyPair pair = generator.generateKeyPair();
      return new RsaTestKey(
          kid, (RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Signs RS256 tokens with this key and its kid. */
  Jwts jwts(Clock clock) {
    return new Jwts(rs256(), kid, clock);
  }

  Algorithm rs256() {
    return Algorithm.RSA256(null, privateKey);
  }

  Algorithm rs384() {
    return Algorithm.RSA384(null, privateKey);
  }

  Algorithm rs512() {
    return Algorithm.RSA512(null, privateKey);
  }

  /** The public key as Auth0 publishes one (RFC 7517, RFC 7518 §6.3.1). */
  JsonObject jwk() {
    JsonObject jwk = new JsonObject();
    jwk.addProperty("kty", "RSA");
    jwk.addProperty("use", "sig");
    jwk.addProperty("alg", "RS256");
    jwk.addProperty("kid", kid);
    jwk.addProperty("n", base64Url(publicKey.getModulus()));
    jwk.addProperty("e", base64Url(publicKey.getPublicExponent()));
    return jwk;
  }

  /** A JWK Set document with these keys. */
  static String jwks(RsaTestKey... keys) {
    JsonArray list = new JsonArray();
    for (RsaTestKey key : keys) {
      list.add(key.jwk());
    }
    JsonObject set = new JsonObject();
    set.add("keys", list);
    return Json.write(set);
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    // Unsigned big-endian: BigInteger adds a leading zero byte when the top bit is set.
    if (bytes.length > 1 && bytes[0] == 0) {
      bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
