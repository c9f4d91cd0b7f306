package com.checkandregisteruser.local;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.Settings;
import com.checkandregisteruser.TestSettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code mvn -Plocal} prints at start. */
class LocalHostBannerIT {
  private static final String URL = "http://127.0.0.1:7071/api/checkAndRegisterUser";
  private static final Path FILE = Path.of("/project/local.settings.json");

  private static Map<String, String> settings() {
    Map<String, String> settings = new HashMap<>();
    settings.put(Settings.GRAPHQL_BASE_API, "http://localhost:8080");
    settings.put(Settings.TOKEN_ENCRYPTION_KEY, "");
    settings.put(Settings.ACTION_SECRET, "");
    return settings;
  }

  @Test
  void blankKey_saysNotSet_andPrintsExactlyHowToStartWithOne() {
    String banner = LocalHostBanner.text(URL, FILE, List.of(), settings());

    assertTrue(banner.contains("TOKEN_ENCRYPTION_KEY: NOT SET"), banner);
    assertTrue(
        banner.contains("\n      TOKEN_ENCRYPTION_KEY=$(openssl rand -base64 32) mvn -Plocal\n"),
        banner);
    assertTrue(banner.contains("500 misconfigured"), banner);
  }

  @Test
  void banner_namesUrlSettingsFileBaseApiAndASampleCurl() {
    String banner = LocalHostBanner.text(URL, FILE, List.of("GRAPHQL_BASE_API"), settings());

    assertTrue(banner.contains("POST " + URL), banner);
    assertTrue(banner.contains("settings file:        " + FILE), banner);
    assertTrue(banner.contains("from the environment: GRAPHQL_BASE_API"), banner);
    assertTrue(banner.contains("GRAPHQL_BASE_API:     http://localhost:8080\n"), banner);
    assertTrue(banner.contains("curl -i -X POST " + URL), banner);
    assertTrue(banner.contains("does not check function keys"), banner);
  }

  @Test
  void keyAndActionSecretValues_areNeverPrinted() {
    Map<String, String> settings = settings();
    settings.put(Settings.TOKEN_ENCRYPTION_KEY, TestSettings.KEY_BASE64);
    settings.put(Settings.ACTION_SECRET, "action-secret-bannertest");

    String banner = LocalHostBanner.text(URL, FILE, List.of(), settings);

    assertTrue(banner.contains("TOKEN_ENCRYPTION_KEY: set\n"), banner);
    assertTrue(banner.contains("-H 'x-action-secret: <ACTION_SECRET>'"), banner);
    assertTrue(banner.contains("settings check:       OK"), banner);
    assertFalse(banner.contains(TestSettings.KEY_BASE64), banner);
    assertFalse(banner.contains("action-secret-bannertest"), banner);
    assertFalse(banner.contains("openssl rand"), "no hint once a key is set");
  }

  @Test
  void credentialsInTheBaseApi_areNotPrinted() {
    Map<String, String> settings = settings();
    settings.put(Settings.GRAPHQL_BASE_API, "http://admin:pw-bannertest@hasura:8080");

    String banner = LocalHostBanner.text(URL, FILE, List.of(), settings);

    assertTrue(banner.contains("http://hasura:8080/ (user and password not shown)"), banner);
    assertFalse(banner.contains("pw-bannertest"), banner);
  }

  @Test
  void invalidSetting_isReportedByName_beforeTheFirstCall() {
    Map<String, String> settings = settings();
    settings.put(Settings.TOKEN_ENCRYPTION_KEY, TestSettings.KEY_BASE64);
    settings.put(Settings.GRAPHQL_READ_TIMEOUT_MS, "soon");

    String banner = LocalHostBanner.text(URL, FILE, List.of(), settings);

    assertTrue(
        banner.contains(
            "settings check:       MISCONFIGURED: GRAPHQL_READ_TIMEOUT_MS must be a whole number"),
        banner);
  }
}
