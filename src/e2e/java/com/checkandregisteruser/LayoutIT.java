package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The source roots depend one way: the product on nothing of ours; unit tests and tools on the
 * product; the end-to-end suites on all three. The token package depends on the JDK alone, so
 * operators can run its command line with no library on the class path. JDK HTTP servers are made
 * in one place.
 */
class LayoutIT {
  private static final Pattern TYPE_REFERENCE =
      Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern QUALIFIED_PRODUCT_NAME =
      Pattern.compile("com\\.checkandregisteruser\\.(?!tokens\\b)[A-Za-z]");

  /** The four source roots: the product, unit tests, tools, end-to-end suites. */
  private static final List<String> ROOTS =
      List.of("src/main/java", "src/test/java", "src/tools/java", "src/e2e/java");

  @Test
  void product_importsNoTestOrToolCode() throws IOException {
    assertEquals(
        Set.of(),
        importsOfOurClassesFrom(
            "src/main/java", "src/test/java", "src/tools/java", "src/e2e/java"));
  }

  @Test
  void unitTests_importOnlyTheProduct() throws IOException {
    assertEquals(
        Set.of(), importsOfOurClassesFrom("src/test/java", "src/tools/java", "src/e2e/java"));
  }

  @Test
  void tools_importOnlyTheProduct() throws IOException {
    assertEquals(
        Set.of(), importsOfOurClassesFrom("src/tools/java", "src/test/java", "src/e2e/java"));
  }

  @Test
  void tokenPackage_importsNothingOutsideTheJdk() throws IOException {
    Set<String> foreign = new TreeSet<>();
    for (Path file : javaFiles(Path.of("src/main/java/com/checkandregisteruser/tokens"))) {
      for (String imported : imports(file)) {
        if (!imported.startsWith("java.")
            && !imported.startsWith("javax.")
            && !imported.startsWith("com.checkandregisteruser.tokens.")) {
          foreign.add(file.getFileName() + " imports " + imported);
        }
      }
      // A fully qualified name needs no import; the command-line usage text names only this
      // package.
      assertFalse(
          QUALIFIED_PRODUCT_NAME.matcher(Files.readString(file)).find(),
          file + " names a product class");
    }
    assertEquals(Set.of(), foreign);
  }

  @Test
  void everyJavaFile_livesInOneOfTheFourRoots() throws IOException {
    Set<String> elsewhere = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src"))) {
      files
          .filter(f -> f.toString().endsWith(".java"))
          .filter(
              f ->
                  ROOTS.stream()
                      .noneMatch(root -> f.toString().replace('\\', '/').startsWith(root + "/")))
          .forEach(f -> elsewhere.add(f.toString()));
    }
    assertEquals(Set.of(), elsewhere);
  }

  @Test
  void jdkHttpServers_areCreatedOnlyThroughJdkHttpServers() throws IOException {
    // The JDK reads its server settings once, at the first server of the JVM: one made elsewhere
    // first would leave the tests' JVM with Nagle on and 200 idle connections at most.
    // Both ways JDK 17 makes one: Http(s)Server.create, and an HttpServerProvider's
    // createHttp(s)Server.
    Pattern creation = Pattern.compile("\\bHttps?Server\\.create\\(|\\bcreateHttps?Server\\(");
    Set<String> elsewhere = new TreeSet<>();
    for (String root : ROOTS) {
      for (Path file : javaFiles(Path.of(root))) {
        if (!file.endsWith("JdkHttpServers.java")
            && creation.matcher(Files.readString(file)).find()) {
          elsewhere.add(file.toString());
        }
      }
    }
    assertEquals(Set.of(), elsewhere);
  }

  /**
   * Returns "File imports type" for each import in {@code root} of a class declared in a forbidden
   * root.
   */
  private static Set<String> importsOfOurClassesFrom(String root, String... forbiddenRoots)
      throws IOException {
    Set<String> forbiddenTypes = new TreeSet<>();
    for (String forbidden : forbiddenRoots) {
      for (Path file : javaFiles(Path.of(forbidden))) {
        forbiddenTypes.add(typeName(Path.of(forbidden), file));
      }
    }
    Set<String> violations = new TreeSet<>();
    for (Path file : javaFiles(Path.of(root))) {
      for (String imported : imports(file)) {
        if (forbiddenTypes.stream()
            .anyMatch(t -> imported.equals(t) || imported.startsWith(t + "."))) {
          violations.add(file.getFileName() + " imports " + imported);
        }
      }
      // Classes of the same package need no import, so look for the simple names of those too.
      String pkg = packageOf(Path.of(root), file);
      String text = Files.readString(file);
      for (String type : forbiddenTypes) {
        int dot = type.lastIndexOf('.');
        if (type.substring(0, dot).equals(pkg)
            && Pattern.compile("\\b" + Pattern.quote(type.substring(dot + 1)) + "\\b")
                .matcher(text)
                .find()) {
          violations.add(file.getFileName() + " uses " + type);
        }
      }
    }
    return violations;
  }

  private static List<Path> javaFiles(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java"))
          .sorted()
          .toList();
    }
  }

  private static List<String> imports(Path file) throws IOException {
    Matcher m = TYPE_REFERENCE.matcher(Files.readString(file));
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static String typeName(Path root, Path file) {
    String relative = root.relativize(file).toString().replace('\\', '/');
    return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
  }

  private static String packageOf(Path root, Path file) {
    String type = typeName(root, file);
    return type.substring(0, type.lastIndexOf('.'));
  }
}
