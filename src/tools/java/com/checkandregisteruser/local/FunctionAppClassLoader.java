package com.checkandregisteruser.local;

import com.checkandregisteruser.CheckAndRegisterUserFunction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The function app's class loader, as the Java worker gives the app one of its own: the product's
 * classes and resources (META-INF/services included) come from where the product was compiled or
 * packaged, loaded here first, so that every loader holds its own copy of the function's static
 * state (its Application, settings and warm-up) and several hosts in one JVM behave as several
 * worker processes. The JDK and the Functions API and SPI, which the worker provides, come from the
 * parent; so do the libraries (OkHttp, Gson) over target/classes ({@link #forProduct}), whereas a
 * package carries its own ({@link #forPackage}).
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

  /**
   * A loader over the function app {@code mvn package} wrote in {@code app}: its jar, then lib/, in
   * the order of their names, over only the classes the worker provides ({@link
   * WorkerProvidedClasses}). Everything else, OkHttp included, must come from the package.
   *
   * @throws UncheckedIOException when {@code app} cannot be listed, e.g. before {@code mvn package}
   */
  static FunctionAppClassLoader forPackage(Path app) {
    List<Path> jars = new ArrayList<>(jarsIn(app));
    jars.addAll(jarsIn(app.resolve("lib")));
    URL[] urls = new URL[jars.size()];
    try {
      for (int i = 0; i < urls.length; i++) {
        urls[i] = jars.get(i).toUri().toURL();
      }
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a jar path: " + e.getMessage(), e);
    }
    return new FunctionAppClassLoader(
        urls, new WorkerProvidedClasses(FunctionAppClassLoader.class.getClassLoader()));
  }

  /**
   * The jars in {@code folder}, in the order of their names, as the package's class path has them.
   */
  static List<Path> jarsIn(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the function app's jars in " + folder, e);
    }
  }

  /** Where the product's classes are: a directory or a jar. */
  static URL productLocation() {
    return CheckAndRegisterUserFunction.class.getProtectionDomain().getCodeSource().getLocation();
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (name.startsWith("java.") || name.startsWith(WorkerProvidedClasses.FUNCTIONS_API)) {
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
