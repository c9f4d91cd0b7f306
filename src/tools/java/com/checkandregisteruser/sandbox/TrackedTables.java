package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.sandbox.DatabaseCatalog.CatalogTable;
import com.checkandregisteruser.sandbox.DatabaseCatalog.Column;
import com.checkandregisteruser.sandbox.DatabaseCatalog.ForeignKey;
import com.checkandregisteruser.sandbox.HasuraMetadata.InsertPermission;
import com.checkandregisteruser.sandbox.HasuraMetadata.ObjectRelationship;
import com.checkandregisteruser.sandbox.HasuraMetadata.SelectPermission;
import com.checkandregisteruser.sandbox.HasuraMetadata.UpdatePermission;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The tracked tables: metadata (relationships, permissions) joined with the database catalog. */
final class TrackedTables {

  /** An object relationship resolved to the remote table and column its foreign key points at. */
  record Relationship(String name, String column, String remoteTable, String remoteColumn) {}

  /** What a role may touch in a table: columns, and the row filter (select) or check (insert). */
  record Access(Set<String> columns, Map<String, Object> rowExpression) {}

  /**
   * What a role may update: the columns of {@code _set}, the rows (filter) and the new rows' check.
   */
  record UpdateAccess(Set<String> columns, Map<String, Object> filter, Map<String, Object> check) {}

  /** One tracked table. */
  record Table(
      String name,
      Map<String, Column> columns,
      String primaryKey,
      Map<String, Relationship> relationships,
      Map<String, SelectPermission> selectPermissions,
      Map<String, InsertPermission> insertPermissions,
      Map<String, UpdatePermission> updatePermissions) {

    String sqlName() {
      return "public." + Sql.identifier(name);
    }

    boolean isColumn(String field) {
      return columns.containsKey(field);
    }

    /** Returns the role's select access; admin reads every column of every row. */
    Optional<Access> selectAccess(Session session) {
      return access(
          session,
          new Access(columns.keySet(), Map.of()),
          selectPermissions,
          permission -> new Access(expand(permission.columns()), permission.filter()));
    }

    /** Returns the role's insert access; admin inserts any column without a check. */
    Optional<Access> insertAccess(Session session) {
      return access(
          session,
          new Access(columns.keySet(), Map.of()),
          insertPermissions,
          permission -> new Access(expand(permission.columns()), permission.check()));
    }

    /** Returns the role's update access; admin updates any column of any row without a check. */
    Optional<UpdateAccess> updateAccess(Session session) {
      return access(
          session,
          new UpdateAccess(columns.keySet(), Map.of(), Map.of()),
          updatePermissions,
          permission ->
              new UpdateAccess(
                  expand(permission.columns()), permission.filter(), permission.check()));
    }

    /** Admin's access, else what the session's role is granted, else none. */
    private static <P, A> Optional<A> access(
        Session session, A admin, Map<String, P> permissions, Function<P, A> granted) {
      if (session.isAdmin()) {
        return Optional.of(admin);
      }
      P permission = permissions.get(session.role());
      return permission == null ? Optional.empty() : Optional.of(granted.apply(permission));
    }

    private Set<String> expand(List<String> permitted) {
      return permitted.contains("*") ? columns.keySet() : Set.copyOf(permitted);
    }
  }

  private final Map<String, Table> tables;

  private TrackedTables(Map<String, Table> tables) {
    this.tables = tables;
  }

  /** Joins metadata and catalog, failing on anything the metadata names that the database lacks. */
  static TrackedTables build(HasuraMetadata metadata, DatabaseCatalog catalog) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (HasuraMetadata.Table tracked : metadata.tables().values()) {
      CatalogTable catalogTable = catalog.tables().get(tracked.name());
      if (catalogTable == null || !"public".equals(tracked.schema())) {
        throw new IllegalStateException(
            "tracked table not in the database: " + tracked.schema() + "." + tracked.name());
      }
      Map<String, Relationship> relationships = new LinkedHashMap<>();
      for (ObjectRelationship rel : tracked.objectRelationships()) {
        ForeignKey fk = catalogTable.foreignKeys().get(rel.column());
        if (fk == null) {
          throw new IllegalStateException(
              "no foreign key on " + tracked.name() + "." + rel.column());
        }
        relationships.put(
            rel.name(),
            new Relationship(rel.name(), rel.column(), fk.remoteTable(), fk.remoteColumn()));
      }
      Table table =
          new Table(
              tracked.name(),
              catalogTable.columns(),
              catalogTable.primaryKey(),
              Collections.unmodifiableMap(relationships),
              tracked.selectPermissions(),
              tracked.insertPermissions(),
              tracked.updatePermissions());
      checkPermittedColumnsExist(table);
      tables.put(table.name(), table);
    }
    return new TrackedTables(Collections.unmodifiableMap(tables));
  }

  Optional<Table> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  Table require(String name) {
    return table(name).orElseThrow(() -> new IllegalStateException("not a tracked table: " + name));
  }

  Map<String, Table> all() {
    return tables;
  }

  private static void checkPermittedColumnsExist(Table table) {
    Set<String> named = new LinkedHashSet<>();
    table.selectPermissions().values().forEach(p -> named.addAll(p.columns()));
    table.insertPermissions().values().forEach(p -> named.addAll(p.columns()));
    table.updatePermissions().values().forEach(p -> named.addAll(p.columns()));
    named.remove("*");
    for (String column : named) {
      if (!table.isColumn(column)) {
        throw new IllegalStateException(
            "permission names unknown column " + table.name() + "." + column);
      }
    }
  }
}
