package com.checkandregisteruser.sandbox;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mvn -q -Psandbox-jwt -Duser=bob}: prints a JWT the running sandbox accepts for any user,
 * signed with the same {@code HASURA_GRAPHQL_JWT_SECRET} (the sandbox's banner prints the command
 * with its secret when it made one up). Standard output is only the token, so {@code JWT=$(...)}
 * works; {@code -DaccessToken=} and {@code -DaccessTokenSecret=} set the user's OAuth tokens. For
 * the function's Auth0 mode the user is an Auth0 user id, {@code -Duser='twitter|123'}, as in the
 * post-login Action's tokens; the function ignores the OAuth tokens in the claims then.
 *
 * <p>The pom passes every property as a named argument, {@code --user=}, {@code --access-token=}
 * and {@code --access-token-secret=}, a blank value when the property is not given: positional ones
 * shifted when one in the middle was left out (exec-maven-plugin drops an empty argument), so
 * {@code -DaccessTokenSecret} alone became the access token.
 */
public final class MintJwt {
  static final Duration LIFETIME = Duration.ofHours(12);

  static final String USER_OPTION = "--user=";
  static final String ACCESS_TOKEN_OPTION = "--access-token=";
  static final String ACCESS_TOKEN_SECRET_OPTION = "--access-token-secret=";
  private static final List<String> OPTIONS =
      List.of(USER_OPTION, ACCESS_TOKEN_OPTION, ACCESS_TOKEN_SECRET_OPTION);

  private MintJwt() {}

  /**
   * Arguments: {@code --user=<id>}, and optionally {@code --access-token=} and {@code
   * --access-token-secret=}, in any order; a blank value is not given.
   */
  public static void main(String[] args) {
    int status = run(args, System.getenv(), System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Returns the process exit code: 0 printed a token, 2 usage or setting error. */
  static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
    Map<String, String> given = new HashMap<>();
    for (String arg : args) {
      String option = OPTIONS.stream().filter(arg::startsWith).findFirst().orElse(null);
      if (option == null) {
        // Only the name: a mistyped option's value may be a token.
        int equals = arg.indexOf('=');
        err.println("unknown argument " + (equals < 0 ? arg : arg.substring(0, equals)));
        return usage(err);
      }
      String value = arg.substring(option.length()).strip();
      if (!value.isEmpty()) {
        given.put(option, value);
      }
    }
    String user = given.get(USER_OPTION);
    if (user == null) {
      return usage(err);
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
    String accessToken = given.get(ACCESS_TOKEN_OPTION);
    String accessTokenSecret = given.get(ACCESS_TOKEN_SECRET_OPTION);
    out.println(
        new Jwts(jwtSecret.key())
            .forUser(user)
            .expiresIn(LIFETIME)
            .accessToken(accessToken != null ? accessToken : "demo-oauth-token-" + user)
            .accessTokenSecret(
                accessTokenSecret != null ? accessTokenSecret : "demo-oauth-token-secret-" + user)
            .sign());
    return 0;
  }

  private static int usage(PrintStream err) {
    err.println("usage: mvn -q -Psandbox-jwt -Duser=<user id>");
    err.println("  [-DaccessToken=<token>] [-DaccessTokenSecret=<secret>]");
    err.println(
        "  (in the function's Auth0 mode the user id is an Auth0 user id, e.g. twitter|123)");
    err.println("  signs with " + JwtSecret.SETTING + ", as the sandbox does");
    return 2;
  }
}
