package com.checkandregisteruser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** local.settings.json merged with the environment as Core Tools merges them. */
class LocalSettingsIT {
  @TempDir Path dir;

  private Path file(String json) throws IOException {
    Path file = dir.resolve("local.settings.json");
    Files.writeString(file, json, StandardCharsets.UTF_8);
    return file;
  }

  private Path standardFile() throws IOException {
    return file(
        """
        {
          "IsEncrypted": false,
          "Values": {
            "FUNCTIONS_WORKER_RUNTIME": "java",
            "GRAPHQL_BASE_API": "http://localhost:8080",
            "ACTION_SECRET": "",
            "TOKEN_ENCRYPTION_KEY_ID": "k1"
          }
        }
        """);
  }

  @Test
  void nonEmptyEnvironmentVariable_overridesTheFilesValue() throws IOException {
    Map<String, String> settings =
        LocalSettings.load(
            standardFile(),
            Map.of("GRAPHQL_BASE_API", "http://hasura:8080", "ACTION_SECRET", "from-env"));

    assertEquals("http://hasura:8080", settings.get("GRAPHQL_BASE_API"));
    assertEquals("from-env", settings.get("ACTION_SECRET"));
    assertEquals("k1", settings.get("TOKEN_ENCRYPTION_KEY_ID"));
  }

  /**
   * Core Tools sets a value from the file when the variable is null or empty, so "" does not hide
   * it.
   */
  @Test
  void emptyEnvironmentVariable_leavesTheFilesValue() throws IOException {
    Map<String, String> settings =
        LocalSettings.load(standardFile(), Map.of("GRAPHQL_BASE_API", ""));

    assertEquals("http://localhost:8080", settings.get("GRAPHQL_BASE_API"));
  }

  @Test
  void blankValueInTheFile_staysBlank() throws IOException {
    Map<String, String> settings = LocalSettings.load(standardFile(), Map.of());

    assertEquals("", settings.get("ACTION_SECRET"));
    assertTrue(settings.containsKey("ACTION_SECRET"));
  }

  @Test
  void environmentVariablesTheFileDoesNotName_areKept_asTheWorkersEnvironmentHasThem()
      throws IOException {
    Map<String, String> settings =
        LocalSettings.load(standardFile(), Map.of("TOKEN_ENCRYPTION_KEY", "k"));

    assertEquals("k", settings.get("TOKEN_ENCRYPTION_KEY"));
    assertEquals("java", settings.get("FUNCTIONS_WORKER_RUNTIME"));
  }

  @Test
  void overriddenNames_listsOnlyTheFilesNamesWithANonEmptyEnvironmentValue() throws IOException {
    List<String> names =
        LocalSettings.overriddenNames(
            standardFile(),
            Map.of("GRAPHQL_BASE_API", "http://hasura:8080", "ACTION_SECRET", "", "PATH", "/bin"));

    assertEquals(List.of("GRAPHQL_BASE_API"), names);
  }

  @Test
  void unknownFile_failsNamingThePath() {
    Path missing = dir.resolve("nowhere/local.settings.json");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalSettings.load(missing, Map.of()));

    assertEquals(
        "local settings file not found: "
            + missing.toAbsolutePath()
            + " (run from the project root, or pass the path of your settings file)",
        e.getMessage());
  }

  @Test
  void invalidJson_failsNamingTheFile_withoutQuotingItsContent() throws IOException {
    Path file = file("{\"Values\": {\"TOKEN_ENCRYPTION_KEY\": \"secret-in-broken-file\" ");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalSettings.load(file, Map.of()));

    assertEquals(
        "local settings file " + file.toAbsolutePath() + " is not valid JSON", e.getMessage());
    assertFalse(e.getMessage().contains("secret-in-broken-file"));
  }

  @Test
  void encryptedFile_failsSayingWhatToDo() throws IOException {
    Path file = file("{\"IsEncrypted\": true, \"Values\": {\"A\": \"xyz\"}}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalSettings.load(file, Map.of()));

    assertTrue(e.getMessage().contains("\"IsEncrypted\": true"), e.getMessage());
  }

  @Test
  void objectAsValue_failsNamingTheSetting() throws IOException {
    Path file = file("{\"Values\": {\"GRAPHQL_BASE_API\": {\"url\": \"x\"}}}");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LocalSettings.load(file, Map.of()));

    assertEquals(
        "\"Values\".GRAPHQL_BASE_API in " + file.toAbsolutePath() + " must be a string",
        e.getMessage());
  }

  @Test
  void numberAndBooleanValues_becomeTheirText() throws IOException {
    Path file =
        file("{\"Values\": {\"GRAPHQL_READ_TIMEOUT_MS\": 5000, \"FLAG\": true, \"GONE\": null}}");

    Map<String, String> settings = LocalSettings.load(file, Map.of());

    assertEquals("5000", settings.get("GRAPHQL_READ_TIMEOUT_MS"));
    assertEquals("true", settings.get("FLAG"));
    assertFalse(settings.containsKey("GONE"));
  }

  /** Surefire runs in the project directory, where the committed local.settings.json lives. */
  @Test
  void projectsLocalSettings_namesEverySettingTheFunctionReads() {
    Map<String, String> values = LocalSettings.readValues(Path.of(LocalSettings.FILE_NAME));

    for (String name : Settings.NAMES) {
      assertTrue(values.containsKey(name), LocalSettings.FILE_NAME + " lacks " + name);
    }
    assertEquals("", values.get(Settings.TOKEN_ENCRYPTION_KEY), "no key is ever committed");
  }
}
