package com.checkandregisteruser.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Permission rules the shipped metadata does not exercise, on a copy of hasura/ whose account
 * permissions are narrower: columns the role may not select, and an update check that can fail
 * while the filter passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NarrowedPermissionsIT {

  private static final String NARROWED_ACCOUNT =
      """
      table:
        name: account
        schema: public
      insert_permissions:
        - role: user
          permission:
            check:
              account_name:
                _eq: X-Hasura-User-Id
            columns: [access_token, access_token_secret, account_name]
      select_permissions:
        - role: user
          permission:
            columns: [account_name, created_at, id]
            filter:
              account_name:
                _eq: X-Hasura-User-Id
      update_permissions:
        - role: user
          permission:
            columns: [access_token, access_token_secret]
            filter:
              account_name:
                _eq: X-Hasura-User-Id
            check:
              access_token:
                _like: "v1:current:%"
      """;

  private static final List<Path> copies = new ArrayList<>();

  @RegisterExtension
  static final SandboxHarness harness =
      SandboxHarness.withActionHandler(b -> b.project(projectWithAccount(NARROWED_ACCOUNT)));

  @AfterAll
  static void deleteCopies() {
    copies.forEach(Files2::deleteRecursively);
  }

  @Test
  void columnTheRoleMayNotSelect_isReportedAsNotFound() {
    var response = harness.asUser("alice", "query { account { account_name access_token } }", null);

    assertEquals(
        error(
            "field 'access_token' not found in type: 'account'",
            "$.selectionSet.account.selectionSet.access_token",
            "validation-failed"),
        response.body());
  }

  @Test
  void columnTheRoleMayNotSelect_isNotFoundInWhereEither() {
    var response =
        harness.asUser(
            "alice", "query { account(where: {access_token: {_eq: \"t\"}}) { id } }", null);

    assertEquals(
        error(
            "field 'access_token' not found in type: 'account_bool_exp'",
            "$.selectionSet.account.args.where.access_token",
            "validation-failed"),
        response.body());
  }

  @Test
  void updateFailingItsCheck_isPermissionError_andWritesNothing() {
    UpdateMutationIT.register(
        harness, "alice", "v1:current:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    var response =
        harness.asUser(
            "alice",
            "mutation { update_account(where: {}, _set: {access_token:"
                + " \"v1:old:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\"}) { affected_rows } }",
            null);

    assertEquals(
        error(
            "check constraint of an insert/update permission has failed", "$", "permission-error"),
        response.body());
    assertEquals(
        1, harness.count("SELECT count(*) FROM account WHERE access_token LIKE 'v1:current:%'"));
  }

  @Test
  void updatePassingItsCheck_isWritten() {
    UpdateMutationIT.register(harness, "alice", "v1:old:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");

    var response =
        harness.asUser(
            "alice",
            "mutation { update_account(where: {}, _set: {access_token:"
                + " \"v1:current:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\"}) { affected_rows } }",
            null);

    assertEquals("{\"data\":{\"update_account\":{\"affected_rows\":1}}}", response.body());
  }

  private static String error(String message, String path, String code) {
    return "{\"errors\":[{\"message\":\""
        + message
        + "\",\"extensions\":{\"path\":\""
        + path
        + "\",\"code\":\""
        + code
        + "\"}}]}";
  }

  /** A copy of the project in a temporary directory, with another public_account.yaml. */
  private static HasuraProject projectWithAccount(String accountYaml) {
    Path source = HasuraProject.locate().root();
    try {
      Path copy = Files.createTempDirectory("hasura-narrowed");
      try (Stream<Path> paths = Files.walk(source)) {
        for (Path path : paths.toList()) {
          Path target = copy.resolve(source.relativize(path).toString());
          if (Files.isDirectory(path)) {
            Files.createDirectories(target);
          } else {
            Files.copy(path, target);
          }
        }
      }
      Files.writeString(
          copy.resolve("metadata/databases/default/tables/public_account.yaml"), accountYaml);
      copies.add(copy);
      return new HasuraProject(copy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
