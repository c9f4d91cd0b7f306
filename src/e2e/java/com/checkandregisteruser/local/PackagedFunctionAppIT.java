package com.checkandregisteruser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.PackagedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The function app `mvn package` wrote, loaded the way the worker loads it: its jar and lib/ in a
 * class loader of their own, the injector found through ServiceLoader.
 */
class PackagedFunctionAppIT {
  private static final Path APP = PackagedApp.FOLDER;

  @Test
  void packagedApp_registersTheWarmingInjector_andLeavesTheSpiToTheWorker() throws Exception {
    // given the app's jar and its lib/, as the worker puts them on the function's class path
    List<Path> lib = FunctionAppClassLoader.jarsIn(APP.resolve("lib"));
    assertEquals(1, FunctionAppClassLoader.jarsIn(APP).size(), "one function jar in " + APP);
    assertTrue(
        lib.stream()
            .noneMatch(j -> j.getFileName().toString().contains("azure-functions-java-spi")),
        "the worker provides the SPI; lib/ must not carry a second copy: " + lib);

    // when it is loaded, then the injector is the product's, from the app's own jar
    WorkerLikeFunctionLoad load =
        WorkerLikeFunctionLoad.load(FunctionAppClassLoader.forPackage(APP), null);
    assertEquals(
        "com.checkandregisteruser.WarmingInstanceInjector", load.injectorClass().getName());
    assertEquals(
        FunctionAppClassLoader.jarsIn(APP).get(0).toUri().toURL(),
        load.injectorClass().getProtectionDomain().getCodeSource().getLocation(),
        "the services file and the injector come from the function's jar");
  }

  @Test
  void packagedApp_libHoldsOnlyGson_noCompileTimeAnnotationJars() throws Exception {
    // given the app mvn package wrote
    List<String> lib = libJarNames();

    // then lib/ has Gson alone: JetBrains' and Error Prone's annotations (brought by Kotlin and
    // Gson) are for compilers and linters, and nothing loads them at run time
    assertEquals(1, lib.size(), "lib/: " + lib);
    assertTrue(lib.get(0).startsWith("gson-"), "lib/: " + lib);
  }

  @Test
  void packagedFunctionJar_storesItsEntriesUncompressed() throws Exception {
    // given the function jar mvn package wrote
    Path functionJar = FunctionAppClassLoader.jarsIn(APP).get(0);

    // then every entry is stored, not deflated: a cold start reads ~750 classes from it, and the
    // deployment zip compresses the jar as a whole anyway
    List<String> deflated = new ArrayList<>();
    int entries = 0;
    try (JarFile jar = new JarFile(functionJar.toFile())) {
      for (JarEntry entry : Collections.list(jar.entries())) {
        entries++;
        if (entry.getMethod() != ZipEntry.STORED) {
          deflated.add(entry.getName());
        }
      }
    }
    assertTrue(entries > 500, "the jar holds the function and the shrunk libraries: " + entries);
    assertEquals(List.of(), deflated);
  }

  @Test
  void packagedApp_carriesOkHttpOkioAndKotlinShrunkInsideTheFunctionJar() throws Exception {
    // given the app mvn package wrote
    List<String> lib = libJarNames();
    Path functionJar = FunctionAppClassLoader.jarsIn(APP).get(0);

    // then the three libraries are not in lib/ but in the function jar, and Kotlin's largest
    // facade there keeps only what is reached: 678 KB as Kotlin 2.2 publishes it
    assertTrue(
        lib.stream()
            .noneMatch(
                j ->
                    j.startsWith("okhttp-jvm-")
                        || j.startsWith("okio-jvm-")
                        || j.startsWith("kotlin-stdlib-")),
        "lib/ must not carry the libraries the function jar holds: " + lib);
    assertTrue(lib.stream().anyMatch(j -> j.startsWith("gson-")), "Gson stays in lib/: " + lib);
    try (JarFile jar = new JarFile(functionJar.toFile())) {
      assertNotNull(jar.getEntry("okhttp3/OkHttpClient.class"), "OkHttp in " + functionJar);
      assertNotNull(jar.getEntry("okio/Buffer.class"), "Okio in " + functionJar);
      JarEntry facade = jar.getJarEntry("kotlin/collections/ArraysKt___ArraysKt.class");
      assertNotNull(facade, "Kotlin in " + functionJar);
      assertTrue(facade.getSize() < 100_000, "not shrunk: " + facade.getSize() + " bytes");
      assertNull(
          jar.getEntry("okhttp3/internal/ws/RealWebSocket.class"),
          "WebSockets, which the function never opens, are dropped");
      // and the jar says whose code it carries, modified, under which licence (Apache-2.0 §4)
      assertNotNull(jar.getEntry("META-INF/THIRD-PARTY-NOTICES.txt"), "the notice");
      assertNotNull(jar.getEntry("META-INF/licenses/Apache-2.0.txt"), "the licence");
    }
  }

  @Test
  void packagedApp_leavesTheAnnotationLibraryToTheWorker_andKeepsItsBindings() throws Exception {
    // given the app mvn package wrote
    List<Path> lib = FunctionAppClassLoader.jarsIn(APP.resolve("lib"));

    // then lib/ has no copy of Microsoft's signed annotation jar (the worker's own copy serves,
    // unsigned, so FunctionLoad checks no signature), and the bindings read from its annotations
    // at build time are in function.json
    assertTrue(
        lib.stream()
            .noneMatch(j -> j.getFileName().toString().startsWith("azure-functions-java-library")),
        "lib/ must leave the annotation library to the worker: " + lib);
    String functionJson =
        Files.readString(APP.resolve("action_checkAndRegisterUser").resolve("function.json"));
    assertTrue(functionJson.contains("\"type\" : \"httpTrigger\""), functionJson);
    assertTrue(functionJson.contains("\"authLevel\" : \"FUNCTION\""), functionJson);
    assertTrue(functionJson.contains("\"route\" : \"checkAndRegisterUser\""), functionJson);
  }

  /** The names of the jars in the app's lib/, in the order of the package's class path. */
  private static List<String> libJarNames() {
    List<String> names = new ArrayList<>();
    for (Path jar : FunctionAppClassLoader.jarsIn(APP.resolve("lib"))) {
      names.add(jar.getFileName().toString());
    }
    return names;
  }
}
