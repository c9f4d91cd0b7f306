package com.checkandregisteruser.sandbox;

import static com.checkandregisteruser.sandbox.GraphQlTestClient.variables;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Request validation errors: code validation-failed, Hasura's message and path
 * (docs/hasura-contract.md §3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ValidationErrorsIT {

  @RegisterExtension static final SandboxHarness harness = SandboxHarness.perClass();

  @Test
  void unknownField_isNotFoundInType_withItsPath() {
    var response = harness.asUser("alice", "query { user { username x } }", null);

    // Contract §3, "unknown field, or a field the role may not see".
    assertEquals(
        error("field 'x' not found in type: 'user'", "$.selectionSet.user.selectionSet.x"),
        response.body());
  }

  // Columns the role may not select: NarrowedPermissionsIT (the shipped metadata hides none).

  @Test
  void unknownRootField_isNotFoundInQueryRoot() {
    var response = harness.asUser("alice", "query { invoices { id } }", null);

    assertEquals(
        error("field 'invoices' not found in type: 'query_root'", "$.selectionSet.invoices"),
        response.body());
  }

  @Test
  void columnTheRoleMayNotInsert_isNotFoundInTheInsertInput_atItsPathInTheVariables() {
    var response =
        harness.asUser(
            "alice",
            "mutation ($objects: [account_user_insert_input!]!) { insert_account_user(objects: $objects) { affected_rows } }",
            variables(
                "objects",
                Json.parseStrict(
                        """
            [{"account": {"data": {"account_name": "alice", "access_token": "t", "access_token_secret": "s"}},
              "user": {"data": {"username": "alice", "id": 7}}}]""")
                    .orElseThrow()));

    assertEquals(
        error(
            "field 'id' not found in type: 'user_insert_input'",
            "$.selectionSet.insert_account_user.args.objects[0].user.data.id"),
        response.body());
    assertEquals(0, harness.count("SELECT count(*) FROM \"user\""));
  }

  @Test
  void roleWithoutAnyInsertPermission_getsNoMutationsExist() {
    String token = harness.jwts().forUser("alice").allowedRoles("user", "viewer").sign();

    var response =
        harness
            .client()
            .post(
                "mutation { insert_user(objects: [{username: \"alice\"}]) { affected_rows } }",
                null,
                Map.of("Authorization", "Bearer " + token, "x-hasura-role", "viewer"));

    // Contract §3, "role has no insert permission anywhere".
    assertEquals(error("no mutations exist", "$"), response.body());
  }

  @Test
  void syntaxError_isNotAValidGraphqlQuery() {
    var response = harness.asUser("alice", "query { user { username }", null);

    assertEquals(error("not a valid graphql query", "$.query"), response.body());
  }

  @Test
  void missingNonNullVariable_isReportedBeforeExecution() {
    var response =
        harness.asUser(
            "alice",
            "query ($u: String!) { user(where: {username: {_eq: $u}}) { username } }",
            null);

    assertEquals(
        error("expecting a value for non-nullable variable: \\\"u\\\"", "$"), response.body());
  }

  @Test
  void otherGraphqlErrors_areValidationFailedAtRoot_inGraphqlJavasWords() {
    var response = harness.asUser("alice", "query { user(limit: \"ten\") { username } }", null);

    JsonObject error = response.json().getAsJsonArray("errors").get(0).getAsJsonObject();
    assertEquals(
        "validation-failed", error.getAsJsonObject("extensions").get("code").getAsString());
    assertEquals("$", error.getAsJsonObject("extensions").get("path").getAsString());
  }

  private static String error(String message, String path) {
    return "{\"errors\":[{\"message\":\""
        + message
        + "\",\"extensions\":{\"path\":\""
        + path
        + "\",\"code\":\"validation-failed\"}}]}";
  }
}
