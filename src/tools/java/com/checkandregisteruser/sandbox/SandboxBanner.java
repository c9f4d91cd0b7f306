package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.Settings;
import java.time.Duration;

/**
 * What {@code mvn -Psandbox} prints once the stack is up: ready-to-paste calls that make a user and
 * an account appear. The JWT, admin secret and action secret it shows are random for this run and
 * die with it; the token encryption key is never shown.
 */
final class SandboxBanner {
  private SandboxBanner() {}

  static String text(SandboxStack stack, boolean keyFromEnvironment) {
    String jwt =
        stack
            .jwts()
            .forUser(SandboxStack.DEMO_USER)
            .accessToken("demo-oauth-token")
            .accessTokenSecret("demo-oauth-token-secret")
            .expiresIn(Duration.ofHours(12))
            .sign();
    String graphql = stack.sandbox().baseUrl() + "/v1/graphql";
    String function = stack.host().functionUrl();
    String actionSecret = stack.functionSettings().get(Settings.ACTION_SECRET);
    return "\n"
        + "checkAndRegisterUser sandbox stack (PostgreSQL 14 + a Hasura-compatible test double + the function)\n"
        + "  Hasura-compatible GraphQL: "
        + graphql
        + "  (a test double: see README, 'The sandbox')\n"
        + "  function:                  POST "
        + function
        + "\n"
        + "  PostgreSQL:                "
        + stack.postgres().jdbcUrl()
        + "  (user postgres; gone when this stops)\n"
        + "  TOKEN_ENCRYPTION_KEY:      "
        + (keyFromEnvironment ? "from the environment" : "random for this run")
        + "\n"
        + "\n"
        + "1. Log in as '"
        + SandboxStack.DEMO_USER
        + "' and register, as the web app does (affected_rows 3, then 0):\n"
        + "  JWT="
        + jwt
        + "\n"
        + "  curl -s "
        + graphql
        + " -H \"Authorization: Bearer $JWT\" \\\n"
        + "    -d '{\"query\":\"mutation { checkAndRegisterUser { affected_rows } }\"}'\n"
        + "\n"
        + "2. Look at what was stored (the tokens are encrypted, v1:<keyId>:...):\n"
        + "  curl -s "
        + graphql
        + " -H 'x-hasura-admin-secret: "
        + stack.adminSecret()
        + "' \\\n"
        + "    -d '{\"query\":\"{ user { id username } account { account_name access_token access_token_secret }"
        + " account_user { account_id user_id } }\"}'\n"
        + "\n"
        + "3. Call the function directly, as Hasura does (the action secret is random for this run):\n"
        + "  curl -s "
        + function
        + " -H \"Authorization: Bearer $JWT\" \\\n"
        + "    -H 'x-action-secret: "
        + actionSecret
        + "' -H 'Content-Type: application/json' \\\n"
        + "    -d '{\"action\":{\"name\":\"checkAndRegisterUser\"},\"input\":{},\"session_variables\":"
        + "{\"x-hasura-role\":\"user\",\"x-hasura-user-id\":\""
        + SandboxStack.DEMO_USER
        + "\","
        + "\"x-hasura-access-token\":\"demo-oauth-token\",\"x-hasura-access-token-secret\":\"demo-oauth-token-secret\"},"
        + "\"request_query\":\"mutation { checkAndRegisterUser { affected_rows } }\"}'\n"
        + "\n"
        + "Ctrl-C stops everything.\n";
  }
}
