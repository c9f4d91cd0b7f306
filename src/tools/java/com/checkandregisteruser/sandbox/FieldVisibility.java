package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.sandbox.TrackedTables.Relationship;
import com.checkandregisteruser.sandbox.TrackedTables.Table;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which fields of the admin schema a role sees. Hasura builds one schema per role from the
 * permissions; a field outside it is reported exactly like a field that does not exist.
 */
final class FieldVisibility {

  private final TrackedTables tables;
  private final Map<String, HasuraMetadata.Action> actions;

  FieldVisibility(TrackedTables tables, List<HasuraMetadata.Action> actions) {
    this.tables = tables;
    this.actions = actions.stream().collect(Collectors.toMap(HasuraMetadata.Action::name, a -> a));
  }

  /** Returns whether the role sees {@code field} of the output type {@code type}. */
  boolean isVisible(Session session, String type, String field) {
    if (session.isAdmin()) {
      return true;
    }
    if (type.equals("query_root")) {
      return tables.table(field).flatMap(t -> t.selectAccess(session)).isPresent();
    }
    if (type.equals("mutation_root")) {
      HasuraMetadata.Action action = actions.get(field);
      if (action != null) {
        return action.roles().contains(session.role());
      }
      if (field.startsWith("update_")) {
        return tables
            .table(field.substring("update_".length()))
            .flatMap(t -> t.updateAccess(session))
            .isPresent();
      }
      // insert_<table>_one returns the row, so Hasura offers it only with select permission too.
      Optional<Table> one = insertedTable(field, "_one");
      if (one.isPresent() && one.get().selectAccess(session).isPresent()) {
        return one.get().insertAccess(session).isPresent();
      }
      return insertedTable(field, "").flatMap(t -> t.insertAccess(session)).isPresent();
    }
    if (type.endsWith("_mutation_response")) {
      String table = type.substring(0, type.length() - "_mutation_response".length());
      return !field.equals("returning")
          || tables.table(table).flatMap(t -> t.selectAccess(session)).isPresent();
    }
    Optional<Table> table = tables.table(type);
    if (table.isPresent()) {
      return isReadable(session, table.get(), field);
    }
    return true;
  }

  /** Returns whether the role sees {@code field} of the input type {@code type}. */
  boolean isInputVisible(Session session, String type, String field) {
    if (session.isAdmin()) {
      return true;
    }
    for (String suffix : new String[] {"_bool_exp", "_order_by"}) {
      Optional<Table> table = tableOf(type, suffix);
      if (table.isPresent()) {
        return field.equals("_and")
            || field.equals("_or")
            || field.equals("_not")
            || isReadable(session, table.get(), field);
      }
    }
    Optional<Table> updated = tableOf(type, "_set_input");
    if (updated.isPresent()) {
      return updated
          .get()
          .updateAccess(session)
          .map(a -> a.columns().contains(field))
          .orElse(false);
    }
    Optional<Table> inserted = tableOf(type, "_insert_input");
    if (inserted.isPresent()) {
      Table table = inserted.get();
      Relationship relationship = table.relationships().get(field);
      if (relationship != null) {
        return tables.require(relationship.remoteTable()).insertAccess(session).isPresent();
      }
      return table.insertAccess(session).map(a -> a.columns().contains(field)).orElse(false);
    }
    return true;
  }

  /** Returns whether mutation_root has any field for the role ("no mutations exist" otherwise). */
  boolean hasMutations(Session session) {
    return session.isAdmin()
        || actions.values().stream().anyMatch(a -> a.roles().contains(session.role()))
        || tables.all().values().stream()
            .anyMatch(
                t -> t.insertAccess(session).isPresent() || t.updateAccess(session).isPresent());
  }

  private boolean isReadable(Session session, Table table, String field) {
    Relationship relationship = table.relationships().get(field);
    if (relationship != null) {
      return tables.require(relationship.remoteTable()).selectAccess(session).isPresent();
    }
    return table.selectAccess(session).map(a -> a.columns().contains(field)).orElse(false);
  }

  private Optional<Table> insertedTable(String field, String suffix) {
    return field.startsWith("insert_") && field.endsWith(suffix)
        ? tables.table(field.substring("insert_".length(), field.length() - suffix.length()))
        : Optional.empty();
  }

  private Optional<Table> tableOf(String type, String suffix) {
    return type.endsWith(suffix)
        ? tables.table(type.substring(0, type.length() - suffix.length()))
        : Optional.empty();
  }
}
