package com.checkandregisteruser.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The parts of a Hasura metadata directory (CLI config v3) that the sandbox acts on. */
record HasuraMetadata(Map<String, Table> tables, List<Action> actions, String actionsSdl) {

  /** A role's right to read a table: visible columns and the row filter. */
  record SelectPermission(List<String> columns, Map<String, Object> filter) {}

  /** A role's right to insert into a table: settable columns and the check on each new row. */
  record InsertPermission(List<String> columns, Map<String, Object> check) {}

  /**
   * A role's right to update a table: settable columns, the rows it may touch (filter) and the
   * check each updated row must pass.
   */
  record UpdatePermission(
      List<String> columns, Map<String, Object> filter, Map<String, Object> check) {}

  /** An object relationship defined by a foreign key column of the table itself. */
  record ObjectRelationship(String name, String column) {}

  /** A tracked table of the default source, with permissions by role. */
  record Table(
      String schema,
      String name,
      List<ObjectRelationship> objectRelationships,
      Map<String, SelectPermission> selectPermissions,
      Map<String, InsertPermission> insertPermissions,
      Map<String, UpdatePermission> updatePermissions) {}

  /** A header an action sends: either a literal value or the name of an environment variable. */
  record HeaderConf(String name, String value, String valueFromEnv) {}

  /** A synchronous action and the roles that may call it. */
  record Action(
      String name,
      String handler,
      boolean forwardClientHeaders,
      List<HeaderConf> headers,
      Duration timeout,
      Set<String> roles) {}

  // Hasura's default action timeout (definition.timeout, in seconds).
  private static final Duration DEFAULT_ACTION_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Reads {@code databases/databases.yaml} (default source), {@code actions.yaml} and {@code
   * actions.graphql}.
   */
  static HasuraMetadata load(Path metadataDirectory) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (Object source :
        list(MetadataYaml.read(metadataDirectory.resolve("databases/databases.yaml")))) {
      Map<String, Object> sourceMap = map(source);
      if (!"default".equals(sourceMap.get("name"))) {
        continue;
      }
      for (Object entry : list(sourceMap.get("tables"))) {
        Table table = table(map(entry));
        tables.put(table.name(), table);
      }
    }
    Map<String, Object> actionsYaml =
        map(MetadataYaml.read(metadataDirectory.resolve("actions.yaml")));
    List<Action> actions =
        list(actionsYaml.get("actions")).stream()
            .map(entry -> action(map(entry)))
            .collect(Collectors.toList());
    String actionsSdl;
    try {
      actionsSdl = Files.readString(metadataDirectory.resolve("actions.graphql"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new HasuraMetadata(Map.copyOf(tables), List.copyOf(actions), actionsSdl);
  }

  private static Table table(Map<String, Object> entry) {
    Map<String, Object> name = map(entry.get("table"));
    List<ObjectRelationship> relationships =
        list(entry.get("object_relationships")).stream()
            .map(
                rel -> {
                  Map<String, Object> relMap = map(rel);
                  Object fk = map(relMap.get("using")).get("foreign_key_constraint_on");
                  if (!(fk instanceof String column)) {
                    throw new IllegalArgumentException(
                        "only foreign_key_constraint_on: <column> relationships are supported: "
                            + relMap);
                  }
                  return new ObjectRelationship((String) relMap.get("name"), column);
                })
            .collect(Collectors.toList());
    Map<String, SelectPermission> select =
        permissionsByRole(
            entry.get("select_permissions"),
            permission ->
                new SelectPermission(
                    columns(permission.get("columns")), map(permission.get("filter"))));
    Map<String, InsertPermission> insert =
        permissionsByRole(
            entry.get("insert_permissions"),
            permission ->
                new InsertPermission(
                    columns(permission.get("columns")), map(permission.get("check"))));
    Map<String, UpdatePermission> update =
        permissionsByRole(
            entry.get("update_permissions"),
            permission ->
                new UpdatePermission(
                    columns(permission.get("columns")),
                    map(permission.get("filter")),
                    map(permission.get("check"))));
    return new Table(
        (String) name.getOrDefault("schema", "public"),
        (String) name.get("name"),
        List.copyOf(relationships),
        select,
        insert,
        update);
  }

  /** One kind of a table's permissions ({@code [{role, permission}]}), keyed by role. */
  private static <P> Map<String, P> permissionsByRole(
      Object entries, Function<Map<String, Object>, P> permission) {
    Map<String, P> byRole = new LinkedHashMap<>();
    for (Object entry : list(entries)) {
      Map<String, Object> roleEntry = map(entry);
      byRole.put(
          (String) roleEntry.get("role"), permission.apply(map(roleEntry.get("permission"))));
    }
    return Map.copyOf(byRole);
  }

  private static Action action(Map<String, Object> entry) {
    Map<String, Object> definition = map(entry.get("definition"));
    if (!"synchronous".equals(definition.getOrDefault("kind", "synchronous"))) {
      throw new IllegalArgumentException(
          "only synchronous actions are supported: " + entry.get("name"));
    }
    List<HeaderConf> headers =
        list(definition.get("headers")).stream()
            .map(
                header -> {
                  Map<String, Object> h = map(header);
                  return new HeaderConf(
                      (String) h.get("name"),
                      (String) h.get("value"),
                      (String) h.get("value_from_env"));
                })
            .collect(Collectors.toList());
    Object timeout = definition.get("timeout");
    Set<String> roles =
        list(entry.get("permissions")).stream()
            .map(perm -> (String) map(perm).get("role"))
            .collect(Collectors.toUnmodifiableSet());
    return new Action(
        (String) entry.get("name"),
        (String) definition.get("handler"),
        Boolean.TRUE.equals(definition.get("forward_client_headers")),
        List.copyOf(headers),
        timeout == null
            ? DEFAULT_ACTION_TIMEOUT
            : Duration.ofSeconds(((Number) timeout).longValue()),
        roles);
  }

  // "*" stands for every column; it is kept as is and expanded against the database catalog.
  private static List<String> columns(Object columns) {
    if ("*".equals(columns)) {
      return List.of("*");
    }
    return list(columns).stream().map(String::valueOf).collect(Collectors.toUnmodifiableList());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object node) {
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof Map)) {
      throw new IllegalArgumentException("expected a mapping in metadata, got: " + node);
    }
    return (Map<String, Object>) node;
  }

  private static List<?> list(Object node) {
    if (node == null) {
      return List.of();
    }
    if (!(node instanceof List<?> list)) {
      throw new IllegalArgumentException("expected a list in metadata, got: " + node);
    }
    return list;
  }
}
