package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One in-process run of {@link MintJwt} with a fixed HS256 secret: its status, what it printed, and
 * the Hasura claims of the token it printed.
 */
record MintJwtRun(int status, String out, String err) {
  private static final String KEY = "mint-jwt-test-key-0123456789abcdef";

  /** The {@code HASURA_GRAPHQL_JWT_SECRET} every run mints with. */
  static final String JWT_SECRET = "{\"type\":\"HS256\",\"key\":\"" + KEY + "\"}";

  static MintJwtRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        MintJwt.run(
            args,
            Map.of("HASURA_GRAPHQL_JWT_SECRET", JWT_SECRET),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new MintJwtRun(
        status, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
  }

  /** The token printed, after a run that succeeded. */
  String token() {
    assertEquals(0, status, err);
    return out;
  }

  /** The Hasura claims of the token printed, verified with the secret. */
  @SuppressWarnings("unchecked")
  Map<String, Object> hasuraClaims() {
    return (Map<String, Object>)
        (Map<?, ?>)
            JWT.require(Algorithm.HMAC256(KEY))
                .build()
                .verify(token())
                .getClaim("https://hasura.io/jwt/claims")
                .asMap();
  }
}
