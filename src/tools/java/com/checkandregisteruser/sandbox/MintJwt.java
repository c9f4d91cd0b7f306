package com.checkandregisteruser.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/**
 * {@code mvn -q -Psandbox-jwt -Duser=bob}: prints a JWT the running sandbox accepts for any user,
 * signed with the same {@code HASURA_GRAPHQL_JWT_SECRET} (the sandbox's banner prints the command
 * with its secret when it made one up). Standard output is only the token, so {@code JWT=$(...)}
 * works; {@code -DaccessToken=} and {@code -DaccessTokenSecret=} set the user's OAuth tokens.
 */
public final class MintJwt {
  static final Duration LIFETIME = Duration.ofHours(12);

  private MintJwt() {}

  /** Arguments: user id, then optionally access token and access token secret. */
  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Returns the process exit code: 0 printed a token, 2 usage or setting error. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    if (args.length < 1 || args.length > 3 || args[0].isBlank()) {
      err.println("usage: mvn -q -Psandbox-jwt -Duser=<user id>");
      err.println("  [-DaccessToken=<token>] [-DaccessTokenSecret=<secret>]");
      err.println("  signs with " + JwtSecret.SETTING + ", as the sandbox does");
      return 2;
    }
    String secret = env.get(JwtSecret.SETTING);
    if (SandboxStack.isBlank(secret)) {
      err.println(
          JwtSecret.SETTING
              + " is not set: give the value the sandbox's banner shows"
              + " (or the one you started it with)");
      return 2;
    }
    JwtSecret jwtSecret;
    try {
      jwtSecret = JwtSecret.parse(secret);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (jwtSecret.hasJwkUrl()) {
      err.println(
          JwtSecret.SETTING
              + " has a jwk_url: log in through that identity provider for a token;"
              + " only an HS256 key can sign one here");
      return 2;
    }
    String user = args[0];
    out.println(
        new Jwts(jwtSecret.key())
            .forUser(user)
            .accessToken(orDefault(args, 1, "demo-oauth-token-" + user))
            .accessTokenSecret(orDefault(args, 2, "demo-oauth-token-secret-" + user))
            .expiresIn(LIFETIME)
            .sign());
    return 0;
  }

  private static String orDefault(String[] args, int index, String fallback) {
    return args.length > index && !args[index].isBlank() ? args[index] : fallback;
  }
}
