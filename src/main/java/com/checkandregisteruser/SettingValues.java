package com.checkandregisteruser;

import java.util.Map;
import java.util.Optional;

/** Reads one setting's value the way every setting is read: blank means absent. */
final class SettingValues {
  private static final String KEY_VAULT_REFERENCE = "@Microsoft.KeyVault(";

  private SettingValues() {}

  /**
   * Returns the setting's value, or empty when it is unset or blank.
   *
   * @throws FailureException {@code misconfigured} if the value is a Key Vault reference that Azure
   *     could not resolve: App Service then passes the reference text through unchanged, which
   *     would otherwise be misread as the value itself
   */
  static Optional<String> optional(Map<String, String> settings, String name)
      throws FailureException {
    String value = settings.get(name);
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    if (value.strip().startsWith(KEY_VAULT_REFERENCE)) {
      throw misconfigured(
          name,
          "is a Key Vault reference that Azure did not resolve: give the"
              + " Function App's managed identity the 'Key Vault Secrets User' role and check the secret's name");
    }
    return Optional.of(value);
  }

  /**
   * The failure of a process whose setting {@code name} is wrong. The text names the setting and
   * never holds its value; the caller's message says the function is misconfigured, the detail is
   * the problem alone.
   */
  static FailureException misconfigured(String name, String problem) {
    String problemText = name + " " + problem;
    return Failure.of(
            Failure.Kind.MISCONFIGURED,
            "the function is misconfigured: " + problemText,
            problemText)
        .toException();
  }
}
