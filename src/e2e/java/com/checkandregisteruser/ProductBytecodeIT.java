package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What the compiled product must not link at run time, because each costs a cold start
 * (docs/cold-start.md): a lambda or method reference is spun into a class at its first use (about 1
 * ms each, against a quarter of that for an anonymous class), and the first {@code invokedynamic}
 * string concatenation in the worker's JVM bootstraps {@code StringConcatFactory}.
 */
class ProductBytecodeIT {
  private static final Path CLASSES = Path.of("target/classes");

  @Test
  void productClasses_useNoLambdaOrMethodReference() throws IOException {
    // given every class the product compiles to
    List<Path> classes = productClasses();

    // then none refers to the factory that links lambdas and method references
    assertEquals(
        Set.of(),
        classesMentioning(classes, "java/lang/invoke/LambdaMetafactory"),
        "write these without lambdas or method references (an anonymous class, a loop, an if):"
            + " each is a class spun at its first use, docs/cold-start.md");
  }

  @Test
  void productClasses_concatenateStringsWithoutInvokedynamic() throws IOException {
    // given every class the product compiles to (pom.xml: -XDstringConcat=inline)
    List<Path> classes = productClasses();

    // then none bootstraps string concatenation through invokedynamic
    assertEquals(
        Set.of(),
        classesMentioning(classes, "java/lang/invoke/StringConcatFactory"),
        "-XDstringConcat");
  }

  private static List<Path> productClasses() throws IOException {
    List<Path> classes;
    try (Stream<Path> files = Files.walk(CLASSES)) {
      classes = files.filter(f -> f.toString().endsWith(".class")).toList();
    }
    // The function's own classes, the token cipher's, and the entry point among them.
    assertTrue(classes.size() > 40, "compiled product classes in " + CLASSES + ": " + classes);
    assertTrue(
        classes.contains(
            CLASSES.resolve("com/checkandregisteruser/CheckAndRegisterUserFunction.class")),
        "the function's class is among them");
    return classes;
  }

  /**
   * The classes whose constant pool holds {@code name}: a class that links through a bootstrap
   * method names its class there, in the modified UTF-8 of class files (plain ASCII for these).
   * Read as ISO-8859-1, each byte is one char, so a plain substring search finds it.
   */
  private static Set<String> classesMentioning(List<Path> classes, String name) throws IOException {
    Set<String> found = new TreeSet<>();
    for (Path file : classes) {
      if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(name)) {
        found.add(CLASSES.relativize(file).toString());
      }
    }
    return found;
  }
}
