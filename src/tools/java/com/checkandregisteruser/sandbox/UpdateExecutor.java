package com.checkandregisteruser.sandbox;

import com.checkandregisteruser.sandbox.TrackedTables.Table;
import com.checkandregisteruser.sandbox.TrackedTables.UpdateAccess;
import com.google.gson.JsonObject;
import graphql.language.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code update_<table>(where: ..., _set: {...})} like Hasura's update mutation
 * (Hasura.Backends.Postgres.Translate.Update, Execute.Mutation): one UPDATE whose WHERE is the
 * role's update filter AND the caller's {@code where}, and whose RETURNING evaluates the role's
 * update check on each new row. A row outside the filter is simply not updated ({@code
 * affected_rows} 0); a failed check fails the request with {@code permission-error} at {@code $}
 * (withCheckPermission). Which {@code _set} columns the role may name is checked before execution,
 * by the validator. The caller owns the transaction.
 */
final class UpdateExecutor {

  private final BoolExpSql boolExp;
  private final SelectExecutor select;

  UpdateExecutor(BoolExpSql boolExp, SelectExecutor select) {
    this.boolExp = boolExp;
    this.select = select;
  }

  /** Runs the update and answers its mutation response fields. */
  JsonObject update(
      Connection connection, Session session, Table table, Field field, OperationContext context) {
    UpdateAccess access =
        table
            .updateAccess(session)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "role " + session.role() + " cannot update " + table.name()));
    Map<String, Object> arguments = context.arguments(field);
    Map<String, Object> set = map(arguments.get("_set"));
    if (set.isEmpty()) {
      throw HasuraError.atRoot(
          "not-supported", "sandbox: update_" + table.name() + " needs a non-empty _set");
    }

    SqlParameters params = new SqlParameters();
    String alias = params.nextAlias();
    List<String> assignments = new ArrayList<>();
    set.forEach(
        (column, value) ->
            assignments.add(
                Sql.identifier(column)
                    + " = "
                    + params.add(value, table.columns().get(column).sqlType())));
    String sql =
        "UPDATE "
            + table.sqlName()
            + " AS "
            + alias
            + " SET "
            + String.join(", ", assignments)
            + " WHERE "
            + boolExp.compile(table, alias, access.filter(), session, params)
            + " AND "
            + boolExp.compile(table, alias, map(arguments.get("where")), null, params)
            + " RETURNING to_json("
            + alias
            + "."
            + Sql.identifier(table.primaryKey())
            + ")::text, "
            + boolExp.compile(table, alias, access.check(), session, params);

    List<Object> keys = new ArrayList<>();
    try {
      try (PreparedStatement statement = connection.prepareStatement(sql)) {
        params.bind(connection, statement);
        boolean checkPassed = true;
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            keys.add(Json.toPlain(Json.parseStrict(rows.getString(1)).orElseThrow()));
            checkPassed &= rows.getBoolean(2);
          }
        }
        if (!checkPassed) {
          throw HasuraError.atRoot("permission-error", InsertExecutor.CHECK_FAILED);
        }
      }
      return MutationResponse.answer(
          field,
          context,
          table,
          keys.size(),
          fields -> select.returning(connection, session, table, keys, fields, context));
    } catch (SQLException e) {
      throw SqlErrors.toHasura(e, "$");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value == null ? Map.of() : (Map<String, Object>) value;
  }
}
