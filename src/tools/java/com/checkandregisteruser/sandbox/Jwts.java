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
 * Mints JWTs in Hasura's claims format for tests and the local stack: HS256 with the sandbox's key,
 * or signed with any java-jwt {@link Algorithm} (e.g. RS256 with a test's private key, as an
 * identity provider signs them). By default a token has the claims the function's users carry:
 * allowed roles [user], default role user, user id, access token and secret; it is issued now and
 * expires in an hour.
 */
public final class Jwts {

  public static final String CLAIMS_NAMESPACE = Authenticator.CLAIMS_NAMESPACE;

  private final Algorithm algorithm;
  private final String keyId;
  private final Clock clock;

  /**
   * @param key the HS256 key Hasura is configured with ({@code HASURA_GRAPHQL_JWT_SECRET.key}).
   */
  public Jwts(String key, Clock clock) {
    this(Algorithm.HMAC256(Objects.requireNonNull(key, "key")), null, clock);
  }

  /**
   * @param algorithm signs every token, e.g. {@code Algorithm.RSA256(null, privateKey)}
   * @param keyId the {@code kid} header, or null for none
   */
  public Jwts(Algorithm algorithm, String keyId, Clock clock) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    this.keyId = keyId;
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
    private Duration issuedIn = Duration.ZERO;
    private Duration notBeforeIn;
    private String issuer;
    private List<String> audience;
    private boolean withNamespace = true;
    private Algorithm signer = algorithm;
    private String signerKeyId = keyId;

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

    /** Sets {@code iat} from the clock's now; a positive duration is a token from the future. */
    public Builder issuedIn(Duration duration) {
      issuedIn = duration;
      return this;
    }

    /** Adds {@code nbf}, from the clock's now. */
    public Builder notBeforeIn(Duration duration) {
      notBeforeIn = duration;
      return this;
    }

    /** Adds {@code iss}. */
    public Builder issuer(String issuer) {
      this.issuer = issuer;
      return this;
    }

    /** Adds {@code aud}: a string for one audience, else a list. */
    public Builder audience(String... audiences) {
      this.audience = List.of(audiences);
      return this;
    }

    /** Signs with another HS256 key, for bad-signature tests. */
    public Builder signedWith(String otherKey) {
      return signedWith(Algorithm.HMAC256(otherKey), null);
    }

    /** Signs with another algorithm or key, and that {@code kid} (null for none). */
    public Builder signedWith(Algorithm otherAlgorithm, String otherKeyId) {
      signer = otherAlgorithm;
      signerKeyId = otherKeyId;
      return this;
    }

    public String sign() {
      Instant now = clock.instant();
      var builder =
          JWT.create()
              .withSubject(String.valueOf(hasuraClaims.get("x-hasura-user-id")))
              .withIssuedAt(now.plus(issuedIn))
              .withExpiresAt(now.plus(expiresIn));
      if (signerKeyId != null) {
        builder.withKeyId(signerKeyId);
      }
      if (notBeforeIn != null) {
        builder.withNotBefore(now.plus(notBeforeIn));
      }
      if (issuer != null) {
        builder.withIssuer(issuer);
      }
      if (audience != null) {
        builder.withAudience(audience.toArray(String[]::new));
      }
      if (withNamespace) {
        builder.withClaim(CLAIMS_NAMESPACE, hasuraClaims);
      }
      return builder.sign(signer);
    }
  }
}
