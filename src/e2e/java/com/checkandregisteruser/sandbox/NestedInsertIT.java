package com.checkandregisteruser.sandbox;

import static com.checkandregisteruser.sandbox.GraphQlTestClient.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The registration insert: account_user with nested account and user, as docs/hasura-contract.md §3
 * and §4 describe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NestedInsertIT {

  private static final String REGISTER =
      """
      mutation Register($objects: [account_user_insert_input!]!) {
        insert_account_user(objects: $objects) { affected_rows }
      }""";

  private static final String TOKEN = "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static final String SECRET = "v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();

  @Test
  void nestedInsert_writesLinkAccountAndUser_andCountsAllThree() {
    // Contract §4: one link row with both nested objects gives affected_rows 3.
    var response = harness.asUser("alice", REGISTER, registration("alice", "alice"));

    assertEquals(200, response.status());
    assertEquals("{\"data\":{\"insert_account_user\":{\"affected_rows\":3}}}", response.body());
    assertEquals(
        1,
        harness.count(
            """
        SELECT count(*) FROM account_user au
        JOIN "user" u ON u.id = au.user_id
        JOIN account a ON a.id = au.account_id
        WHERE u.username = 'alice' AND a.account_name = 'alice'
          AND a.access_token = 'v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
          AND a.access_token_secret = 'v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB'"""));
  }

  @Test
  void nestedInsertWithInlineLiterals_returnsRowsTheRoleMaySelect() {
    var response =
        harness.asUser(
            "alice",
            """
        mutation {
          insert_account_user(objects: {
            account: {data: {account_name: "alice", access_token: "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", access_token_secret: "v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"}},
            user: {data: {username: "alice"}}
          }) {
            affected_rows
            returning { user { username } account { account_name } }
          }
        }""",
            null);

    assertEquals(
        "{\"data\":{\"insert_account_user\":{\"affected_rows\":3,"
            + "\"returning\":[{\"user\":{\"username\":\"alice\"},\"account\":{\"account_name\":\"alice\"}}]}}}",
        response.body());
  }

  @Test
  void secondRegistrationOfSameUser_failsWithUniquenessViolation_andWritesNothing() {
    harness.asUser("alice", REGISTER, registration("alice", "alice"));

    var response = harness.asUser("alice", REGISTER, registration("alice", "alice"));

    // Contract §3, unique violation row. The account is the first nested object of the input, so
    // its
    // constraint is the one hit; the path points into the input (docs/hasura-contract.md §3, last
    // paragraph).
    assertEquals(
        "{\"errors\":[{\"message\":\"Uniqueness violation. duplicate key value violates unique constraint"
            + " \\\"account_account_name_key\\\"\",\"extensions\":{\"path\":"
            + "\"$.selectionSet.insert_account_user.args.objects[0].account.data\",\"code\":\"constraint-violation\"}}]}",
        response.body());
    assertEquals(1, harness.count("SELECT count(*) FROM account_user"));
    assertEquals(1, harness.count("SELECT count(*) FROM account"));
    assertEquals(1, harness.count("SELECT count(*) FROM \"user\""));
  }

  @Test
  void userAlreadyRegistered_rollsBackTheAccountInsertedBeforeIt() {
    // Given alice registered; an operator (admin: no insert check) registers her username again
    // under a new account name, so the account goes in first and the user then collides.
    harness.asUser("alice", REGISTER, registration("alice", "alice"));

    var response = harness.asAdmin(REGISTER, registration("alice-elsewhere", "alice"));

    // Contract §3: the example path of a nested-insert error, objects[0].user.data.
    assertEquals(
        "{\"errors\":[{\"message\":\"Uniqueness violation. duplicate key value violates unique constraint"
            + " \\\"user_username_key\\\"\",\"extensions\":{\"path\":"
            + "\"$.selectionSet.insert_account_user.args.objects[0].user.data\",\"code\":\"constraint-violation\"}}]}",
        response.body());
    assertEquals(
        0,
        harness.count("SELECT count(*) FROM account WHERE account_name = 'alice-elsewhere'"),
        "the account inserted first must be rolled back");
    assertEquals(1, harness.count("SELECT count(*) FROM account_user"));
  }

  @Test
  void registeringAnotherUsername_failsTheInsertCheck_andWritesNothing() {
    var response = harness.asUser("alice", REGISTER, registration("bob", "bob"));

    // Contract §3, insert permission check row (message corrected to Hasura's Postgres text, see
    // InsertExecutor.CHECK_FAILED).
    assertEquals(
        "{\"errors\":[{\"message\":\"check constraint of an insert/update permission has failed\","
            + "\"extensions\":{\"path\":\"$.selectionSet.insert_account_user.args.objects[0].account.data\","
            + "\"code\":\"permission-error\"}}]}",
        response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM account"));
    assertEquals(0, harness.count("SELECT count(*) FROM \"user\""));
    assertEquals(0, harness.count("SELECT count(*) FROM account_user"));
  }

  @Test
  void ownAccountButAnotherUser_failsTheUserCheck() {
    var response = harness.asUser("alice", REGISTER, registration("alice", "bob"));

    assertEquals(
        "{\"errors\":[{\"message\":\"check constraint of an insert/update permission has failed\","
            + "\"extensions\":{\"path\":\"$.selectionSet.insert_account_user.args.objects[0].user.data\","
            + "\"code\":\"permission-error\"}}]}",
        response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM account"));
  }

  @Test
  void flatInsertError_pointsAtObjectsWithoutIndex_andRollsBackEarlierRows() {
    var response =
        harness.asAdmin(
            "mutation { insert_user(objects: [{username: \"carol\"}, {username: \"carol\"}]) { affected_rows } }",
            null);

    // Without relationships Hasura inserts all objects in one statement: the path has no index.
    assertEquals(
        "{\"errors\":[{\"message\":\"Uniqueness violation. duplicate key value violates unique constraint"
            + " \\\"user_username_key\\\"\",\"extensions\":{\"path\":\"$.selectionSet.insert_user.args.objects\","
            + "\"code\":\"constraint-violation\"}}]}",
        response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM \"user\""));
  }

  @Test
  void twoFirstLoginsAtOnce_registerOnce_andTheOtherGetsConstraintViolation() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Callable<String> register =
          () -> harness.asUser("alice", REGISTER, registration("alice", "alice")).body();
      List<Future<String>> answers = pool.invokeAll(List.of(register, register));
      List<String> bodies = new ArrayList<>();
      for (Future<String> answer : answers) {
        bodies.add(answer.get());
      }

      // Contract §4: query-then-insert is not atomic; the loser sees constraint-violation.
      assertEquals(
          1,
          bodies.stream()
              .filter(b -> b.equals("{\"data\":{\"insert_account_user\":{\"affected_rows\":3}}}"))
              .count(),
          bodies.toString());
      assertEquals(
          1,
          bodies.stream().filter(b -> b.contains("\"code\":\"constraint-violation\"")).count(),
          bodies.toString());
      assertEquals(1, harness.count("SELECT count(*) FROM account_user"));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void insertOne_withNestedObjects_answersTheLinkRow() {
    var response =
        harness.asUser(
            "alice",
            """
        mutation {
          insert_account_user_one(object: {
            account: {data: {account_name: "alice", access_token: "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", access_token_secret: "v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"}},
            user: {data: {username: "alice"}}
          }) { user { username } }
        }""",
            null);

    assertEquals(
        "{\"data\":{\"insert_account_user_one\":{\"user\":{\"username\":\"alice\"}}}}",
        response.body());
    assertEquals(1, harness.count("SELECT count(*) FROM account_user"));
  }

  @Test
  void insertOneCheckFailure_pointsAtTheObjectArgument() {
    var response =
        harness.asUser(
            "alice", "mutation { insert_user_one(object: {username: \"bob\"}) { id } }", null);

    assertEquals(
        "{\"errors\":[{\"message\":\"check constraint of an insert/update permission has failed\","
            + "\"extensions\":{\"path\":\"$.selectionSet.insert_user_one.args.object\",\"code\":\"permission-error\"}}]}",
        response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM \"user\""));
  }

  private static JsonObject registration(String accountName, String username) {
    JsonObject account = new JsonObject();
    account.addProperty("account_name", accountName);
    // The stored format (the database refuses anything else): v1:<keyId>:<base64url>.
    account.addProperty("access_token", TOKEN);
    account.addProperty("access_token_secret", SECRET);
    JsonObject user = new JsonObject();
    user.addProperty("username", username);
    JsonObject object = new JsonObject();
    object.add("account", wrap("data", account));
    object.add("user", wrap("data", user));
    JsonArray objects = new JsonArray();
    objects.add(object);
    return variables("objects", objects);
  }

  private static JsonObject wrap(String key, JsonObject value) {
    JsonObject wrapper = new JsonObject();
    wrapper.add(key, value);
    return wrapper;
  }
}
