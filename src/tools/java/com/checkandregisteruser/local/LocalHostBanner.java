package com.checkandregisteruser.local;

import com.checkandregisteruser.FailureException;
import com.checkandregisteruser.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * The text {@code mvn -Plocal} prints at start: where the function listens, which settings are in
 * use and a call to try. It names settings and says whether secrets are set, never what they are.
 */
final class LocalHostBanner {
  static final String KEY_HINT = "TOKEN_ENCRYPTION_KEY=$(openssl rand -base64 32) mvn -Plocal";

  private LocalHostBanner() {}

  static String text(
      String functionUrl,
      Path settingsFile,
      List<String> overriddenNames,
      Map<String, String> settings) {
    StringBuilder text = new StringBuilder(1_024);
    text.append(
        "\ncheckAndRegisterUser local function host (stands in for Core Tools; like Core Tools it does not"
            + " check function keys)\n");
    text.append("  function:             POST ").append(functionUrl).append('\n');
    text.append("  settings file:        ").append(settingsFile).append('\n');
    if (!overriddenNames.isEmpty()) {
      text.append("  from the environment: ")
          .append(String.join(", ", overriddenNames))
          .append(" (a non-empty environment variable wins over the file)\n");
    }
    text.append("  GRAPHQL_BASE_API:     ")
        .append(baseApi(settings.get(Settings.GRAPHQL_BASE_API)))
        .append('\n');
    boolean keySet = isSet(settings, Settings.TOKEN_ENCRYPTION_KEY);
    text.append("  TOKEN_ENCRYPTION_KEY: ").append(keySet ? "set" : "NOT SET").append('\n');
    if (!keySet) {
      text.append(
              "      Without it the function fails closed: every call answers 500 misconfigured. Start with one:\n")
          .append("      ")
          .append(KEY_HINT)
          .append('\n');
    }
    boolean secretSet = isSet(settings, Settings.ACTION_SECRET);
    text.append("  ACTION_SECRET:        ")
        .append(
            secretSet
                ? "set: calls must send it in the x-action-secret header"
                : "not set: the x-action-secret header is not checked")
        .append('\n');
    text.append("  settings check:       ").append(check(settings)).append('\n');
    text.append("  try it (with a JWT your Hasura accepts):\n")
        .append("    curl -i -X POST ")
        .append(functionUrl)
        .append(" \\\n")
        .append("      -H 'Content-Type: application/json' -H 'Authorization: Bearer <JWT>' \\\n");
    if (secretSet) {
      text.append("      -H 'x-action-secret: <ACTION_SECRET>' \\\n");
    }
    text.append("      -d '")
        .append(ActionPayload.registration("alice", "tok", "sec"))
        .append("'\n");
    text.append("  Ctrl-C stops it.\n");
    return text.toString();
  }

  private static boolean isSet(Map<String, String> settings, String name) {
    String value = settings.get(name);
    return value != null && !value.isBlank();
  }

  /** The base URL without any user:password part, which is the only secret a URL could carry. */
  private static String baseApi(String value) {
    if (value == null || value.isBlank()) {
      return "NOT SET";
    }
    HttpUrl url = HttpUrl.parse(value.trim());
    if (url == null) {
      return value.contains("@")
          ? "set, but not an http(s) URL"
          : "'" + value + "' (not an http(s) URL)";
    }
    if (url.username().isEmpty() && url.password().isEmpty()) {
      return value.trim();
    }
    return url.newBuilder().username("").password("").build() + " (user and password not shown)";
  }

  /**
   * Validates as the function will, so a bad setting shows now rather than as a 500 on the first
   * call.
   */
  private static String check(Map<String, String> settings) {
    try {
      return "OK, " + Settings.fromMap(settings).summary();
    } catch (FailureException e) {
      return "MISCONFIGURED: " + e.failure().detail() + " (every call answers 500 misconfigured)";
    }
  }
}
