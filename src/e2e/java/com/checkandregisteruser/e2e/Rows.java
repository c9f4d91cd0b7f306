package com.checkandregisteruser.e2e;

import com.checkandregisteruser.tokens.TokenCipher;
import com.checkandregisteruser.tokens.TokenDecryptionException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Reads PostgreSQL directly, past Hasura and its permissions: what is really stored. */
public final class Rows {
  private final DataSource dataSource;

  public Rows(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Runs a statement as the database owner (test set-up only). */
  public void execute(String sql) {
    try (Connection connection = dataSource.getConnection();
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public long count(String table) {
    return number("select count(*) from " + table);
  }

  /** Users with this name, accounts with it as account name, and links between them. */
  public long[] registrationOf(String username) {
    return new long[] {
      number("select count(*) from \"user\" where username = ?", username),
      number("select count(*) from account where account_name = ?", username),
      number(
          "select count(*) from account_user l join \"user\" u on u.id = l.user_id"
              + " join account a on a.id = l.account_id where u.username = ? and a.account_name = ?",
          username,
          username)
    };
  }

  /** The stored access_token and access_token_secret of an account. */
  public List<String> tokensOf(String username) {
    return strings(
        "select access_token, access_token_secret from account where account_name = ?", username);
  }

  /**
   * The stored access_token and access_token_secret of an account, decrypted with {@code cipher}.
   */
  public List<String> decryptedTokensOf(String username, TokenCipher cipher)
      throws TokenDecryptionException {
    List<String> stored = tokensOf(username);
    return List.of(
        cipher.decrypt(stored.get(0), username, TokenCipher.Column.ACCESS_TOKEN),
        cipher.decrypt(stored.get(1), username, TokenCipher.Column.ACCESS_TOKEN_SECRET));
  }

  /** The single number a query answers, e.g. a count. */
  public long number(String sql, String... parameters) {
    return Long.parseLong(strings(sql, parameters).get(0));
  }

  private List<String> strings(String sql, String... parameters) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setString(i + 1, parameters[i]);
      }
      List<String> values = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          for (int column = 1; column <= rows.getMetaData().getColumnCount(); column++) {
            values.add(rows.getString(column));
          }
        }
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
