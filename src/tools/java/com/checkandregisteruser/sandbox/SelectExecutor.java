package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.sandbox.TrackedTables.Access;
import com.checkandregisteruser.sandbox.TrackedTables.Relationship;
import com.checkandregisteruser.sandbox.TrackedTables.Table;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import graphql.language.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs a table query ({@code user(where:, limit:, offset:, order_by:)}) with the role's select
 * filter added to the user's {@code where}, and object relationships fetched row by row with the
 * remote table's filter (a hidden related row reads as null, as in Hasura).
 */
final class SelectExecutor {

  private final TrackedTables tables;
  private final BoolExpSql boolExp;

  SelectExecutor(TrackedTables tables, BoolExpSql boolExp) {
    this.tables = tables;
    this.boolExp = boolExp;
  }

  /** A mutation's {@code returning}: the written rows, by primary key, as the role may see them. */
  JsonArray returning(
      Connection connection,
      Session session,
      Table table,
      List<Object> keys,
      List<Field> fields,
      OperationContext context)
      throws SQLException {
    return select(
        connection,
        session,
        table,
        Map.of(),
        Map.of(table.primaryKey(), Map.of("_in", keys)),
        fields,
        context);
  }

  /**
   * @param extraWhere a further literal condition (used for relationships and returning), or empty
   */
  JsonArray select(
      Connection connection,
      Session session,
      Table table,
      Map<String, Object> arguments,
      Map<String, Object> extraWhere,
      List<Field> fields,
      OperationContext context)
      throws SQLException {
    Access access =
        table
            .selectAccess(session)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "role " + session.role() + " cannot select " + table.name()));
    SqlParameters params = new SqlParameters();
    String alias = params.nextAlias();

    Set<String> columns = new LinkedHashSet<>();
    for (Field field : fields) {
      Relationship relationship = table.relationships().get(field.getName());
      if (relationship != null) {
        columns.add(relationship.column());
      } else if (table.isColumn(field.getName())) {
        columns.add(field.getName());
      }
    }
    List<String> selectList = new ArrayList<>();
    for (String column : columns) {
      selectList.add("to_json(" + alias + "." + Sql.identifier(column) + ")::text");
    }
    if (selectList.isEmpty()) {
      selectList.add("1");
    }

    StringBuilder sql =
        new StringBuilder("SELECT ")
            .append(String.join(", ", selectList))
            .append(" FROM ")
            .append(table.sqlName())
            .append(" AS ")
            .append(alias)
            .append(" WHERE ")
            .append(boolExp.compile(table, alias, access.rowExpression(), session, params))
            .append(" AND ")
            .append(boolExp.compile(table, alias, map(arguments.get("where")), null, params))
            .append(" AND ")
            .append(boolExp.compile(table, alias, extraWhere, null, params));
    appendOrderBy(sql, table, alias, arguments.get("order_by"));
    if (arguments.get("limit") != null) {
      sql.append(" LIMIT ").append(params.add(arguments.get("limit"), "bigint"));
    }
    if (arguments.get("offset") != null) {
      sql.append(" OFFSET ").append(params.add(arguments.get("offset"), "bigint"));
    }

    List<Map<String, JsonElement>> rows = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
      params.bind(connection, statement);
      try (ResultSet resultSet = statement.executeQuery()) {
        while (resultSet.next()) {
          Map<String, JsonElement> row = new HashMap<>();
          int index = 1;
          for (String column : columns) {
            String json = resultSet.getString(index++);
            row.put(
                column, json == null ? JsonNull.INSTANCE : Json.parseStrict(json).orElseThrow());
          }
          rows.add(row);
        }
      }
    }

    JsonArray result = new JsonArray();
    for (Map<String, JsonElement> row : rows) {
      JsonObject object = new JsonObject();
      for (Field field : fields) {
        object.add(field.getResultKey(), value(connection, session, table, row, field, context));
      }
      result.add(object);
    }
    return result;
  }

  private JsonElement value(
      Connection connection,
      Session session,
      Table table,
      Map<String, JsonElement> row,
      Field field,
      OperationContext context)
      throws SQLException {
    if (field.getName().equals("__typename")) {
      return new JsonPrimitive(table.name());
    }
    Relationship relationship = table.relationships().get(field.getName());
    if (relationship == null) {
      return row.get(field.getName());
    }
    JsonElement key = row.get(relationship.column());
    if (key == null || key.isJsonNull()) {
      return JsonNull.INSTANCE;
    }
    Table remote = tables.require(relationship.remoteTable());
    JsonArray related =
        select(
            connection,
            session,
            remote,
            Map.of(),
            Map.of(relationship.remoteColumn(), Map.of("_eq", Json.toPlain(key))),
            context.fields(field.getSelectionSet()),
            context);
    return related.isEmpty() ? JsonNull.INSTANCE : related.get(0);
  }

  private static void appendOrderBy(StringBuilder sql, Table table, String alias, Object orderBy) {
    if (orderBy == null) {
      return;
    }
    List<String> terms = new ArrayList<>();
    for (Object item : orderBy instanceof List<?> list ? list : List.of(orderBy)) {
      for (Map.Entry<String, Object> entry : map(item).entrySet()) {
        if (!table.isColumn(entry.getKey())) {
          throw HasuraError.atRoot("not-supported", "sandbox: order_by supports columns only");
        }
        terms.add(
            alias
                + "."
                + Sql.identifier(entry.getKey())
                + " "
                + direction(String.valueOf(entry.getValue())));
      }
    }
    if (!terms.isEmpty()) {
      sql.append(" ORDER BY ").append(String.join(", ", terms));
    }
  }

  // Hasura's asc and desc are PostgreSQL's defaults: nulls last ascending, first descending.
  private static String direction(String orderBy) {
    return switch (orderBy) {
      case "asc" -> "ASC NULLS LAST";
      case "asc_nulls_first" -> "ASC NULLS FIRST";
      case "asc_nulls_last" -> "ASC NULLS LAST";
      case "desc" -> "DESC NULLS FIRST";
      case "desc_nulls_first" -> "DESC NULLS FIRST";
      case "desc_nulls_last" -> "DESC NULLS LAST";
      default -> throw new IllegalArgumentException("unknown order_by " + orderBy);
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }
}
