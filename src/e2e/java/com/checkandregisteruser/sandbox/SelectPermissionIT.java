package com.checkandregisteruser.sandbox;

import static com.checkandregisteruser.sandbox.GraphQlTestClient.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The existence query and the select permissions: a user sees only their own rows. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelectPermissionIT {

  private static final String EXISTS =
      "query ($u: String!) { user(where: {username: {_eq: $u}}, limit: 1) { username } }";

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();

  @BeforeEach
  void seedAliceAndBob() {
    harness.asAdmin(
        """
        mutation {
          insert_account_user(objects: [
            {account: {data: {account_name: "alice", access_token: "v1:k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", access_token_secret: "v1:k1:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"}},
             user: {data: {username: "alice"}}},
            {account: {data: {account_name: "bob", access_token: "v1:k1:CCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCCC", access_token_secret: "v1:k1:DDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDDD"}},
             user: {data: {username: "bob"}}}
          ]) { affected_rows }
        }""",
        null);
  }

  @Test
  void existenceQueryForOwnUsername_findsTheRow() {
    var response = harness.asUser("alice", EXISTS, variables("u", "alice"));

    assertEquals("{\"data\":{\"user\":[{\"username\":\"alice\"}]}}", response.body());
  }

  @Test
  void existenceQueryForAnotherUsername_findsNothing() {
    var response = harness.asUser("alice", EXISTS, variables("u", "bob"));

    assertEquals("{\"data\":{\"user\":[]}}", response.body());
  }

  @Test
  void queryWithoutWhere_returnsOnlyOwnRow() {
    var response = harness.asUser("bob", "query { user { username } }", null);

    assertEquals("{\"data\":{\"user\":[{\"username\":\"bob\"}]}}", response.body());
  }

  @Test
  void unregisteredUser_seesNothing() {
    var response = harness.asUser("carol", EXISTS, variables("u", "carol"));

    assertEquals("{\"data\":{\"user\":[]}}", response.body());
  }

  @Test
  void tokenWithoutUserId_failsOnTheMissingSessionVariable() {
    String token = harness.jwts().forUser("alice").omitClaim("x-hasura-user-id").sign();

    var response = harness.asToken(token, "query { user { username } }", null);

    // Hasura.Backends.Postgres.Execute.Prepare: throw400 NotFound ("missing session variable: " <>>
    // var).
    assertEquals(
        "{\"errors\":[{\"message\":\"missing session variable: \\\"x-hasura-user-id\\\"\","
            + "\"extensions\":{\"path\":\"$\",\"code\":\"not-found\"}}]}",
        response.body());
  }

  @Test
  void relationshipsAndTypename_areFilteredByTheRemoteTablesPermission() {
    var response =
        harness.asUser(
            "alice",
            "query { account_user { __typename user { username } account { account_name } } }",
            null);

    assertEquals(
        "{\"data\":{\"account_user\":[{\"__typename\":\"account_user\",\"user\":{\"username\":\"alice\"},"
            + "\"account\":{\"account_name\":\"alice\"}}]}}",
        response.body());
  }

  @Test
  void adminSeesEveryRow_withAliasesOrderLimitAndOffset() {
    var response =
        harness.asAdmin(
            "query { first: user(order_by: {username: desc}, limit: 1) { username } rest: user(order_by: {username: desc}, offset: 1) { username } }",
            null);

    assertEquals(
        "{\"data\":{\"first\":[{\"username\":\"bob\"}],\"rest\":[{\"username\":\"alice\"}]}}",
        response.body());
  }

  @Test
  void columnValues_areJsonAsPostgresWritesThem() {
    var response =
        harness.asAdmin(
            "query { user(where: {username: {_eq: \"alice\"}}) { id created_at } }", null);

    var row =
        response.json().getAsJsonObject("data").getAsJsonArray("user").get(0).getAsJsonObject();
    // bigint as a JSON number and timestamptz as an ISO string with offset, as Hasura returns them.
    assertEquals(1, row.get("id").getAsInt());
    assertEquals(
        true,
        row.get("created_at")
            .getAsString()
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00:00"),
        row.get("created_at").getAsString());
  }
}
