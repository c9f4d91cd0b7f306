package com.checkandregisteruser.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The Hasura CLI project ({@code hasura/}) that both the sandbox and a real Hasura read. */
public record HasuraProject(Path root) {

  public HasuraProject {
    Objects.requireNonNull(root, "root");
    if (!Files.isRegularFile(root.resolve("config.yaml"))) {
      throw new IllegalArgumentException("not a Hasura project (no config.yaml): " + root);
    }
  }

  /**
   * Returns the project in {@code hasura/} of the working directory or its nearest parent that has
   * one: Maven runs tests from the module directory, an IDE sometimes from a parent.
   */
  public static HasuraProject locate() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("hasura");
      if (Files.isRegularFile(candidate.resolve("config.yaml"))) {
        return new HasuraProject(candidate);
      }
    }
    throw new IllegalStateException("no hasura/config.yaml in " + start + " or its parents");
  }

  public Path metadataDirectory() {
    return root.resolve("metadata");
  }

  /** Returns the up.sql of every migration of the default database, oldest first. */
  public List<Path> upMigrations() {
    Path migrations = root.resolve("migrations").resolve("default");
    try (Stream<Path> dirs = Files.list(migrations)) {
      return dirs.filter(Files::isDirectory)
          // Hasura orders migrations by the millisecond version before the first underscore.
          .sorted(Comparator.comparingLong(HasuraProject::version))
          .map(dir -> dir.resolve("up.sql"))
          .filter(Files::isRegularFile)
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + migrations, e);
    }
  }

  private static long version(Path migrationDir) {
    String name = migrationDir.getFileName().toString();
    int underscore = name.indexOf('_');
    return Long.parseLong(underscore < 0 ? name : name.substring(0, underscore));
  }
}
