package com.checkandregisteruser.local;

import com.checkandregisteruser.CheckAndRegisterUserFunction;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The function app's class loader, as the Java worker gives the app one of its own: the product's
 * classes and resources (META-INF/services included) come from where the product was compiled or
 * packaged, loaded here first, so that every loader holds its own copy of the function's static
 * state (its Application, settings and warm-up) and several hosts in one JVM behave as several
 * worker processes. The JDK and the Functions API and SPI, which the worker provides, and the
 * libraries (OkHttp, Gson) come from the host's class path.
 */
final class FunctionAppClassLoader extends URLClassLoader {
  static {
    registerAsParallelCapable();
  }

  FunctionAppClassLoader(URL[] urls, ClassLoader parent) {
    super("function-app", urls, parent);
  }

  /** A loader over the product's own classes (target/classes or the function's jar). */
  static FunctionAppClassLoader forProduct() {
    return new FunctionAppClassLoader(
        new URL[] {productLocation()}, FunctionAppClassLoader.class.getClassLoader());
  }

  /** Where the product's classes are: a directory or a jar. */
  static URL productLocation() {
    return CheckAndRegisterUserFunction.class.getProtectionDomain().getCodeSource().getLocation();
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith("java.") || name.startsWith("com.microsoft.azure.functions.")) {
      // The host's: the function's parameters and the injector interface must be the very
      // classes the host uses, as the worker's are.
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        try {
          loaded = findClass(name);
        } catch (ClassNotFoundException notOurs) {
          return super.loadClass(name, resolve);
        }
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }
}
