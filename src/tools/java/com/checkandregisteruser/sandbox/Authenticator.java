package com.checkandregisteruser.sandbox;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.JWTVerifier;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Hasura's authentication in JWT mode (HS256) with an admin secret, as read from
 * server/src-lib/Hasura/Server/Auth.hs and Auth/JWT.hs (processJwt_, parseClaimsMap): messages and
 * codes are Hasura's; the order of checks is Hasura's (signature and expiry, claims namespace,
 * allowed roles, default role, requested role, other claims). Errors have path {@code $}.
 */
final class Authenticator {

  static final String CLAIMS_NAMESPACE = "https://hasura.io/jwt/claims";
  private static final String ALLOWED_ROLES = "x-hasura-allowed-roles";
  private static final String DEFAULT_ROLE = "x-hasura-default-role";
  private static final String ROLE = "x-hasura-role";
  private static final String ADMIN_SECRET = "x-hasura-admin-secret";
  private static final String SESSION_PREFIX = "x-hasura-";

  private final JWTVerifier verifier;
  private final byte[] adminSecret;

  Authenticator(JwtSecret jwtSecret, String adminSecret, Clock clock) {
    // Hasura's jose validation: no leeway unless allowed_skew is configured, iat not checked.
    this.verifier =
        ((com.auth0.jwt.JWTVerifier.BaseVerification)
                JWT.require(Algorithm.HMAC256(jwtSecret.key())).acceptLeeway(0).ignoreIssuedAt())
            .build(clock);
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
    DecodedJWT decoded;
    try {
      decoded = verifier.verify(token);
    } catch (TokenExpiredException e) {
      throw invalidJwt("JWTExpired");
    } catch (IncorrectClaimException e) {
      // java-jwt's only other time check here is nbf.
      throw invalidJwt("JWTNotYetValid");
    } catch (JWTDecodeException e) {
      // Hasura shows jose's decode error here; its wording is not reproduced, only its start.
      throw invalidJwt("JWSError (CompactDecodeError sandbox: not a compact JWS)");
    } catch (JWTVerificationException e) {
      // Bad signature, and (not pinned against Hasura) an algorithm other than HS256.
      throw invalidJwt("JWSError JWSInvalidSignature");
    }
    byte[] payload = Base64.getUrlDecoder().decode(decoded.getPayload());
    Optional<JsonElement> claims = Json.parseStrict(new String(payload, StandardCharsets.UTF_8));
    if (claims.isEmpty() || !claims.get().isJsonObject()) {
      throw invalidJwt("JWTClaimsSetDecodeError");
    }
    return claims.get().getAsJsonObject();
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
