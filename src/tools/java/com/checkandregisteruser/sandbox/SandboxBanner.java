package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.Auth0Settings;
import com.checkandregisteruser.Settings;
import com.checkandregisteruser.local.ActionPayload;
import com.checkandregisteruser.tokens.TokenKeys;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code mvn -Psandbox} prints once the stack is up: where each key came from (and the value
 * of each it generated: a local dev tool, and the values die with the run), and ready-to-paste
 * commands that log in as any user, look at and decrypt what was stored, and call the function.
 */
final class SandboxBanner {
  static final String GENERATED = "generated for this run: ";

  private SandboxBanner() {}

  /**
   * @param origins where each setting given came from (see {@link SandboxSettings#origins()})
   * @param psqlInstalled whether the banner can promise a working psql line
   */
  static String text(SandboxStack stack, Map<String, String> origins, boolean psqlInstalled) {
    boolean jwkUrl = stack.jwtSecret().hasJwkUrl();
    // With a jwk_url only the identity provider can sign a token the sandbox accepts.
    String jwt =
        jwkUrl
            ? "<an access token from " + stack.jwtSecret().jwkUrl().getHost() + ">"
            : stack
                .jwts()
                .forUser(SandboxStack.DEMO_USER)
                .accessToken("demo-oauth-token")
                .accessTokenSecret("demo-oauth-token-secret")
                .expiresIn(MintJwt.LIFETIME)
                .sign();
    String graphql = stack.sandbox().baseUrl() + "/v1/graphql";
    String function = stack.host().functionUrl();
    Map<String, String> settings = stack.functionSettings();
    String keyId = TokenKeys.fromSettings(settings).currentKeyId();
    String psql =
        "psql -h localhost -p "
            + stack.postgres().port()
            + " -U "
            + PostgresFixture.USER
            + " -d "
            + PostgresFixture.DATABASE;
    boolean jwtGenerated = stack.generated().contains(JwtSecret.SETTING);
    // In Auth0 mode the function takes only an Auth0 user id as the username.
    boolean auth0Mode = !SandboxStack.isBlank(settings.get(Auth0Settings.AUTH0_DOMAIN));
    boolean keyGenerated = stack.generated().contains(Settings.TOKEN_ENCRYPTION_KEY);
    return "\n"
        + "checkAndRegisterUser sandbox stack (PostgreSQL 14 + a Hasura-compatible test double + the function)\n"
        + "  Hasura-compatible GraphQL: "
        + graphql
        + "  (a test double: see docs/local-development.md, 'The sandbox')\n"
        + "  function:                  POST "
        + function
        + "\n"
        + "  PostgreSQL:                "
        + psql
        + "\n"
        + "                             (no password; "
        + (psqlInstalled
            ? "psql is on your PATH"
            : "psql is not installed: e.g. apt-get install postgresql-client")
        + ")\n"
        + "                             data in "
        + stack.postgres().dataDirectory()
        + ", deleted when this stops\n"
        + "\n"
        + "Settings (start with any of them in the environment to use known keys):\n"
        + setting(JwtSecret.SETTING, stack, origins, stack.jwtSecret().toJson())
        + setting(SandboxStack.ADMIN_SECRET, stack, origins, stack.adminSecret())
        + setting(
            Settings.TOKEN_ENCRYPTION_KEY,
            stack,
            origins,
            settings.get(Settings.TOKEN_ENCRYPTION_KEY))
        + "  "
        + pad(Settings.TOKEN_ENCRYPTION_KEY_ID)
        + keyId
        + " ("
        + origins.getOrDefault(Settings.TOKEN_ENCRYPTION_KEY_ID, "the function's default")
        + ")\n"
        + setting(Settings.ACTION_SECRET, stack, origins, settings.get(Settings.ACTION_SECRET))
        + "\n"
        + "1. Log in as '"
        + SandboxStack.DEMO_USER
        + "' and register, as the web app does (affected_rows 3, then 0):\n"
        + (auth0Mode
            ? "  (AUTH0_DOMAIN is set: a username must be an Auth0 user id that tenant knows, and '"
                + SandboxStack.DEMO_USER
                + "'\n"
                + "  is not one: this JWT answers invalid-session-variables; mint one with"
                + " -Duser='twitter|...' below)\n"
            : "")
        + "  JWT="
        + (jwkUrl ? "'" + jwt + "'" : jwt)
        + "\n"
        + "  curl -s "
        + graphql
        + " -H \"Authorization: Bearer $JWT\" \\\n"
        + "    -d '{\"query\":\""
        + ActionPayload.REQUEST_QUERY
        + "\"}'\n"
        + (jwkUrl
            ? "  (" + JwtSecret.SETTING + " has a jwk_url: log in through its identity provider)\n"
            : "  Any other user (add -DaccessToken=... -DaccessTokenSecret=... for their OAuth tokens;\n"
                + "  in the function's Auth0 mode the user is an Auth0 user id, -Duser='twitter|123'):\n"
                + "  JWT=$("
                + (jwtGenerated ? JwtSecret.SETTING + "='" + stack.jwtSecret().toJson() + "' " : "")
                // Maven 3.8 writes colour resets even with -q: grep keeps the token alone.
                + "mvn -q -Psandbox-jwt -Duser=bob | grep -o 'ey[A-Za-z0-9._-]*')"
                + (jwtGenerated
                    ? ""
                    : "   (signs with " + JwtSecret.SETTING + " from your environment)")
                + "\n")
        + "\n"
        + "2. Look at what was stored (the tokens are encrypted, v1:<keyId>:...), and decrypt one:\n"
        + "  curl -s "
        + graphql
        + " -H 'x-hasura-admin-secret: "
        + stack.adminSecret()
        + "' \\\n"
        + "    -d '{\"query\":\"{ user { id username } account { account_name access_token access_token_secret }"
        + " account_user { account_id user_id } }\"}'\n"
        + "  "
        + psql
        + " -tAc \"select access_token from account where account_name = '"
        + SandboxStack.DEMO_USER
        + "'\" \\\n"
        + "    | "
        + (keyGenerated
            ? Settings.TOKEN_ENCRYPTION_KEY
                + "='"
                + settings.get(Settings.TOKEN_ENCRYPTION_KEY)
                + "' "
            : "")
        + Settings.TOKEN_ENCRYPTION_KEY_ID
        + "="
        + keyId
        + " java -cp target/classes com.checkandregisteruser.tokens.TokenCipherCli decrypt "
        + SandboxStack.DEMO_USER
        + " access_token"
        + (keyGenerated
            ? ""
            : "\n    (needs " + Settings.TOKEN_ENCRYPTION_KEY + " in your environment)")
        + "\n"
        + "\n"
        + "3. Call the function directly, as Hasura does (with the action secret above):\n"
        + "  curl -s "
        + function
        + " -H \"Authorization: Bearer $JWT\" \\\n"
        + "    -H 'x-action-secret: "
        + settings.get(Settings.ACTION_SECRET)
        + "' -H 'Content-Type: application/json' \\\n"
        + "    -d '"
        + ActionPayload.registration(
            SandboxStack.DEMO_USER, "demo-oauth-token", "demo-oauth-token-secret")
        + "'\n"
        + "\n"
        + "Ctrl-C stops everything and deletes the PostgreSQL data (the tokens are in its WAL).\n";
  }

  /** Whether {@code program} is an executable file in one of {@code path}'s directories. */
  static boolean onPath(String program, String path) {
    if (path == null) {
      return false;
    }
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }

  private static String setting(
      String name, SandboxStack stack, Map<String, String> origins, String value) {
    String origin =
        stack.generated().contains(name)
            ? GENERATED + value
            : origins.getOrDefault(name, "given by the caller");
    return "  " + pad(name) + origin + "\n";
  }

  private static String pad(String name) {
    return String.format("%-30s", name + ":");
  }
}
