package com.checkandregisteruser;

import java.nio.file.Path;

/** Where `mvn package` writes the function app the Functions host loads. */
public final class PackagedApp {
  public static final Path FOLDER =
      Path.of(
          "target",
          "azure-functions",
          System.getProperty("functionAppName", "check-and-register-user"));

  private PackagedApp() {}
}
