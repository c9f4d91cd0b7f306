package com.checkandregisteruser;

import com.checkandregisteruser.tokens.TokenCipher;
import com.checkandregisteruser.tokens.TokenDecryptionException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * Makes sure the logged-in user exists with this login's tokens stored under the current key: looks
 * the user and their stored tokens up; inserts the user, the social account (tokens encrypted) and
 * the link row in one nested insert when the user is absent; rewrites the stored tokens when they
 * are not this login's or not under the current key.
 *
 * <p>All of a login's calls share one time budget, so that, on a started instance, the caller hears
 * our answer before Hasura's action timeout gives up on us. The budget starts when the login does:
 * Hasura's clock also counts its connection and a cold start. A write cut off by the budget is not
 * cancelled in Hasura, so it may still commit; the next login sees it.
 */
public final class RegistrationService {
  static final String GET_USER =
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
  // Without a secret the column is left out (its default is NULL) rather than sent as a null
  // variable: the JSON writer drops null members, and what Hasura makes of a missing variable is
  // its own business.
  static final String CREATE_ACCOUNT_USER_WITHOUT_SECRET =
      """
      mutation CreateAccountUser($username: String!, $accessToken: String!) {
        insert_account_user(objects: {
          account: {data: {access_token: $accessToken, account_name: $username}},
          user: {data: {username: $username}}
        }) {
          affected_rows
        }
      }""";
  static final String UPDATE_TOKENS =
      """
      mutation UpdateTokens($username: String!, $accessToken: String!, $accessTokenSecret: String!) {
        update_account(where: {account_name: {_eq: $username}}, _set: {access_token: $accessToken, access_token_secret: $accessTokenSecret}) {
          affected_rows
        }
      }""";
  // A literal null clears a stored secret; a null variable would be dropped (see above).
  static final String UPDATE_TOKENS_WITHOUT_SECRET =
      """
      mutation UpdateTokens($username: String!, $accessToken: String!) {
        update_account(where: {account_name: {_eq: $username}}, _set: {access_token: $accessToken, access_token_secret: null}) {
          affected_rows
        }
      }""";

  private final GraphQlClient graphQl;
  private final TokenCipher cipher;
  private final TokenSource tokenSource;
  private final String currentPrefix;
  private final GraphQlOperation getUser;
  private final GraphQlOperation createAccountUser;
  private final GraphQlOperation createAccountUserWithoutSecret;
  private final GraphQlOperation updateTokens;
  private final GraphQlOperation updateTokensWithoutSecret;
  private final Duration budget;
  private final Ticker ticker;

  /**
   * @param budget how long one login may take in all, its GraphQL and token source calls together
   */
  public RegistrationService(
      GraphQlClient graphQl, TokenCipher cipher, TokenSource tokenSource, Duration budget) {
    this(graphQl, cipher, tokenSource, budget, Ticker.SYSTEM);
  }

  RegistrationService(
      GraphQlClient graphQl,
      TokenCipher cipher,
      TokenSource tokenSource,
      Duration budget,
      Ticker ticker) {
    this.budget = budget;
    this.ticker = ticker;
    this.graphQl = graphQl;
    this.cipher = cipher;
    this.tokenSource = tokenSource;
    this.currentPrefix = "v1:" + cipher.currentKeyId() + ":";
    this.getUser = GraphQlOperation.of(GET_USER);
    this.createAccountUser = GraphQlOperation.of(CREATE_ACCOUNT_USER);
    this.createAccountUserWithoutSecret = GraphQlOperation.of(CREATE_ACCOUNT_USER_WITHOUT_SECRET);
    this.updateTokens = GraphQlOperation.of(UPDATE_TOKENS);
    this.updateTokensWithoutSecret = GraphQlOperation.of(UPDATE_TOKENS_WITHOUT_SECRET);
  }

  /** What the lookup found: whether the user exists, and their account's stored values. */
  private record Lookup(boolean userExists, String storedToken, String storedSecret) {
    @Override
    public String toString() {
      return "Lookup[userExists=" + userExists + "]";
    }
  }

  /**
   * Registers the user of {@code request} unless they exist, and brings their stored tokens up to
   * date if they do, with Hasura authorising every call by the caller's {@code authorization}.
   *
   * <p>This login's tokens are fetched after the lookup, so a source that has to ask elsewhere
   * knows whether the user exists.
   *
   * <p>Check-then-write is two requests, so two first logins at once can both see no user; the
   * loser's insert then fails on a unique constraint. That user is registered all the same, so the
   * conflict is resolved by checking again rather than reported, and the loser's tokens replace the
   * winner's if they differ. An update that finds no row (the registration was deleted after the
   * lookup) registers the user afresh.
   *
   * @throws FailureException Hasura refused an operation or answered something else, the token
   *     source failed, or the login's time budget ran out before a call
   * @throws IOException Hasura (or the token source) could not be reached or did not answer in time
   */
  public Registration register(ActionRequest request, String authorization)
      throws FailureException, IOException {
    String username = request.username();
    Deadline deadline = Deadline.after(budget, ticker);
    Lookup lookup = lookUp(username, authorization, deadline, "the lookup");
    if (lookup.userExists() && tokenSource.holdsBackRefreshes()) {
      // Else one user calling the action in a loop keeps the tenant's whole Management API quota,
      // and every first login fails with auth0-rate-limited.
      return new Registration(Registration.Outcome.EXISTING_NOT_REFRESHED, 0);
    }
    LoginTokens tokens;
    try {
      tokens = tokenSource.tokensFor(request, timeLeft(deadline, "fetching this login's tokens"));
    } catch (FailureException e) {
      // A registered user is registered whatever the token source says now: while it is
      // rate-limited, down or slow, only the refresh waits for the next login. A first login
      // cannot register without tokens, and a failure an operator must fix (a setting, an answer
      // that is not Auth0's) is reported to everyone.
      Failure failure = e.failure();
      Failure.Kind kind = failure.kind();
      String note =
          "tokens not refreshed: "
              + kind.code()
              + ": "
              + (failure.detail() != null ? failure.detail() : failure.message());
      if (lookup.userExists() && kind == Failure.Kind.AUTH0_RATE_LIMITED) {
        return new Registration(Registration.Outcome.EXISTING_NOT_REFRESHED, 0, note);
      }
      if (lookup.userExists()
          && (kind == Failure.Kind.UPSTREAM_UNAVAILABLE || kind == Failure.Kind.UPSTREAM_TIMEOUT)) {
        return new Registration(Registration.Outcome.EXISTING_NOT_REFRESHED_UNAVAILABLE, 0, note);
      }
      throw e;
    }
    if (!lookup.userExists()) {
      return insert(username, tokens, authorization, deadline);
    }
    if (isStored(lookup, tokens, username)) {
      return new Registration(Registration.Outcome.EXISTING, 0);
    }
    int updated = update(username, tokens, authorization, deadline);
    if (updated == 0) {
      return insert(username, tokens, authorization, deadline);
    }
    return new Registration(Registration.Outcome.TOKENS_UPDATED, updated);
  }

  /**
   * Runs one operation within what is left of the login's budget; none is started once it is spent.
   */
  private GraphQlResult execute(
      GraphQlOperation operation,
      JsonObject variables,
      String authorization,
      Deadline deadline,
      String step)
      throws FailureException, IOException {
    Duration left = timeLeft(deadline, step);
    try {
      return graphQl.execute(operation, variables, authorization, left);
    } catch (InterruptedIOException e) {
      if (deadline.passed()) {
        throw budgetSpent("during " + step).toException();
      }
      throw e;
    }
  }

  private Duration timeLeft(Deadline deadline, String step) throws FailureException {
    // One reading of the clock: a second one could find the budget spent and hand the call a zero
    // time limit, which OkHttp reads as "no limit".
    Duration left = deadline.remaining();
    if (left.isZero()) {
      throw budgetSpent("before " + step).toException();
    }
    return left;
  }

  private Failure budgetSpent(String when) {
    return Failure.of(
        Failure.Kind.UPSTREAM_TIMEOUT,
        "the login's time budget ("
            + Settings.REGISTRATION_TIMEOUT_MS
            + ") ran out "
            + when
            + ": Hasura or the token source answers too slowly",
        Settings.REGISTRATION_TIMEOUT_MS + "=" + budget.toMillis() + " spent " + when);
  }

  private Lookup lookUp(String username, String authorization, Deadline deadline, String step)
      throws FailureException, IOException {
    JsonObject data =
        execute(getUser, usernameOnly(username), authorization, deadline, step).data();
    JsonArray users = list(data, "user");
    JsonArray accounts = list(data, "account");
    if (accounts.isEmpty()) {
      return new Lookup(!users.isEmpty(), null, null);
    }
    if (!accounts.get(0).isJsonObject()) {
      throw GraphQlClient.badResponse("data.account[0] is not an object");
    }
    JsonObject account = accounts.get(0).getAsJsonObject();
    return new Lookup(
        !users.isEmpty(), string(account, "access_token"), string(account, "access_token_secret"));
  }

  /**
   * True if both stored values are this login's tokens under the current key. A value under an old
   * key id is not even decrypted: it is rewritten whatever it holds, so the old key need not be
   * configured. A missing account, or a value that does not decrypt, counts as not stored.
   */
  private boolean isStored(Lookup lookup, LoginTokens tokens, String username) {
    return holds(
            lookup.storedToken(), tokens.accessToken(), username, TokenCipher.Column.ACCESS_TOKEN)
        && holds(
            lookup.storedSecret(),
            tokens.accessTokenSecret(),
            username,
            TokenCipher.Column.ACCESS_TOKEN_SECRET);
  }

  private boolean holds(
      String stored, String plaintext, String username, TokenCipher.Column column) {
    if (stored == null || plaintext == null) {
      return stored == null && plaintext == null;
    }
    if (!stored.startsWith(currentPrefix)) {
      return false;
    }
    try {
      return MessageDigest.isEqual(
          cipher.decrypt(stored, username, column).getBytes(StandardCharsets.UTF_8),
          plaintext.getBytes(StandardCharsets.UTF_8));
    } catch (TokenDecryptionException e) {
      // Altered, copied from another row, or written with another key under this id: overwrite.
      return false;
    }
  }

  private Registration insert(
      String username, LoginTokens tokens, String authorization, Deadline deadline)
      throws FailureException, IOException {
    JsonObject variables = encrypted(username, tokens);
    GraphQlOperation operation =
        tokens.accessTokenSecret() == null ? createAccountUserWithoutSecret : createAccountUser;
    GraphQlResult inserted = execute(operation, variables, authorization, deadline, "the insert");
    Optional<GraphQlError> error = inserted.error();
    if (error.isPresent() && error.get().isConstraintViolation()) {
      Lookup again = lookUp(username, authorization, deadline, "the re-check");
      if (again.userExists()) {
        return registeredConcurrently(again, username, tokens, authorization, deadline);
      }
      throw Failure.of(
              Failure.Kind.GRAPHQL_ERROR,
              "registration conflict: "
                  + error.get().message()
                  + "; the user still does not exist after checking again",
              "insert conflicted and the re-check found no user" + error.get().where())
          .toException();
    }
    return new Registration(
        Registration.Outcome.CREATED, affectedRows(inserted.data(), "insert_account_user"));
  }

  /**
   * The simultaneous login that registered the user first stored its own tokens. They stay if they
   * are this login's too; otherwise this login's replace them, as at any later login, so neither
   * login's tokens are lost to the race unless a later one replaced them.
   */
  private Registration registeredConcurrently(
      Lookup again, String username, LoginTokens tokens, String authorization, Deadline deadline)
      throws FailureException, IOException {
    if (isStored(again, tokens, username)) {
      return new Registration(Registration.Outcome.REGISTERED_CONCURRENTLY, 0);
    }
    int updated = update(username, tokens, authorization, deadline);
    if (updated == 0) {
      // No account row the caller may update, although the user exists: inserting again could
      // only conflict again. The user is registered; the tokens wait for the next login, and the
      // log says so: the database holds a user without their account row (written around us).
      return new Registration(
          Registration.Outcome.REGISTERED_CONCURRENTLY,
          0,
          "tokens not stored: the user exists, but the update found no account row of theirs");
    }
    return new Registration(Registration.Outcome.TOKENS_UPDATED, updated);
  }

  private int update(String username, LoginTokens tokens, String authorization, Deadline deadline)
      throws FailureException, IOException {
    GraphQlOperation operation =
        tokens.accessTokenSecret() == null ? updateTokensWithoutSecret : updateTokens;
    JsonObject data =
        execute(operation, encrypted(username, tokens), authorization, deadline, "the update")
            .data();
    return affectedRows(data, "update_account");
  }

  private JsonObject encrypted(String username, LoginTokens tokens) {
    JsonObject variables = usernameOnly(username);
    variables.addProperty(
        "accessToken",
        cipher.encrypt(tokens.accessToken(), username, TokenCipher.Column.ACCESS_TOKEN));
    if (tokens.accessTokenSecret() != null) {
      variables.addProperty(
          "accessTokenSecret",
          cipher.encrypt(
              tokens.accessTokenSecret(), username, TokenCipher.Column.ACCESS_TOKEN_SECRET));
    }
    return variables;
  }

  private static JsonObject usernameOnly(String username) {
    JsonObject variables = new JsonObject();
    variables.addProperty("username", username);
    return variables;
  }

  private static JsonArray list(JsonObject data, String field) throws FailureException {
    JsonElement value = data.get(field);
    if (value == null || !value.isJsonArray()) {
      throw GraphQlClient.badResponse("data." + field + " is not a list");
    }
    return value.getAsJsonArray();
  }

  /** The string in {@code field} of a stored account, or null when it is null. */
  private static String string(JsonObject account, String field) throws FailureException {
    JsonElement value = account.get(field);
    if (value == null) {
      throw GraphQlClient.badResponse("data.account[0]." + field + " is missing");
    }
    if (value.isJsonNull()) {
      return null;
    }
    if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
      throw GraphQlClient.badResponse("data.account[0]." + field + " is not a string");
    }
    return value.getAsString();
  }

  private static final BigDecimal MAX_ROWS = BigDecimal.valueOf(Integer.MAX_VALUE);

  private static int affectedRows(JsonObject data, String field) throws FailureException {
    JsonElement result = data.get(field);
    JsonElement rows =
        result != null && result.isJsonObject()
            ? result.getAsJsonObject().get("affected_rows")
            : null;
    if (rows == null || !rows.isJsonPrimitive() || !rows.getAsJsonPrimitive().isNumber()) {
      throw GraphQlClient.badResponse("data." + field + ".affected_rows is not a number");
    }
    // getAsInt would truncate 0.5 and wrap 2^32 to 0, and 0 rows updated means "insert instead".
    BigDecimal count = rows.getAsBigDecimal();
    if (count.signum() < 0
        || count.stripTrailingZeros().scale() > 0
        || count.compareTo(MAX_ROWS) > 0) {
      throw GraphQlClient.badResponse("data." + field + ".affected_rows is not a count of rows");
    }
    return count.intValue();
  }
}
