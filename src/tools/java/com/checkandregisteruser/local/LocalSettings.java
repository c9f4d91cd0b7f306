package com.checkandregisteruser.local;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code local.settings.json} and merges it with the environment the way Core Tools does
 * before it starts the worker: each {@code Values} entry becomes an environment variable unless the
 * environment already has a non-empty value of that name, which then wins.
 *
 * <p>The merged map is what the worker's {@code System.getenv()} would be, so it also holds every
 * other environment variable; the function reads only its own names from it.
 */
public final class LocalSettings {
  /** The file Core Tools reads from the project directory. */
  public static final String FILE_NAME = "local.settings.json";

  private LocalSettings() {}

  /**
   * Returns the environment merged with the file's {@code Values}; a non-empty environment variable
   * wins.
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable or not a
   *     settings file
   */
  public static Map<String, String> load(Path localSettingsJson, Map<String, String> env) {
    Map<String, String> merged = new LinkedHashMap<>(env);
    readValues(localSettingsJson)
        .forEach(
            (name, value) -> {
              if (!overridesFile(env, name)) {
                merged.put(name, value);
              }
            });
    return Collections.unmodifiableMap(merged);
  }

  /**
   * Returns the names in the file's {@code Values} that the environment overrides (names only,
   * never values).
   */
  public static List<String> overriddenNames(Path localSettingsJson, Map<String, String> env) {
    return readValues(localSettingsJson).keySet().stream()
        .filter(name -> overridesFile(env, name))
        .toList();
  }

  // Core Tools: `if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(key)))
  // SetEnvironmentVariable(...)`,
  // so an environment variable set to "" does not hide the file's value.
  private static boolean overridesFile(Map<String, String> env, String name) {
    String value = env.get(name);
    return value != null && !value.isEmpty();
  }

  /**
   * Returns the file's {@code Values} in file order; a blank value stays blank, a JSON null is left
   * out.
   *
   * @throws IllegalArgumentException naming the file when it is missing, unreadable or not a
   *     settings file
   */
  public static Map<String, String> readValues(Path localSettingsJson) {
    Path file = localSettingsJson.toAbsolutePath().normalize();
    JsonElement root;
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      root = JsonParser.parseReader(reader);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "local settings file not found: "
              + file
              + " (run from the project root, or pass the path of your settings file)");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read local settings file " + file + ": " + e.getMessage(), e);
    } catch (JsonParseException e) {
      // Gson's message quotes the input, which may hold a secret: name the file only.
      throw new IllegalArgumentException("local settings file " + file + " is not valid JSON");
    }
    if (!root.isJsonObject()) {
      throw new IllegalArgumentException(
          "local settings file " + file + " must hold a JSON object with \"Values\"");
    }
    JsonObject settings = root.getAsJsonObject();
    JsonElement encrypted = settings.get("IsEncrypted");
    if (encrypted != null
        && encrypted.isJsonPrimitive()
        && encrypted.getAsJsonPrimitive().isBoolean()
        && encrypted.getAsBoolean()) {
      throw new IllegalArgumentException(
          "local settings file "
              + file
              + " has \"IsEncrypted\": true; this host"
              + " cannot decrypt it: store the values in plain text and set \"IsEncrypted\": false");
    }
    JsonElement values = settings.get("Values");
    Map<String, String> result = new LinkedHashMap<>();
    if (values == null || values.isJsonNull()) {
      return result;
    }
    if (!values.isJsonObject()) {
      throw new IllegalArgumentException(
          "\"Values\" in " + file + " must be a JSON object of strings");
    }
    for (Map.Entry<String, JsonElement> entry : values.getAsJsonObject().entrySet()) {
      JsonElement value = entry.getValue();
      if (value.isJsonNull()) {
        continue;
      }
      if (!value.isJsonPrimitive()) {
        throw new IllegalArgumentException(
            "\"Values\"." + entry.getKey() + " in " + file + " must be a string");
      }
      result.put(entry.getKey(), value.getAsString());
    }
    return result;
  }
}
