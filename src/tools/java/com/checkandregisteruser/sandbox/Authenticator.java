package com.checkandregisteruser.sandbox;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Hasura's authentication in JWT mode with an admin secret, as read from
 * server/src-lib/Hasura/Server/Auth.hs and Auth/JWT.hs (processJwt_, processHeaderSimple,
 * verifyJwt, parseClaimsMap), with jose's checks as Hasura configures them (Crypto/JWT.hs
 * validateClaimsSet, Crypto/JOSE/JWS.hs verifyJWSWithPayload): messages and codes are Hasura's; the
 * order of checks is Hasura's: the token's {@code iss} against the configured issuer before
 * anything else; the signature; {@code exp}, {@code iat}, {@code nbf} (each widened by {@code
 * allowed_skew}), {@code iss}, {@code aud}; then the claims namespace, allowed roles, default role,
 * requested role, other claims. Errors have path {@code $}.
 *
 * <p>Keys: the HS256 key, or the RSA keys of a {@code jwk_url}, every one tried (jose's JWKSet key
 * store ignores {@code kid}).
 */
final class Authenticator {

  static final String CLAIMS_NAMESPACE = "https://hasura.io/jwt/claims";
  private static final String ALLOWED_ROLES = "x-hasura-allowed-roles";
  private static final String DEFAULT_ROLE = "x-hasura-default-role";
  private static final String ROLE = "x-hasura-role";
  private static final String ADMIN_SECRET = "x-hasura-admin-secret";
  private static final String SESSION_PREFIX = "x-hasura-";
  private static final Set<String> RSA_ALGORITHMS = Set.of("RS256", "RS384", "RS512");

  private final JwtSecret jwtSecret;
  private final Algorithm hmac;
  private final Supplier<JsonWebKeySet> jwks;
  private final BigDecimal skewSeconds;
  private final Clock clock;
  private final byte[] adminSecret;

  /**
   * @param jwks the {@code jwk_url}'s current keys; ignored for an HS256 secret
   */
  Authenticator(
      JwtSecret jwtSecret, Supplier<JsonWebKeySet> jwks, String adminSecret, Clock clock) {
    this.jwtSecret = jwtSecret;
    this.hmac = jwtSecret.hasJwkUrl() ? null : Algorithm.HMAC256(jwtSecret.key());
    this.jwks = jwks;
    // jose takes the skew's absolute value, and defaults it to 0.
    this.skewSeconds = seconds(jwtSecret.allowedSkew()).abs();
    this.clock = clock;
    this.adminSecret = adminSecret == null ? null : adminSecret.getBytes(StandardCharsets.UTF_8);
  }

  Session authenticate(RequestHeaders headers) {
    String givenAdminSecret = headers.first(ADMIN_SECRET);
    if (givenAdminSecret != null && adminSecret != null) {
      return adminSecretSession(headers, givenAdminSecret);
    }
    String authorization = headers.first("Authorization");
    if (authorization == null) {
      throw HasuraError.atRoot(
          "invalid-headers",
          "Missing 'Authorization' or 'Cookie' header in JWT authentication mode");
    }
    // Hasura splits on whitespace and wants exactly ["Bearer", token]; "bearer" does not match.
    String[] words = authorization.trim().split("\\s+");
    if (words.length != 2 || !words[0].equals("Bearer")) {
      throw HasuraError.atRoot("invalid-headers", "Malformed Authorization header");
    }
    return jwtSession(verify(words[1]), headers);
  }

  private Session adminSecretSession(RequestHeaders headers, String given) {
    if (!MessageDigest.isEqual(adminSecret, given.getBytes(StandardCharsets.UTF_8))) {
      throw HasuraError.atRoot(
          "access-denied", "invalid x-hasura-admin-secret/x-hasura-access-key");
    }
    // With the admin secret, x-hasura-* request headers are the session (the secret itself
    // excluded)
    // and x-hasura-role picks the role, admin by default.
    Map<String, String> variables = new LinkedHashMap<>();
    for (Map.Entry<String, String> header : headers.entries()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(SESSION_PREFIX) && !name.equals(ADMIN_SECRET)) {
        variables.put(name, header.getValue());
      }
    }
    String role = variables.getOrDefault(ROLE, "");
    if (role.isEmpty()) {
      role = Session.ADMIN_ROLE;
    }
    variables.put(ROLE, role);
    return new Session(role, variables);
  }

  private JsonObject verify(String token) {
    // processJwt_ matches the configured issuer with the token's iss, read without verifying,
    // before it verifies anything: a token from another issuer fails here whatever its signature.
    Optional<String> unverifiedIssuer = unverifiedIssuer(token);
    if (jwtSecret.issuer().isPresent()
        && unverifiedIssuer.isPresent()
        && !unverifiedIssuer.get().equals(jwtSecret.issuer().get())) {
      throw invalidJwt("JWTNotInIssuer");
    }
    DecodedJWT decoded;
    try {
      decoded = JWT.decode(token);
    } catch (JWTDecodeException e) {
      // Hasura shows jose's decode error here; its wording is not reproduced, only its start.
      throw invalidJwt("JWSError (CompactDecodeError sandbox: not a compact JWS)");
    }
    checkSignature(decoded);
    byte[] payload = Base64.getUrlDecoder().decode(decoded.getPayload());
    Optional<JsonElement> parsed = Json.parseStrict(new String(payload, StandardCharsets.UTF_8));
    if (parsed.isEmpty() || !parsed.get().isJsonObject()) {
      throw invalidJwt("JWTClaimsSetDecodeError");
    }
    JsonObject claims = parsed.get().getAsJsonObject();
    checkRegisteredClaims(claims);
    return claims;
  }

  private void checkSignature(DecodedJWT decoded) {
    String algorithm = decoded.getAlgorithm();
    if (hmac != null) {
      // Not pinned against Hasura: an algorithm other than HS256 with an HS256 key.
      if (!"HS256".equals(algorithm) || !verifies(hmac, decoded)) {
        throw invalidJwt("JWSError JWSInvalidSignature");
      }
      return;
    }
    List<RSAPublicKey> keys = jwks.get().rsaKeys();
    if (keys.isEmpty()) {
      throw invalidJwt("JWSError NoUsableKeys");
    }
    // jose tries every key of the set (its JWKSet key store ignores kid); one that verifies is
    // enough. An algorithm that is not RSA fails on every RSA key: an invalid signature.
    if (RSA_ALGORITHMS.contains(algorithm)) {
      for (RSAPublicKey key : keys) {
        if (verifies(rsa(algorithm, key), decoded)) {
          return;
        }
      }
    }
    throw invalidJwt("JWSError JWSInvalidSignature");
  }

  private static Algorithm rsa(String algorithm, RSAPublicKey key) {
    return switch (algorithm) {
      case "RS256" -> Algorithm.RSA256(key, null);
      case "RS384" -> Algorithm.RSA384(key, null);
      default -> Algorithm.RSA512(key, null);
    };
  }

  private static boolean verifies(Algorithm algorithm, DecodedJWT decoded) {
    try {
      algorithm.verify(decoded);
      return true;
    } catch (SignatureVerificationException e) {
      return false;
    }
  }

  /** jose's validateClaimsSet, in its order: exp, iat, nbf, iss, aud. */
  private void checkRegisteredClaims(JsonObject claims) {
    BigDecimal now = BigDecimal.valueOf(clock.millis()).movePointLeft(3);
    Optional<BigDecimal> expiry = numericDate(claims, "exp");
    if (expiry.isPresent() && now.compareTo(expiry.get().add(skewSeconds)) >= 0) {
      throw invalidJwt("JWTExpired");
    }
    Optional<BigDecimal> issuedAt = numericDate(claims, "iat");
    if (issuedAt.isPresent() && issuedAt.get().compareTo(now.add(skewSeconds)) > 0) {
      throw invalidJwt("JWTIssuedAtFuture");
    }
    Optional<BigDecimal> notBefore = numericDate(claims, "nbf");
    if (notBefore.isPresent() && now.compareTo(notBefore.get().subtract(skewSeconds)) < 0) {
      throw invalidJwt("JWTNotYetValid");
    }
    Optional<String> issuer = stringClaim(claims, "iss");
    if (issuer.isPresent()
        && jwtSecret.issuer().isPresent()
        && !issuer.get().equals(jwtSecret.issuer().get())) {
      throw invalidJwt("JWTNotInIssuer");
    }
    Optional<List<String>> audiences = audienceClaim(claims);
    if (audiences.isPresent()) {
      // Checked only when the token has an aud; any one configured audience is enough, and with
      // none configured every audience passes (but an empty list still fails: "or []" is False).
      Optional<List<String>> accepted = jwtSecret.audience();
      boolean matches =
          audiences.get().stream()
              .anyMatch(audience -> accepted.map(list -> list.contains(audience)).orElse(true));
      if (!matches) {
        throw invalidJwt("JWTNotInAudience");
      }
    }
  }

  /** The token's iss without verifying it, as Hasura's tokenIssuer; empty if unreadable. */
  private static Optional<String> unverifiedIssuer(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length < 3) {
      return Optional.empty();
    }
    try {
      String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
      Optional<JsonElement> claims = Json.parseStrict(payload);
      if (claims.isEmpty() || !claims.get().isJsonObject()) {
        return Optional.empty();
      }
      JsonElement issuer = claims.get().getAsJsonObject().get("iss");
      if (issuer == null || !issuer.isJsonPrimitive() || !issuer.getAsJsonPrimitive().isString()) {
        return Optional.empty();
      }
      return Optional.of(issuer.getAsString());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Optional<BigDecimal> numericDate(JsonObject claims, String name) {
    return claim(claims, name, JsonPrimitive::isNumber).map(JsonPrimitive::getAsBigDecimal);
  }

  private static Optional<String> stringClaim(JsonObject claims, String name) {
    return claim(claims, name, JsonPrimitive::isString).map(JsonPrimitive::getAsString);
  }

  /** An absent or null claim is empty; one that is not a primitive {@code ofType} fails. */
  private static Optional<JsonPrimitive> claim(
      JsonObject claims, String name, Predicate<JsonPrimitive> ofType) {
    JsonElement value = claims.get(name);
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    if (!value.isJsonPrimitive() || !ofType.test(value.getAsJsonPrimitive())) {
      // Hasura adds aeson's reason, not reproduced here.
      throw invalidJwt("JWTClaimsSetDecodeError");
    }
    return Optional.of(value.getAsJsonPrimitive());
  }

  /** jose's Audience: a list of strings, or one string. */
  private static Optional<List<String>> audienceClaim(JsonObject claims) {
    JsonElement value = claims.get("aud");
    if (value == null || value.isJsonNull()) {
      return Optional.empty();
    }
    List<String> audiences = new ArrayList<>();
    if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
      audiences.add(value.getAsString());
      return Optional.of(audiences);
    }
    if (!value.isJsonArray()) {
      throw invalidJwt("JWTClaimsSetDecodeError");
    }
    for (JsonElement audience : value.getAsJsonArray()) {
      if (!audience.isJsonPrimitive() || !audience.getAsJsonPrimitive().isString()) {
        throw invalidJwt("JWTClaimsSetDecodeError");
      }
      audiences.add(audience.getAsString());
    }
    return Optional.of(audiences);
  }

  private static BigDecimal seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos()).movePointLeft(9);
  }

  private static HasuraError invalidJwt(String joseError) {
    return HasuraError.atRoot("invalid-jwt", "Could not verify JWT: " + joseError);
  }

  private static Session jwtSession(JsonObject claims, RequestHeaders headers) {
    JsonElement namespace = claims.get(CLAIMS_NAMESPACE);
    if (namespace == null) {
      throw HasuraError.atRoot(
          "jwt-invalid-claims", "claims key: '" + CLAIMS_NAMESPACE + "' not found");
    }
    if (!namespace.isJsonObject()) {
      throw HasuraError.atRoot(
          "jwt-invalid-claims", "expecting a json object when claims_format is json");
    }
    // Only x-hasura-* claims count, their names case-insensitively.
    Map<String, JsonElement> hasuraClaims = new LinkedHashMap<>();
    namespace
        .getAsJsonObject()
        .entrySet()
        .forEach(
            claim -> {
              String name = claim.getKey().toLowerCase(Locale.ROOT);
              if (name.startsWith(SESSION_PREFIX)) {
                hasuraClaims.put(name, claim.getValue());
              }
            });

    List<String> allowedRoles = allowedRoles(hasuraClaims.get(ALLOWED_ROLES));
    String defaultRole = defaultRole(hasuraClaims.get(DEFAULT_ROLE));
    String requested = headers.first(ROLE);
    String role = requested == null || requested.isEmpty() ? defaultRole : requested;
    if (!allowedRoles.contains(role)) {
      throw HasuraError.atRoot("access-denied", "Your requested role is not in allowed roles");
    }

    Map<String, String> variables = new LinkedHashMap<>();
    hasuraClaims.remove(ALLOWED_ROLES);
    hasuraClaims.remove(DEFAULT_ROLE);
    for (Map.Entry<String, JsonElement> claim : hasuraClaims.entrySet()) {
      JsonElement value = claim.getValue();
      if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
        // Aeson's message for a non-string where Text is expected (read from code, not pinned).
        throw HasuraError.atRoot(
            "jwt-invalid-claims",
            "x-hasura-* claims: parsing Text failed, expected String, but encountered "
                + Json.aesonTypeName(value));
      }
      variables.put(claim.getKey(), value.getAsString());
    }
    variables.put(ROLE, role);
    return new Session(role, variables);
  }

  private static List<String> allowedRoles(JsonElement claim) {
    if (claim == null) {
      throw HasuraError.atRoot(
          "jwt-missing-role-claims", "JWT claim does not contain " + ALLOWED_ROLES);
    }
    String invalid = "invalid " + ALLOWED_ROLES + "; should be a list of roles: ";
    if (!claim.isJsonArray()) {
      throw HasuraError.atRoot(
          "jwt-invalid-claims",
          invalid
              + "parsing [] failed, expected Array, but encountered "
              + Json.aesonTypeName(claim));
    }
    JsonArray roles = claim.getAsJsonArray();
    List<String> names = new ArrayList<>();
    for (JsonElement role : roles) {
      if (!role.isJsonPrimitive() || !role.getAsJsonPrimitive().isString()) {
        throw HasuraError.atRoot(
            "jwt-invalid-claims",
            invalid
                + "parsing Text failed, expected String, but encountered "
                + Json.aesonTypeName(role));
      }
      names.add(role.getAsString());
    }
    return names;
  }

  private static String defaultRole(JsonElement claim) {
    if (claim == null) {
      throw HasuraError.atRoot(
          "jwt-missing-role-claims", "JWT claim does not contain " + DEFAULT_ROLE);
    }
    if (!claim.isJsonPrimitive() || !claim.getAsJsonPrimitive().isString()) {
      throw HasuraError.atRoot(
          "jwt-invalid-claims",
          "invalid "
              + DEFAULT_ROLE
              + "; should be a single role name: parsing Text failed, expected String, but encountered "
              + Json.aesonTypeName(claim));
    }
    return claim.getAsString();
  }
}
