package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.tokens.TokenCipher;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registration flow against a scripted Hasura: which requests go out, with exactly what. */
class RegistrationServiceTest {
  private static final Gson GSON = new Gson();
  private static final String AUTH = "Bearer h.p.s";

  /** The lookup as Hasura must receive it, written out so a change to the document shows here. */
  private static final String GET_USER =
      """
      query GetUser($username: String!) {
        user(where: {username: {_eq: $username}}) {
          username
        }
      }""";

  /** The nested insert: each token goes to its own column, the username to both names. */
  private static final String CREATE_ACCOUNT_USER =
      """
      mutation CreateAccountUser($username: String!, $accessToken: String!, $accessTokenSecret: String!) {
        insert_account_user(objects: {
          account: {data: {access_token: $accessToken, access_token_secret: $accessTokenSecret, account_name: $username}},
          user: {data: {username: $username}}
        }) {
          affected_rows
        }
      }""";

  private final MockWebServer hasura = new MockWebServer();
  private final TokenCipher cipher = TestSettings.cipher();
  private RegistrationService service;

  @BeforeEach
  void start() throws IOException {
    hasura.start();
    GraphQlClient client = new GraphQlClient(new OkHttpClient(), hasura.url("/v1/graphql"), GSON);
    service = new RegistrationService(client, cipher, GSON);
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  private static JsonObject sentBody(RecordedRequest request) {
    assertEquals("POST", request.getMethod());
    assertEquals("/v1/graphql", request.getUrl().encodedPath());
    assertEquals(AUTH, request.getHeaders().get("Authorization"));
    assertEquals("application/json; charset=utf-8", request.getHeaders().get("Content-Type"));
    JsonObject body = JsonParser.parseString(request.getBody().utf8()).getAsJsonObject();
    assertEquals(Set.of("query", "variables"), body.keySet());
    return body;
  }

  private static JsonObject expectedUserQuery(String username) {
    JsonObject variables = new JsonObject();
    variables.addProperty("username", username);
    JsonObject body = new JsonObject();
    body.addProperty("query", GET_USER);
    body.add("variables", variables);
    return body;
  }

  @Test
  void existingUser_sendsOneQueryAndAnswersZero() throws Exception {
    hasura.enqueue(HasuraAnswers.userFound("alice"));

    Registration registration = service.register(new ActionRequest("alice", "tok", "sec"), AUTH);

    assertEquals(new Registration(Registration.Outcome.EXISTING, 0), registration);
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS), "no write for an existing user");
  }

  @Test
  void newUser_runsTheNestedInsertWithEncryptedTokens() throws Exception {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));

    Registration registration =
        service.register(new ActionRequest("alice", "tok-plain", "sec-plain"), AUTH);

    assertEquals(new Registration(Registration.Outcome.CREATED, 3), registration);
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    RecordedRequest insert = hasura.takeRequest();
    String raw = insert.getBody().utf8();
    assertFalse(
        raw.contains("tok-plain") || raw.contains("sec-plain"),
        "plaintext tokens never leave the function");
    JsonObject body = sentBody(insert);
    assertEquals(CREATE_ACCOUNT_USER, body.get("query").getAsString());
    JsonObject variables = body.getAsJsonObject("variables");
    assertEquals(Set.of("username", "accessToken", "accessTokenSecret"), variables.keySet());
    assertEquals("alice", variables.get("username").getAsString());
    String storedToken = variables.get("accessToken").getAsString();
    String storedSecret = variables.get("accessTokenSecret").getAsString();
    assertTrue(storedToken.startsWith("v1:k2:"), storedToken);
    assertEquals(
        "tok-plain", cipher.decrypt(storedToken, "alice", TokenCipher.Column.ACCESS_TOKEN));
    assertEquals(
        "sec-plain", cipher.decrypt(storedSecret, "alice", TokenCipher.Column.ACCESS_TOKEN_SECRET));
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void insertConflict_rechecksAndAnswersZero() throws Exception {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.uniquenessViolation());
    hasura.enqueue(HasuraAnswers.userFound("alice"));

    Registration registration = service.register(new ActionRequest("alice", "t", "s"), AUTH);

    assertEquals(new Registration(Registration.Outcome.REGISTERED_CONCURRENTLY, 0), registration);
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    assertEquals(CREATE_ACCOUNT_USER, sentBody(hasura.takeRequest()).get("query").getAsString());
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS));
  }

  @Test
  void insertConflictAndStillNoUser_reportsTheConflict() throws Exception {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.uniquenessViolation());
    hasura.enqueue(HasuraAnswers.noUser());

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> service.register(new ActionRequest("alice", "t", "s"), AUTH));

    assertEquals(
        Failure.of(
            Failure.Kind.GRAPHQL_ERROR,
            "registration conflict: Uniqueness violation. duplicate key value violates unique"
                + " constraint \"user_username_key\"; the user still does not exist after checking"
                + " again",
            "insert conflicted and the re-check found no user (code constraint-violation, path"
                + " $.selectionSet.insert_account_user.args.objects[0].user.data)"),
        e.failure());
    assertEquals(3, hasura.getRequestCount());
  }

  @Test
  void otherInsertError_isNotRetried() throws Exception {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(
        HasuraAnswers.error(
            "permission-error",
            "check constraint of an insert permission has failed",
            "$.selectionSet.insert_account_user.args.objects"));

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> service.register(new ActionRequest("alice", "t", "s"), AUTH));

    assertEquals(Failure.Kind.GRAPHQL_ERROR, e.failure().kind());
    assertEquals(
        "GraphQL error (code permission-error, path $.selectionSet.insert_account_user.args.objects):"
            + " check constraint of an insert permission has failed",
        e.failure().detail());
    assertEquals(2, hasura.getRequestCount());
  }

  @Test
  void usernameWithQuotesBackslashesNewlinesAndNonAscii_arrivesByteForByteInTheVariables()
      throws Exception {
    String username = "o'brien \"the\" \\ admin\n\t}{$x: \u00e9\u00df\u4e16\ud83d\ude00";
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));

    service.register(new ActionRequest(username, "t", "s"), AUTH);

    JsonObject query = sentBody(hasura.takeRequest());
    assertEquals(expectedUserQuery(username), query);
    JsonObject insert = sentBody(hasura.takeRequest());
    assertEquals(CREATE_ACCOUNT_USER, insert.get("query").getAsString());
    String sent = insert.getAsJsonObject("variables").get("username").getAsString();
    assertEquals(username, sent);
    assertEquals(
        java.util.Arrays.toString(username.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
        java.util.Arrays.toString(sent.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
