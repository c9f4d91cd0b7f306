package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.sandbox.TrackedTables.Relationship;
import com.checkandregisteruser.sandbox.TrackedTables.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles Hasura boolean expressions ({@code where} arguments, select filters, insert checks) to
 * SQL. Permission expressions may name session variables ({@code X-Hasura-User-Id}) as values; user
 * expressions are taken literally. Comparisons against null follow SQL (match nothing), not Hasura.
 */
final class BoolExpSql {

  private final TrackedTables tables;

  BoolExpSql(TrackedTables tables) {
    this.tables = tables;
  }

  /**
   * @param session the session whose variables a permission expression reads, or null for a
   *     user-supplied expression
   */
  String compile(
      Table table,
      String alias,
      Map<String, Object> expression,
      Session session,
      SqlParameters params) {
    List<String> conditions = new ArrayList<>();
    for (Map.Entry<String, Object> entry : expression.entrySet()) {
      conditions.add(condition(table, alias, entry.getKey(), entry.getValue(), session, params));
    }
    return conditions.isEmpty() ? "TRUE" : "(" + String.join(" AND ", conditions) + ")";
  }

  @SuppressWarnings("unchecked")
  private String condition(
      Table table, String alias, String key, Object value, Session session, SqlParameters params) {
    switch (key) {
      case "_and":
        return junction(table, alias, value, " AND ", "TRUE", session, params);
      case "_or":
        return junction(table, alias, value, " OR ", "FALSE", session, params);
      case "_not":
        return "NOT " + compile(table, alias, map(value), session, params);
      default:
        break;
    }
    Relationship relationship = table.relationships().get(key);
    if (relationship != null) {
      Table remote = tables.require(relationship.remoteTable());
      String remoteAlias = params.nextAlias();
      return "EXISTS (SELECT 1 FROM "
          + remote.sqlName()
          + " AS "
          + remoteAlias
          + " WHERE "
          + remoteAlias
          + "."
          + Sql.identifier(relationship.remoteColumn())
          + " = "
          + alias
          + "."
          + Sql.identifier(relationship.column())
          + " AND "
          + compile(remote, remoteAlias, map(value), session, params)
          + ")";
    }
    DatabaseCatalog.Column column = table.columns().get(key);
    if (column == null) {
      throw new IllegalArgumentException("no column or relationship " + table.name() + "." + key);
    }
    String sqlColumn = alias + "." + Sql.identifier(key);
    // Permissions may write {column: X-Hasura-User-Id} for {column: {_eq: X-Hasura-User-Id}}.
    Map<String, Object> operators =
        value instanceof Map ? (Map<String, Object>) value : Collections.singletonMap("_eq", value);
    List<String> comparisons = new ArrayList<>();
    for (Map.Entry<String, Object> operator : operators.entrySet()) {
      comparisons.add(
          comparison(
              sqlColumn,
              column.sqlType(),
              operator.getKey(),
              resolve(operator.getValue(), session),
              params));
    }
    return comparisons.isEmpty() ? "TRUE" : "(" + String.join(" AND ", comparisons) + ")";
  }

  private String junction(
      Table table,
      String alias,
      Object value,
      String joiner,
      String empty,
      Session session,
      SqlParameters params) {
    List<?> items = value instanceof List<?> list ? list : List.of(value);
    List<String> parts = new ArrayList<>();
    for (Object item : items) {
      parts.add(compile(table, alias, map(item), session, params));
    }
    return parts.isEmpty() ? empty : "(" + String.join(joiner, parts) + ")";
  }

  private static String comparison(
      String column, String type, String operator, Object value, SqlParameters params) {
    return switch (operator) {
      case "_eq" -> column + " = " + params.add(value, type);
      case "_neq" -> column + " <> " + params.add(value, type);
      case "_gt" -> column + " > " + params.add(value, type);
      case "_gte" -> column + " >= " + params.add(value, type);
      case "_lt" -> column + " < " + params.add(value, type);
      case "_lte" -> column + " <= " + params.add(value, type);
      case "_like" -> column + " LIKE " + params.add(value, type);
      case "_nlike" -> column + " NOT LIKE " + params.add(value, type);
      case "_ilike" -> column + " ILIKE " + params.add(value, type);
      case "_nilike" -> column + " NOT ILIKE " + params.add(value, type);
      case "_in" -> column + " = ANY(" + params.addArray(list(value), type) + ")";
      case "_nin" -> column + " <> ALL(" + params.addArray(list(value), type) + ")";
      case "_is_null" -> column + (Boolean.TRUE.equals(value) ? " IS NULL" : " IS NOT NULL");
      default -> throw new IllegalArgumentException("unsupported operator " + operator);
    };
  }

  private static Object resolve(Object value, Session session) {
    if (session != null
        && value instanceof String text
        && text.toLowerCase(Locale.ROOT).startsWith("x-hasura-")) {
      String resolved = session.variable(text);
      if (resolved == null) {
        throw HasuraError.atRoot(
            "not-found", "missing session variable: \"" + text.toLowerCase(Locale.ROOT) + "\"");
      }
      return resolved;
    }
    return value;
  }

  private static List<?> list(Object value) {
    return value instanceof List<?> list ? list : List.of(value);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    if (value == null) {
      return Map.of();
    }
    return (Map<String, Object>) value;
  }
}
