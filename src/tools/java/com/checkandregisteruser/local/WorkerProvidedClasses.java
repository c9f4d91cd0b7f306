package com.checkandregisteruser.local;

/**
 * The parent of a packaged function app's class loader: what the Java worker offers a function
 * besides the app's own jars, and nothing more — the JDK, and the Functions API and SPI (from the
 * host's class path, so that the function's parameters are the host's classes).
 *
 * <p>So a class the package fails to carry is a {@link ClassNotFoundException} here, as it would be
 * on Azure, instead of being found quietly on the test class path. The worker's own Gson is left
 * out: the package carries one, and the unit tests run again against the worker's version.
 */
final class WorkerProvidedClasses extends ClassLoader {
  static final String FUNCTIONS_API = "com.microsoft.azure.functions.";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader host;

  WorkerProvidedClasses(ClassLoader host) {
    super("worker", ClassLoader.getPlatformClassLoader());
    this.host = host;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith(FUNCTIONS_API)) {
      return host.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }
}
