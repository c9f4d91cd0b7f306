package com.checkandregisteruser.sandbox;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mints HS256 JWTs in Hasura's claims format for tests and the local stack. By default a token has
 * the claims the function's users carry: allowed roles [user], default role user, user id, access
 * token and secret, and expires in an hour.
 */
public final class Jwts {

  public static final String CLAIMS_NAMESPACE = Authenticator.CLAIMS_NAMESPACE;

  private final String key;
  private final Clock clock;

  /**
   * @param key the HS256 key Hasura is configured with ({@code HASURA_GRAPHQL_JWT_SECRET.key}).
   */
  public Jwts(String key, Clock clock) {
    this.key = Objects.requireNonNull(key, "key");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Jwts(String key) {
    this(key, Clock.systemUTC());
  }

  /** Starts a token for the user: {@code x-hasura-user-id} is {@code userId}. */
  public Builder forUser(String userId) {
    return new Builder(userId);
  }

  /** Builds one token; {@code omit...} methods exist to provoke Hasura's claim errors. */
  public final class Builder {

    private final Map<String, Object> hasuraClaims = new LinkedHashMap<>();
    private Duration expiresIn = Duration.ofHours(1);
    private boolean withNamespace = true;
    private String signingKey = key;

    private Builder(String userId) {
      hasuraClaims.put("x-hasura-allowed-roles", List.of("user"));
      hasuraClaims.put("x-hasura-default-role", "user");
      hasuraClaims.put("x-hasura-user-id", userId);
    }

    public Builder accessToken(String accessToken) {
      return claim("x-hasura-access-token", accessToken);
    }

    public Builder accessTokenSecret(String accessTokenSecret) {
      return claim("x-hasura-access-token-secret", accessTokenSecret);
    }

    public Builder allowedRoles(String... roles) {
      return claim("x-hasura-allowed-roles", List.of(roles));
    }

    public Builder defaultRole(String role) {
      return claim("x-hasura-default-role", role);
    }

    /** Sets any claim inside the Hasura namespace (values: String, List, Number, Boolean). */
    public Builder claim(String name, Object value) {
      hasuraClaims.put(name, value);
      return this;
    }

    public Builder omitClaim(String name) {
      hasuraClaims.remove(name);
      return this;
    }

    public Builder omitNamespace() {
      withNamespace = false;
      return this;
    }

    /** Sets the lifetime from the clock's now; a negative duration makes an expired token. */
    public Builder expiresIn(Duration duration) {
      expiresIn = duration;
      return this;
    }

    /** Signs with another key, for bad-signature tests. */
    public Builder signedWith(String otherKey) {
      signingKey = otherKey;
      return this;
    }

    public String sign() {
      Instant now = clock.instant();
      var builder =
          JWT.create()
              .withSubject(String.valueOf(hasuraClaims.get("x-hasura-user-id")))
              .withIssuedAt(now)
              .withExpiresAt(now.plus(expiresIn));
      if (withNamespace) {
        builder.withClaim(CLAIMS_NAMESPACE, hasuraClaims);
      }
      return builder.sign(Algorithm.HMAC256(signingKey));
    }
  }
}
