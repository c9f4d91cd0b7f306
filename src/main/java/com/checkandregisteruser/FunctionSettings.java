package com.checkandregisteruser;

import java.util.Map;

/**
 * Where the process-wide {@link Application} takes its settings from: the process environment, as
 * on Azure, unless a host that runs the function in a class loader of its own (the local host)
 * supplied them before the function was loaded.
 */
public final class FunctionSettings {
  private static Map<String, String> supplied;
  private static boolean read;

  private FunctionSettings() {}

  /**
   * Makes {@code settings} what this class loader's copy of the function reads instead of the
   * environment.
   *
   * @throws IllegalStateException when the settings were already read: supply them before the
   *     function is loaded (the warm-up reads them at load)
   */
  public static synchronized void supply(Map<String, String> settings) {
    if (read) {
      throw new IllegalStateException(
          "the function's settings were already read: supply them before loading the function");
    }
    supplied = Map.copyOf(settings);
  }

  static synchronized Map<String, String> read(Map<String, String> environment) {
    read = true;
    return supplied == null ? environment : supplied;
  }
}
