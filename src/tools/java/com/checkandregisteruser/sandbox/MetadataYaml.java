package com.checkandregisteruser.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads Hasura CLI metadata YAML. The CLI writes {@code "!include other.yaml"} as a plain string
 * (quoted, so YAML does not see a tag); it names a file relative to the including one.
 */
final class MetadataYaml {

  private static final String INCLUDE = "!include ";

  private MetadataYaml() {}

  /** Returns the document in {@code file} with every include replaced by the included document. */
  static Object read(Path file) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    try (Reader reader = Files.newBufferedReader(file)) {
      return resolveIncludes(yaml.load(reader), file.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Object resolveIncludes(Object node, Path directory) {
    if (node instanceof String text && text.startsWith(INCLUDE)) {
      return read(directory.resolve(text.substring(INCLUDE.length()).trim()));
    }
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> resolved = new LinkedHashMap<>();
      map.forEach(
          (key, value) -> resolved.put(String.valueOf(key), resolveIncludes(value, directory)));
      return resolved;
    }
    if (node instanceof List<?> list) {
      List<Object> resolved = new ArrayList<>();
      list.forEach(item -> resolved.add(resolveIncludes(item, directory)));
      return resolved;
    }
    return node;
  }
}
