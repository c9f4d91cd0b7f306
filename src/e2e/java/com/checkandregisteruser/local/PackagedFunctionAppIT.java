package com.checkandregisteruser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.PackagedApp;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The function app `mvn package` wrote, loaded the way the worker loads it: its jar and lib/ in a
 * class loader of their own, the injector found through ServiceLoader.
 */
class PackagedFunctionAppIT {
  private static final Path APP = PackagedApp.FOLDER;

  private static List<Path> jars(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
    }
  }

  @Test
  void packagedApp_registersTheWarmingInjector_andLeavesTheSpiToTheWorker() throws Exception {
    // given the app's jar and its lib/, as the worker puts them on the function's class path
    List<Path> classPath = new ArrayList<>(jars(APP));
    List<Path> lib = jars(APP.resolve("lib"));
    classPath.addAll(lib);
    assertEquals(1, jars(APP).size(), "one function jar in " + APP);
    assertTrue(
        lib.stream()
            .noneMatch(j -> j.getFileName().toString().contains("azure-functions-java-spi")),
        "the worker provides the SPI; lib/ must not carry a second copy: " + lib);
    URL[] urls = new URL[classPath.size()];
    for (int i = 0; i < urls.length; i++) {
      urls[i] = classPath.get(i).toUri().toURL();
    }

    // when it is loaded, then the injector is the product's, from the app's own jar
    WorkerLikeFunctionLoad load =
        WorkerLikeFunctionLoad.load(
            new FunctionAppClassLoader(urls, getClass().getClassLoader()), null);
    assertEquals(
        "com.checkandregisteruser.WarmingInstanceInjector", load.injectorClass().getName());
    assertEquals(
        urls[0],
        load.injectorClass().getProtectionDomain().getCodeSource().getLocation(),
        "the services file and the injector come from the function's jar");
  }
}
