package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.Settings;
import com.checkandregisteruser.local.LocalFunctionHost;
import com.checkandregisteruser.local.LocalSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code mvn -Psandbox} takes from its environment, as the real servers would: Hasura's {@code
 * HASURA_GRAPHQL_JWT_SECRET} and {@code HASURA_GRAPHQL_ADMIN_SECRET}; the function's settings from
 * the environment merged with local.settings.json as Core Tools does; the ports from {@code
 * HASURA_PORT} and {@code PORT}. It records where each known key came from, for the banner.
 */
final class SandboxSettings {

  /** The settings the banner reports on, in its order. */
  static final List<String> REPORTED =
      List.of(
          JwtSecret.SETTING,
          SandboxStack.ADMIN_SECRET,
          Settings.TOKEN_ENCRYPTION_KEY,
          Settings.TOKEN_ENCRYPTION_KEY_ID,
          Settings.ACTION_SECRET);

  static final String FROM_ENVIRONMENT = "from the environment";
  static final String FROM_LOCAL_SETTINGS = "from " + LocalSettings.FILE_NAME;

  private final SandboxStack.Builder builder;
  private final Map<String, String> origins;

  private SandboxSettings(SandboxStack.Builder builder, Map<String, String> origins) {
    this.builder = builder;
    this.origins = Map.copyOf(origins);
  }

  /**
   * Reads {@code env} and, if it exists, the local settings file.
   *
   * @throws IllegalArgumentException naming the setting that is invalid, never its value
   */
  static SandboxSettings from(Map<String, String> env, Path localSettingsFile) {
    Map<String, String> origins = new LinkedHashMap<>();
    Map<String, String> fileValues =
        Files.isRegularFile(localSettingsFile)
            ? LocalSettings.readValues(localSettingsFile)
            : Map.of();
    Map<String, String> function =
        new HashMap<>(fileValues.isEmpty() ? env : LocalSettings.load(localSettingsFile, env));
    // The sandbox is this run's Hasura: an action secret meant for another stack is not reused.
    function.remove(Settings.ACTION_SECRET);
    for (String name : List.of(Settings.TOKEN_ENCRYPTION_KEY, Settings.TOKEN_ENCRYPTION_KEY_ID)) {
      if (!SandboxStack.isBlank(env.get(name))) {
        origins.put(name, FROM_ENVIRONMENT);
      } else if (!SandboxStack.isBlank(fileValues.get(name))) {
        origins.put(name, FROM_LOCAL_SETTINGS);
      }
    }

    SandboxStack.Builder builder =
        SandboxStack.builder()
            .functionSettings(function)
            .sandboxPort(LocalFunctionHost.portFrom("HASURA_PORT", env.get("HASURA_PORT"), 8080))
            .hostPort(
                LocalFunctionHost.portFrom(
                    "PORT", env.get("PORT"), LocalFunctionHost.DEFAULT_PORT));
    String jwtSecret = env.get(JwtSecret.SETTING);
    if (!SandboxStack.isBlank(jwtSecret)) {
      builder.jwtSecret(JwtSecret.parse(jwtSecret));
      origins.put(JwtSecret.SETTING, FROM_ENVIRONMENT);
    }
    String adminSecret = env.get(SandboxStack.ADMIN_SECRET);
    if (!SandboxStack.isBlank(adminSecret)) {
      builder.adminSecret(adminSecret);
      origins.put(SandboxStack.ADMIN_SECRET, FROM_ENVIRONMENT);
    }
    return new SandboxSettings(builder, origins);
  }

  SandboxStack.Builder builder() {
    return builder;
  }

  /**
   * Where each given setting came from ({@link #FROM_ENVIRONMENT} or the file); none if made up.
   */
  Map<String, String> origins() {
    return origins;
  }
}
