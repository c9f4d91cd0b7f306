package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.checkandregisteruser.tokens.TokenCipher;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The registration flow against a scripted Hasura: which requests go out, with exactly what. */
class RegistrationServiceTest {
  private static final String AUTH = "Bearer h.p.s";
  // The default REGISTRATION_TIMEOUT_MS: these tests are about the flow, not the budget.
  private static final Duration BUDGET = Duration.ofMillis(18_000);

  /**
   * The lookup as Hasura must receive it, written out so a change to the document shows here: the
   * user, and the stored values of the account the update would rewrite.
   */
  private static final String GET_USER =
      """
      query GetUser($username: String!) {
        user(where: {username: {_eq: $username}}) {
          username
        }
        account(where: {account_name: {_eq: $username}}) {
          access_token
          access_token_secret
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

  /** The nested insert for an identity without a token secret: the column is left out. */
  private static final String CREATE_ACCOUNT_USER_WITHOUT_SECRET =
      """
      mutation CreateAccountUser($username: String!, $accessToken: String!) {
        insert_account_user(objects: {
          account: {data: {access_token: $accessToken, account_name: $username}},
          user: {data: {username: $username}}
        }) {
          affected_rows
        }
      }""";

  /** The rewrite: both columns of the caller's own account row, nothing else. */
  private static final String UPDATE_TOKENS =
      """
      mutation UpdateTokens($username: String!, $accessToken: String!, $accessTokenSecret: String!) {
        update_account(where: {account_name: {_eq: $username}}, _set: {access_token: $accessToken, access_token_secret: $accessTokenSecret}) {
          affected_rows
        }
      }""";

  /** The rewrite for an identity without a token secret: a stored secret is cleared. */
  private static final String UPDATE_TOKENS_WITHOUT_SECRET =
      """
      mutation UpdateTokens($username: String!, $accessToken: String!) {
        update_account(where: {account_name: {_eq: $username}}, _set: {access_token: $accessToken, access_token_secret: null}) {
          affected_rows
        }
      }""";

  private final MockWebServer hasura = new MockWebServer();
  private final TokenCipher cipher = TestSettings.cipher();
  private final TokenCipher oldKeyOnly =
      new TokenCipher("k1", Map.of("k1", TestSettings.OLD_KEY), new SecureRandom());
  private GraphQlClient client;
  private RegistrationService service;

  @BeforeEach
  void start() throws IOException {
    hasura.start();
    client = new GraphQlClient(new OkHttpClient(), hasura.url("/v1/graphql"));
    service = new RegistrationService(client, cipher, new SessionTokenSource(), BUDGET);
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

  private void assertNoMoreRequests() throws InterruptedException {
    assertNull(hasura.takeRequest(100, TimeUnit.MILLISECONDS), "no further request");
  }

  /** Asserts both stored values are under the current key id k2 and decrypt to these tokens. */
  private void assertStoredUnderK2(
      JsonObject variables, String username, String accessToken, String accessTokenSecret)
      throws Exception {
    String storedToken = variables.get("accessToken").getAsString();
    String storedSecret = variables.get("accessTokenSecret").getAsString();
    assertTrue(storedToken.startsWith("v1:k2:"), storedToken);
    assertTrue(storedSecret.startsWith("v1:k2:"), storedSecret);
    assertEquals(
        accessToken, cipher.decrypt(storedToken, username, TokenCipher.Column.ACCESS_TOKEN));
    assertEquals(
        accessTokenSecret,
        cipher.decrypt(storedSecret, username, TokenCipher.Column.ACCESS_TOKEN_SECRET));
  }

  /** Asserts the request is the two-column update and returns its variables. */
  private static JsonObject assertTokenUpdate(RecordedRequest request, String username) {
    String raw = request.getBody().utf8();
    JsonObject body = sentBody(request);
    assertEquals(UPDATE_TOKENS, body.get("query").getAsString());
    JsonObject variables = body.getAsJsonObject("variables");
    assertEquals(Set.of("username", "accessToken", "accessTokenSecret"), variables.keySet());
    assertEquals(username, variables.get("username").getAsString());
    assertFalse(raw.contains("tok-new") || raw.contains("sec-new"), "plaintext never leaves");
    return variables;
  }

  @Test
  void existingUserWithTheseTokens_sendsOneQueryAndAnswersZero() throws Exception {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok", "sec"));

    Registration registration = service.register(new ActionRequest("alice", "tok", "sec"), AUTH);

    assertEquals(new Registration(Registration.Outcome.EXISTING, 0), registration);
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    assertNoMoreRequests();
  }

  @Test
  void newUser_runsTheNestedInsertWithEncryptedTokensAndAnswersThree() throws Exception {
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
    assertStoredUnderK2(variables, "alice", "tok-plain", "sec-plain");
    assertNoMoreRequests();
  }

  @Test
  void existingUserWithNewTokens_rewritesBothColumnsAndAnswersOne() throws Exception {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-old", "sec-old"));
    hasura.enqueue(HasuraAnswers.updated(1));

    Registration registration =
        service.register(new ActionRequest("alice", "tok-new", "sec-new"), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    JsonObject variables = assertTokenUpdate(hasura.takeRequest(), "alice");
    assertStoredUnderK2(variables, "alice", "tok-new", "sec-new");
    assertNoMoreRequests();
  }

  /** The bound on affected_rows is an int's: the largest one is still a count, 1.0 is one. */
  @ParameterizedTest(name = "affected_rows {0}")
  @CsvSource({"2147483647,2147483647", "1.0,1"})
  void updateAnsweringAWholeNumberOfRows_answersThatCount(String answered, int rows)
      throws Exception {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-old", "sec-old"));
    hasura.enqueue(
        HasuraAnswers.json(
            200, "{\"data\":{\"update_account\":{\"affected_rows\":" + answered + "}}}"));

    Registration registration =
        service.register(new ActionRequest("alice", "tok-new", "sec-new"), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, rows), registration);
    assertEquals(2, hasura.getRequestCount());
  }

  /** Each stored value must be this login's: one of the two matching is not enough. */
  @ParameterizedTest(name = "stored {0}/{1}, this login {2}/{3}")
  @CsvSource(
      delimiter = '|',
      value = {"tok|sec-old|tok|sec-new", "tok-old|sec|tok-new|sec"})
  void onlyOneOfTheTokensChanged_rewritesBothAndAnswersOne(
      String storedToken, String storedSecret, String accessToken, String accessTokenSecret)
      throws Exception {
    hasura.enqueue(HasuraAnswers.registered("alice", storedToken, storedSecret));
    hasura.enqueue(HasuraAnswers.updated(1));

    Registration registration =
        service.register(new ActionRequest("alice", accessToken, accessTokenSecret), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    hasura.takeRequest();
    JsonObject variables = assertTokenUpdate(hasura.takeRequest(), "alice");
    assertStoredUnderK2(variables, "alice", accessToken, accessTokenSecret);
    assertNoMoreRequests();
  }

  @Test
  void sameTokensStoredUnderAnOldKeyId_areReEncryptedUnderTheCurrentOne() throws Exception {
    hasura.enqueue(
        HasuraAnswers.storedValues(
            "alice",
            oldKeyOnly.encrypt("tok", "alice", TokenCipher.Column.ACCESS_TOKEN),
            oldKeyOnly.encrypt("sec", "alice", TokenCipher.Column.ACCESS_TOKEN_SECRET)));
    hasura.enqueue(HasuraAnswers.updated(1));

    Registration registration = service.register(new ActionRequest("alice", "tok", "sec"), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    hasura.takeRequest();
    JsonObject variables = assertTokenUpdate(hasura.takeRequest(), "alice");
    assertStoredUnderK2(variables, "alice", "tok", "sec");
  }

  @Test
  void valueUnderAnOldKeyIdThatIsNoLongerConfigured_isStillRewritten() throws Exception {
    TokenCipher currentOnly =
        new TokenCipher("k2", Map.of("k2", TestSettings.KEY), new SecureRandom());
    service = new RegistrationService(client, currentOnly, new SessionTokenSource(), BUDGET);
    hasura.enqueue(
        HasuraAnswers.storedValues(
            "alice",
            oldKeyOnly.encrypt("tok", "alice", TokenCipher.Column.ACCESS_TOKEN),
            oldKeyOnly.encrypt("sec", "alice", TokenCipher.Column.ACCESS_TOKEN_SECRET)));
    hasura.enqueue(HasuraAnswers.updated(1));

    Registration registration = service.register(new ActionRequest("alice", "tok", "sec"), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    hasura.takeRequest();
    JsonObject variables = assertTokenUpdate(hasura.takeRequest(), "alice");
    assertEquals(
        "tok",
        currentOnly.decrypt(
            variables.get("accessToken").getAsString(), "alice", TokenCipher.Column.ACCESS_TOKEN));
  }

  @Test
  void storedValuesThatDoNotDecrypt_areRewrittenAndAnswerOne() throws Exception {
    List<String[]> undecryptable = new ArrayList<>();
    // Not the stored format at all.
    undecryptable.add(new String[] {"tok", "sec"});
    // The current key id, but data that was never sealed with it.
    undecryptable.add(new String[] {"v1:k2:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "v1:k2:!"});
    // Bob's values copied into alice's row: they are bound to bob.
    undecryptable.add(
        new String[] {
          cipher.encrypt("tok", "bob", TokenCipher.Column.ACCESS_TOKEN),
          cipher.encrypt("sec", "bob", TokenCipher.Column.ACCESS_TOKEN_SECRET)
        });
    // The columns swapped.
    undecryptable.add(
        new String[] {
          cipher.encrypt("tok", "alice", TokenCipher.Column.ACCESS_TOKEN_SECRET),
          cipher.encrypt("sec", "alice", TokenCipher.Column.ACCESS_TOKEN)
        });
    for (String[] stored : undecryptable) {
      hasura.enqueue(HasuraAnswers.storedValues("alice", stored[0], stored[1]));
      hasura.enqueue(HasuraAnswers.updated(1));

      Registration registration = service.register(new ActionRequest("alice", "tok", "sec"), AUTH);

      assertEquals(
          new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration, stored[0]);
      hasura.takeRequest();
      JsonObject variables = assertTokenUpdate(hasura.takeRequest(), "alice");
      assertEquals(
          "tok",
          cipher.decrypt(
              variables.get("accessToken").getAsString(),
              "alice",
              TokenCipher.Column.ACCESS_TOKEN));
    }
    assertNoMoreRequests();
  }

  @Test
  void userWithoutAnAccount_triesTheUpdate() throws Exception {
    hasura.enqueue(
        HasuraAnswers.json(200, "{\"data\":{\"user\":[{\"username\":\"alice\"}],\"account\":[]}}"));
    hasura.enqueue(HasuraAnswers.updated(1));

    Registration registration = service.register(new ActionRequest("alice", "tok", "sec"), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    hasura.takeRequest();
    assertTokenUpdate(hasura.takeRequest(), "alice");
  }

  @Test
  void accountWithoutItsUser_registersTheUserWithTheInsert() throws Exception {
    hasura.enqueue(
        HasuraAnswers.json(
            200,
            "{\"data\":{\"user\":[],"
                + "\"account\":[{\"access_token\":null,\"access_token_secret\":null}]}}"));
    hasura.enqueue(HasuraAnswers.inserted(3));

    Registration registration = service.register(new ActionRequest("alice", "tok", "sec"), AUTH);

    assertEquals(new Registration(Registration.Outcome.CREATED, 3), registration);
    hasura.takeRequest();
    assertEquals(CREATE_ACCOUNT_USER, sentBody(hasura.takeRequest()).get("query").getAsString());
    assertNoMoreRequests();
  }

  @Test
  void updateThatFindsNoRow_registersTheUserAfreshAndAnswersThree() throws Exception {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-old", "sec-old"));
    hasura.enqueue(HasuraAnswers.updated(0));
    hasura.enqueue(HasuraAnswers.inserted(3));

    Registration registration =
        service.register(new ActionRequest("alice", "tok-new", "sec-new"), AUTH);

    assertEquals(new Registration(Registration.Outcome.CREATED, 3), registration);
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    assertTokenUpdate(hasura.takeRequest(), "alice");
    JsonObject insert = sentBody(hasura.takeRequest());
    assertEquals(CREATE_ACCOUNT_USER, insert.get("query").getAsString());
    assertEquals(
        "tok-new",
        cipher.decrypt(
            insert.getAsJsonObject("variables").get("accessToken").getAsString(),
            "alice",
            TokenCipher.Column.ACCESS_TOKEN));
    assertNoMoreRequests();
  }

  @Test
  void updateThatFindsNoRowThenAConcurrentRegistration_storesThisLoginsTokensAndAnswersOne()
      throws Exception {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-old", "sec-old"));
    hasura.enqueue(HasuraAnswers.updated(0));
    hasura.enqueue(HasuraAnswers.uniquenessViolation());
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-other", "sec-other"));
    hasura.enqueue(HasuraAnswers.updated(1));

    Registration registration =
        service.register(new ActionRequest("alice", "tok-new", "sec-new"), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    assertEquals(5, hasura.getRequestCount());
  }

  /**
   * Hasura's answers when a simultaneous first login of alice inserted her first, with its own
   * tokens: no user at the lookup, a conflict at the insert, and the other login's tokens at the
   * re-check.
   */
  private void enqueueALostRaceWithOtherTokens() {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.uniquenessViolation());
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-other", "sec-other"));
  }

  @Test
  void insertConflictWithTheOtherLoginsTokens_storesThisLoginsAndAnswersOne() throws Exception {
    // Given two first logins of alice at once, and the other one's insert, with its tokens, first
    enqueueALostRaceWithOtherTokens();
    hasura.enqueue(HasuraAnswers.updated(1));

    // When this login's insert conflicts
    Registration registration =
        service.register(new ActionRequest("alice", "tok-new", "sec-new"), AUTH);

    // Then the re-check is followed by the update with this login's tokens, under the current key
    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    assertEquals(CREATE_ACCOUNT_USER, sentBody(hasura.takeRequest()).get("query").getAsString());
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    JsonObject variables = assertTokenUpdate(hasura.takeRequest(), "alice");
    assertStoredUnderK2(variables, "alice", "tok-new", "sec-new");
    assertNoMoreRequests();
  }

  @Test
  void insertConflictThenAnUpdateThatFindsNoRow_answersZeroWithoutInsertingAgain()
      throws Exception {
    // Given a conflict, a re-check that finds alice with other tokens, and no account row the
    // caller may update
    enqueueALostRaceWithOtherTokens();
    hasura.enqueue(HasuraAnswers.updated(0));

    // When alice logs in
    Registration registration =
        service.register(new ActionRequest("alice", "tok-new", "sec-new"), AUTH);

    // Then she is registered, no second insert (which could only conflict again) is sent, and the
    // log is told that her tokens were not stored
    assertEquals(
        new Registration(
            Registration.Outcome.REGISTERED_CONCURRENTLY,
            0,
            "tokens not stored: the user exists, but the update found no account row of theirs"),
        registration);
    assertEquals(4, hasura.getRequestCount());
    hasura.takeRequest();
    hasura.takeRequest();
    hasura.takeRequest();
    assertTokenUpdate(hasura.takeRequest(), "alice");
    assertNoMoreRequests();
  }

  @Test
  void hasuraRefusingTheUpdate_isAGraphQlErrorAndNothingMoreIsSent() throws Exception {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-old", "sec-old"));
    hasura.enqueue(
        HasuraAnswers.error(
            "permission-error", "check constraint of an insert/update permission has failed", "$"));

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> service.register(new ActionRequest("alice", "tok-new", "sec-new"), AUTH));

    assertEquals(
        Failure.of(
            Failure.Kind.GRAPHQL_ERROR,
            "Hasura answered with an error: check constraint of an insert/update permission has"
                + " failed",
            "GraphQL error (code permission-error, path $): check constraint of an insert/update"
                + " permission has failed"),
        e.failure());
    assertEquals(2, hasura.getRequestCount());
  }

  /**
   * An answer of another shape is Hasura's fault (502), not ours (500). An "update" case answers
   * the lookup with alice's old tokens first, so this login's tokens are written; an "insert" case
   * answers it with no user, so she is registered.
   */
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "lookup|{\"data\":{\"user\":[]}}|data.account is not a list",
        "lookup|{\"data\":{\"user\":[],\"account\":[1]}}|data.account[0] is not an object",
        "lookup|{\"data\":{\"user\":[{\"username\":\"alice\"}],"
            + "\"account\":[{\"access_token_secret\":null}]}}"
            + "|data.account[0].access_token is missing",
        "lookup|{\"data\":{\"user\":[{\"username\":\"alice\"}],"
            + "\"account\":[{\"access_token\":42,\"access_token_secret\":null}]}}"
            + "|data.account[0].access_token is not a string",
        "lookup|{\"data\":{\"user\":[{\"username\":\"alice\"}],"
            + "\"account\":[{\"access_token\":{},\"access_token_secret\":null}]}}"
            + "|data.account[0].access_token is not a string",
        "update|{\"data\":{}}|data.update_account.affected_rows is not a number",
        "update|{\"data\":{\"update_account\":null}}|data.update_account.affected_rows is not a number",
        "update|{\"data\":{\"update_account\":{\"affected_rows\":{}}}}"
            + "|data.update_account.affected_rows is not a number",
        "update|{\"data\":{\"update_account\":{\"affected_rows\":\"1\"}}}"
            + "|data.update_account.affected_rows is not a number",
        // Read as an int these would wrap or truncate: 2^32 to 0, which would send a second insert.
        "update|{\"data\":{\"update_account\":{\"affected_rows\":4294967296}}}"
            + "|data.update_account.affected_rows is not a count of rows",
        "update|{\"data\":{\"update_account\":{\"affected_rows\":2147483648}}}"
            + "|data.update_account.affected_rows is not a count of rows",
        "update|{\"data\":{\"update_account\":{\"affected_rows\":-1}}}"
            + "|data.update_account.affected_rows is not a count of rows",
        "update|{\"data\":{\"update_account\":{\"affected_rows\":0.5}}}"
            + "|data.update_account.affected_rows is not a count of rows",
        "update|{\"data\":{\"update_account\":{\"affected_rows\":1e64}}}"
            + "|data.update_account.affected_rows is not a count of rows",
        "insert|{\"data\":{\"insert_account_user\":{\"affected_rows\":-3}}}"
            + "|data.insert_account_user.affected_rows is not a count of rows",
        "insert|{\"data\":{\"insert_account_user\":{\"affected_rows\":3.7}}}"
            + "|data.insert_account_user.affected_rows is not a count of rows"
      })
  void answerOfAnotherShape_isABadUpstreamResponse(String answered, String body, String detail) {
    if (answered.equals("update")) {
      hasura.enqueue(HasuraAnswers.registered("alice", "tok-old", "sec-old"));
    } else if (answered.equals("insert")) {
      hasura.enqueue(HasuraAnswers.noUser());
    }
    hasura.enqueue(HasuraAnswers.json(200, body));

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> service.register(new ActionRequest("alice", "tok-new", "sec-new"), AUTH));

    assertEquals(
        Failure.of(
            Failure.Kind.BAD_UPSTREAM_RESPONSE,
            "Hasura's answer is not the expected GraphQL response: " + detail,
            detail),
        e.failure());
    assertEquals(502, e.failure().kind().status());
    assertEquals("bad-upstream-response", e.failure().kind().code());
  }

  @Test
  void tokens_areFetchedAfterTheLookup() throws Exception {
    List<Integer> requestsSeenByTheSource = new ArrayList<>();
    TokenSource source =
        (request, timeLeft) -> {
          requestsSeenByTheSource.add(hasura.getRequestCount());
          return new LoginTokens("tok", "sec");
        };
    service = new RegistrationService(client, cipher, source, BUDGET);
    hasura.enqueue(HasuraAnswers.registered("alice", "tok", "sec"));

    service.register(new ActionRequest("alice", "ignored", "ignored"), AUTH);

    assertEquals(List.of(1), requestsSeenByTheSource);
  }

  /** A source that is rate-limited for now, and counts how often it is asked all the same. */
  private static final class HoldingBackSource implements TokenSource {
    int asked;

    @Override
    public LoginTokens tokensFor(ActionRequest request, Duration timeLeft) {
      asked++;
      return new LoginTokens("tok", "sec");
    }

    @Override
    public boolean holdsBackRefreshes() {
      return true;
    }
  }

  @Test
  void sourceHoldingBackRefreshes_answersARegisteredUserZeroWithoutAskingIt() throws Exception {
    HoldingBackSource source = new HoldingBackSource();
    service = new RegistrationService(client, cipher, source, BUDGET);
    hasura.enqueue(HasuraAnswers.registered("alice", "old-tok", "old-sec"));

    Registration registration =
        service.register(new ActionRequest("alice", "ignored", "ignored"), AUTH);

    assertEquals(new Registration(Registration.Outcome.EXISTING_NOT_REFRESHED, 0), registration);
    assertEquals(0, source.asked);
    assertEquals(1, hasura.getRequestCount(), "the lookup only");
  }

  @Test
  void sourceHoldingBackRefreshes_stillGivesAFirstLoginItsTokens() throws Exception {
    HoldingBackSource source = new HoldingBackSource();
    service = new RegistrationService(client, cipher, source, BUDGET);
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));

    Registration registration =
        service.register(new ActionRequest("alice", "ignored", "ignored"), AUTH);

    assertEquals(new Registration(Registration.Outcome.CREATED, 3), registration);
    assertEquals(1, source.asked);
  }

  /** A token source that fails every call with {@code failure}. */
  private static TokenSource failingWith(Failure failure) {
    return (request, timeLeft) -> {
      throw failure.toException();
    };
  }

  @ParameterizedTest
  @EnumSource(
      value = Failure.Kind.class,
      names = {"UPSTREAM_UNAVAILABLE", "UPSTREAM_TIMEOUT", "AUTH0_RATE_LIMITED"})
  void tokenSourceDownOrSlow_answersARegisteredUserZero_keepingTheFailureForTheLog(
      Failure.Kind kind) throws Exception {
    Failure down = Failure.of(kind, "the token source is down", "detail of the outage");
    service = new RegistrationService(client, cipher, failingWith(down), BUDGET);
    hasura.enqueue(HasuraAnswers.registered("alice", "old-tok", "old-sec"));

    Registration registration =
        service.register(new ActionRequest("alice", "ignored", "ignored"), AUTH);

    assertEquals(0, registration.affectedRows());
    assertEquals(
        kind == Failure.Kind.AUTH0_RATE_LIMITED
            ? Registration.Outcome.EXISTING_NOT_REFRESHED
            : Registration.Outcome.EXISTING_NOT_REFRESHED_UNAVAILABLE,
        registration.outcome());
    assertEquals(
        "tokens not refreshed: " + kind.code() + ": detail of the outage", registration.note());
    assertEquals(1, hasura.getRequestCount(), "the lookup only");
  }

  @ParameterizedTest
  @EnumSource(
      value = Failure.Kind.class,
      names = {"MISCONFIGURED", "BAD_UPSTREAM_RESPONSE", "AUTH0_USER_NOT_FOUND", "INTERNAL_ERROR"})
  void tokenSourceFailingForAnotherReason_failsARegisteredUsersLoginToo(Failure.Kind kind)
      throws Exception {
    Failure failure = Failure.of(kind, "not an outage");
    service = new RegistrationService(client, cipher, failingWith(failure), BUDGET);
    hasura.enqueue(HasuraAnswers.registered("alice", "old-tok", "old-sec"));

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> service.register(new ActionRequest("alice", "ignored", "ignored"), AUTH));

    assertEquals(failure, e.failure());
    assertEquals(1, hasura.getRequestCount(), "the lookup only");
  }

  @Test
  void tokenSourceFailing_writesNothingAndPassesItsFailureOn() throws Exception {
    FailureException refused =
        Failure.of(Failure.Kind.UNAUTHORIZED, "no tokens for this login").toException();
    service =
        new RegistrationService(
            client,
            cipher,
            (request, timeLeft) -> {
              throw refused;
            },
            BUDGET);
    hasura.enqueue(HasuraAnswers.noUser());

    FailureException e =
        assertThrows(
            FailureException.class,
            () -> service.register(new ActionRequest("alice", "tok", "sec"), AUTH));

    assertEquals(refused.failure(), e.failure());
    assertEquals(1, hasura.getRequestCount());
  }

  @Test
  void noSecretStoredAndNoneNow_isUnchangedAndAnswersZero() throws Exception {
    service = new RegistrationService(client, cipher, withoutSecret(), BUDGET);
    hasura.enqueue(HasuraAnswers.registered("alice", "tok", null));

    Registration registration = service.register(new ActionRequest("alice", "tok", "x"), AUTH);

    assertEquals(new Registration(Registration.Outcome.EXISTING, 0), registration);
    assertEquals(1, hasura.getRequestCount());
  }

  @Test
  void secretStoredButNoneNow_clearsItWithTheUpdateWithoutSecret() throws Exception {
    service = new RegistrationService(client, cipher, withoutSecret(), BUDGET);
    hasura.enqueue(HasuraAnswers.registered("alice", "tok", "sec"));
    hasura.enqueue(HasuraAnswers.updated(1));

    Registration registration = service.register(new ActionRequest("alice", "tok", "x"), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    hasura.takeRequest();
    JsonObject update = sentBody(hasura.takeRequest());
    assertEquals(UPDATE_TOKENS_WITHOUT_SECRET, update.get("query").getAsString());
    JsonObject variables = update.getAsJsonObject("variables");
    assertEquals(Set.of("username", "accessToken"), variables.keySet());
    assertEquals(
        "tok",
        cipher.decrypt(
            variables.get("accessToken").getAsString(), "alice", TokenCipher.Column.ACCESS_TOKEN));
  }

  @Test
  void noSecretStoredButOneNow_storesIt() throws Exception {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok", null));
    hasura.enqueue(HasuraAnswers.updated(1));

    Registration registration = service.register(new ActionRequest("alice", "tok", "sec"), AUTH);

    assertEquals(new Registration(Registration.Outcome.TOKENS_UPDATED, 1), registration);
    hasura.takeRequest();
    JsonObject variables = assertTokenUpdate(hasura.takeRequest(), "alice");
    assertEquals(
        "sec",
        cipher.decrypt(
            variables.get("accessTokenSecret").getAsString(),
            "alice",
            TokenCipher.Column.ACCESS_TOKEN_SECRET));
  }

  @Test
  void newUserWithoutSecret_insertsWithoutTheSecretColumn() throws Exception {
    service = new RegistrationService(client, cipher, withoutSecret(), BUDGET);
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.inserted(3));

    Registration registration = service.register(new ActionRequest("alice", "tok", "x"), AUTH);

    assertEquals(new Registration(Registration.Outcome.CREATED, 3), registration);
    hasura.takeRequest();
    JsonObject insert = sentBody(hasura.takeRequest());
    assertEquals(CREATE_ACCOUNT_USER_WITHOUT_SECRET, insert.get("query").getAsString());
    assertEquals(Set.of("username", "accessToken"), insert.getAsJsonObject("variables").keySet());
  }

  /** An OAuth 2 identity: an access token and no secret. */
  private static TokenSource withoutSecret() {
    return (request, timeLeft) -> new LoginTokens(request.accessToken(), null);
  }

  @Test
  void loginTokens_neverPrintTheirValues() {
    assertEquals(
        "LoginTokens[accessToken=<redacted>, accessTokenSecret=<redacted>]",
        new LoginTokens("tok-visible", "sec-visible").toString());
    assertEquals(
        "LoginTokens[accessToken=<redacted>, accessTokenSecret=null]",
        new LoginTokens("tok-visible", null).toString());
  }

  @Test
  void insertConflict_rechecksAndAnswersZero() throws Exception {
    hasura.enqueue(HasuraAnswers.noUser());
    hasura.enqueue(HasuraAnswers.uniquenessViolation());
    hasura.enqueue(HasuraAnswers.registered("alice", "t", "s"));

    Registration registration = service.register(new ActionRequest("alice", "t", "s"), AUTH);

    assertEquals(new Registration(Registration.Outcome.REGISTERED_CONCURRENTLY, 0), registration);
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    assertEquals(CREATE_ACCOUNT_USER, sentBody(hasura.takeRequest()).get("query").getAsString());
    assertEquals(expectedUserQuery("alice"), sentBody(hasura.takeRequest()));
    assertNoMoreRequests();
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

  @Test
  void storedValueForAUsernameWithNonAscii_decryptsAndAnswersZero() throws Exception {
    String username = "o'brien \u00e9\u4e16\ud83d\ude00";
    hasura.enqueue(HasuraAnswers.registered(username, "tok", "sec"));

    Registration registration = service.register(new ActionRequest(username, "tok", "sec"), AUTH);

    assertEquals(new Registration(Registration.Outcome.EXISTING, 0), registration);
    assertEquals(1, hasura.getRequestCount());
  }
}
