package com.checkandregisteruser;

import com.checkandregisteruser.tokens.TokenCipher;
import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.Optional;

/**
 * Makes sure the logged-in user exists: looks the user up and, if absent, inserts the user, the
 * social account (tokens encrypted) and the link row in one nested insert.
 */
public final class RegistrationService {
  static final String GET_USER =
      """
      query GetUser($username: String!) {
        user(where: {username: {_eq: $username}}) {
          username
        }
      }""";
  static final String CREATE_ACCOUNT_USER =
      """
      mutation CreateAccountUser($username: String!, $accessToken: String!, $accessTokenSecret: String!) {
        insert_account_user(objects: {
          account: {data: {access_token: $accessToken, access_token_secret: $accessTokenSecret, account_name: $username}},
          user: {data: {username: $username}}
        }) {
          affected_rows
        }
      }""";

  private final GraphQlClient graphQl;
  private final TokenCipher cipher;
  private final GraphQlOperation getUser;
  private final GraphQlOperation createAccountUser;

  public RegistrationService(GraphQlClient graphQl, TokenCipher cipher, Gson gson) {
    this.graphQl = graphQl;
    this.cipher = cipher;
    this.getUser = GraphQlOperation.of(GET_USER, gson);
    this.createAccountUser = GraphQlOperation.of(CREATE_ACCOUNT_USER, gson);
  }

  /**
   * Registers the user of {@code request} unless they exist, with Hasura authorising every call by
   * the caller's {@code authorization}.
   *
   * <p>Check-then-insert is two requests, so two first logins at once can both see no user; the
   * loser's insert then fails on a unique constraint. That user is registered all the same, so the
   * conflict is resolved by checking again rather than reported.
   *
   * @throws FailureException Hasura refused an operation or answered something else
   * @throws IOException Hasura could not be reached or did not answer in time
   */
  public Registration register(ActionRequest request, String authorization)
      throws FailureException, IOException {
    if (userExists(request.username(), authorization)) {
      return new Registration(Registration.Outcome.EXISTING, 0);
    }
    GraphQlResult inserted = insert(request, authorization);
    Optional<GraphQlError> error = inserted.error();
    if (error.isPresent() && error.get().isConstraintViolation()) {
      if (userExists(request.username(), authorization)) {
        return new Registration(Registration.Outcome.REGISTERED_CONCURRENTLY, 0);
      }
      throw Failure.of(
              Failure.Kind.GRAPHQL_ERROR,
              "registration conflict: "
                  + error.get().message()
                  + "; the user still does not exist after checking again",
              "insert conflicted and the re-check found no user" + error.get().where())
          .toException();
    }
    return new Registration(Registration.Outcome.CREATED, affectedRows(inserted.data()));
  }

  private boolean userExists(String username, String authorization)
      throws FailureException, IOException {
    JsonObject variables = new JsonObject();
    variables.addProperty("username", username);
    JsonElement users = graphQl.execute(getUser, variables, authorization).data().get("user");
    if (users == null || !users.isJsonArray()) {
      throw GraphQlClient.badResponse("data.user is not a list");
    }
    return users.getAsJsonArray().size() > 0;
  }

  private GraphQlResult insert(ActionRequest request, String authorization)
      throws FailureException, IOException {
    String username = request.username();
    JsonObject variables = new JsonObject();
    variables.addProperty("username", username);
    variables.addProperty(
        "accessToken",
        cipher.encrypt(request.accessToken(), username, TokenCipher.Column.ACCESS_TOKEN));
    variables.addProperty(
        "accessTokenSecret",
        cipher.encrypt(
            request.accessTokenSecret(), username, TokenCipher.Column.ACCESS_TOKEN_SECRET));
    return graphQl.execute(createAccountUser, variables, authorization);
  }

  private static int affectedRows(JsonObject data) throws FailureException {
    JsonElement result = data.get("insert_account_user");
    JsonElement rows =
        result != null && result.isJsonObject()
            ? result.getAsJsonObject().get("affected_rows")
            : null;
    if (rows == null || !rows.isJsonPrimitive() || !rows.getAsJsonPrimitive().isNumber()) {
      throw GraphQlClient.badResponse("data.insert_account_user.affected_rows is not a number");
    }
    return rows.getAsInt();
  }
}
