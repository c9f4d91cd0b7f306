package com.checkandregisteruser.sandbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Columns, primary keys and single-column foreign keys of the public schema, read from the
 * PostgreSQL catalog like Hasura does when it builds its schema cache.
 */
record DatabaseCatalog(Map<String, CatalogTable> tables) {

  /** A column and the SQL type that parameters for it are cast to. */
  record Column(String name, String sqlType) {}

  /** A foreign key from one column to one column of another table. */
  record ForeignKey(String column, String remoteTable, String remoteColumn) {}

  /** A table of the public schema. */
  record CatalogTable(
      String name,
      Map<String, Column> columns,
      String primaryKey,
      Map<String, ForeignKey> foreignKeys) {}

  static DatabaseCatalog read(DataSource dataSource) throws SQLException {
    Map<String, Map<String, Column>> columns = new LinkedHashMap<>();
    Map<String, String> primaryKeys = new LinkedHashMap<>();
    Map<String, Map<String, ForeignKey>> foreignKeys = new LinkedHashMap<>();
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      try (ResultSet rows =
          statement.executeQuery(
              """
          SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
          ORDER BY c.relname, a.attnum""")) {
        while (rows.next()) {
          columns
              .computeIfAbsent(rows.getString(1), t -> new LinkedHashMap<>())
              .put(rows.getString(2), new Column(rows.getString(2), rows.getString(3)));
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              """
          SELECT cl.relname, a.attname
          FROM pg_constraint con
          JOIN pg_class cl ON cl.oid = con.conrelid
          JOIN pg_namespace n ON n.oid = cl.relnamespace
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
          WHERE con.contype = 'p' AND n.nspname = 'public' AND cardinality(con.conkey) = 1""")) {
        while (rows.next()) {
          primaryKeys.put(rows.getString(1), rows.getString(2));
        }
      }
      try (ResultSet rows =
          statement.executeQuery(
              """
          SELECT cl.relname, a.attname, rc.relname, ra.attname
          FROM pg_constraint con
          JOIN pg_class cl ON cl.oid = con.conrelid
          JOIN pg_namespace n ON n.oid = cl.relnamespace
          JOIN pg_class rc ON rc.oid = con.confrelid
          JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
          JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
          WHERE con.contype = 'f' AND n.nspname = 'public' AND cardinality(con.conkey) = 1""")) {
        while (rows.next()) {
          foreignKeys
              .computeIfAbsent(rows.getString(1), t -> new LinkedHashMap<>())
              .put(
                  rows.getString(2),
                  new ForeignKey(rows.getString(2), rows.getString(3), rows.getString(4)));
        }
      }
    }
    Map<String, CatalogTable> tables = new LinkedHashMap<>();
    columns.forEach(
        (name, tableColumns) ->
            tables.put(
                name,
                new CatalogTable(
                    name,
                    Collections.unmodifiableMap(tableColumns),
                    primaryKeys.get(name),
                    Map.copyOf(foreignKeys.getOrDefault(name, Map.of())))));
    return new DatabaseCatalog(Collections.unmodifiableMap(tables));
  }
}
