package com.checkandregisteruser.sandbox;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one statement being built, and fresh table aliases for its subqueries. Every
 * value is bound as text and cast to the column's type in SQL, as Hasura does with its literals.
 */
final class SqlParameters {

  private final List<Object> values = new ArrayList<>();
  private int aliases;

  /** Adds a value and returns the SQL that reads it as {@code sqlType}. */
  String add(Object value, String sqlType) {
    values.add(value == null ? null : text(value));
    return "CAST(? AS " + sqlType + ")";
  }

  /** Adds a list and returns the SQL that reads it as an array of {@code sqlType}. */
  String addArray(List<?> list, String sqlType) {
    values.add(list.stream().map(v -> v == null ? null : text(v)).toArray(String[]::new));
    return "CAST(? AS " + sqlType + "[])";
  }

  String nextAlias() {
    return "t" + aliases++;
  }

  void bind(Connection connection, PreparedStatement statement) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value instanceof String[] array) {
        statement.setArray(i + 1, connection.createArrayOf("text", array));
      } else {
        statement.setString(i + 1, (String) value);
      }
    }
  }

  /** Returns the text form PostgreSQL parses for a plain value (JSON for objects and lists). */
  static String text(Object value) {
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return Json.write(Json.fromPlain(value));
    }
    return String.valueOf(value);
  }
}
