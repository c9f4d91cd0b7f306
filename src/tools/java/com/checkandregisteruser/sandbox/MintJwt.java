package com.checkandregisteruser.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn -q -Psandbox-jwt -Duser=bob}: prints a JWT the running sandbox accepts for any user,
 * signed with the same {@code HASURA_GRAPHQL_JWT_SECRET} (the sandbox's banner prints the command
 * with its secret when it made one up). Standard output is only the token, so {@code JWT=$(...)}
 * works; {@code -DaccessToken=} and {@code -DaccessTokenSecret=} set the user's OAuth tokens.
 *
 * <p>{@code -Dauth0UserId=twitter|123} mints a token for the function's Auth0 mode: it carries
 * {@code x-hasura-auth0-user-id}, as the post-login Action's tokens do, and no demo OAuth tokens
 * (the function takes them from the Management API then; given ones are still added).
 */
public final class MintJwt {
  static final Duration LIFETIME = Duration.ofHours(12);

  /** The argument the pom passes for {@code -Dauth0UserId}; blank means not given. */
  static final String AUTH0_USER_ID_OPTION = "--auth0-user-id=";

  static final String AUTH0_USER_ID_CLAIM = "x-hasura-auth0-user-id";

  private MintJwt() {}

  /**
   * Arguments: user id, then optionally access token and access token secret; {@code
   * --auth0-user-id=<id>} anywhere among them.
   */
  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Returns the process exit code: 0 printed a token, 2 usage or setting error. */
  static int run(String[] allArgs, Map<String, String> env, PrintStream out, PrintStream err) {
    String auth0UserId = null;
    List<String> positional = new ArrayList<>();
    for (String arg : allArgs) {
      if (arg.startsWith(AUTH0_USER_ID_OPTION)) {
        String value = arg.substring(AUTH0_USER_ID_OPTION.length()).strip();
        auth0UserId = value.isEmpty() ? null : value;
      } else {
        positional.add(arg);
      }
    }
    String[] args = positional.toArray(String[]::new);
    if (args.length < 1 || args.length > 3 || args[0].isBlank()) {
      err.println("usage: mvn -q -Psandbox-jwt -Duser=<user id>");
      err.println("  [-DaccessToken=<token>] [-DaccessTokenSecret=<secret>]");
      err.println("  [-Dauth0UserId=<Auth0 user id, e.g. twitter|123>]");
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
    Jwts.Builder token = new Jwts(jwtSecret.key()).forUser(user).expiresIn(LIFETIME);
    if (auth0UserId == null) {
      token
          .accessToken(orDefault(args, 1, "demo-oauth-token-" + user))
          .accessTokenSecret(orDefault(args, 2, "demo-oauth-token-secret-" + user));
    } else {
      // As the post-login Action's tokens: the function reads the OAuth tokens from Auth0.
      token.claim(AUTH0_USER_ID_CLAIM, auth0UserId);
      String accessToken = orDefault(args, 1, null);
      String accessTokenSecret = orDefault(args, 2, null);
      if (accessToken != null) {
        token.accessToken(accessToken);
      }
      if (accessTokenSecret != null) {
        token.accessTokenSecret(accessTokenSecret);
      }
    }
    out.println(token.sign());
    return 0;
  }

  private static String orDefault(String[] args, int index, String fallback) {
    return args.length > index && !args[index].isBlank() ? args[index] : fallback;
  }
}
