package com.checkandregisteruser;

import com.checkandregisteruser.tokens.TokenCipher;
import com.checkandregisteruser.tokens.TokenDecryptionException;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.microsoft.azure.functions.HttpStatus;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Runs, once per process and before the first invocation, what a first call would otherwise pay
 * for: loading and initialising the classes of every step, the cipher's first encryption, and the
 * connection to Hasura. Nothing reaches the database: the sample login is parsed, encrypted and
 * rendered in memory, and the only request to Hasura is its {@code GET /healthz}.
 *
 * <p>When the tokens come from Auth0's Management API, it also obtains the management token, within
 * one call's budget and through the cache the invocations use ({@link Auth0TokenSource#warmUp}):
 * the first invocation then makes no {@code POST /oauth/token} and its users call reuses the TLS
 * connection that request opened. A failure there is one more problem text and caches nothing, so
 * the first invocation fetches the token as it would have.
 *
 * <p>Another first-call cost belongs here as one more step of {@link #run}: it returns a problem
 * text free of secrets, never throws, and has no side effects on the database.
 */
final class FirstCallWarmUp implements Application.WarmUp {
  /** A made-up login: parsed, its token encrypted and its answers rendered, never sent. */
  static final String SAMPLE_PAYLOAD =
      """
      {"action":{"name":"checkAndRegisterUser"},"input":{},"request_query":"",\
      "session_variables":{"x-hasura-role":"user","x-hasura-user-id":"warm-up",\
      "x-hasura-access-token":"warm-up-token","x-hasura-access-token-secret":"warm-up-secret"}}\
      """;

  private static final long MAX_HEALTH_BODY_BYTES = 1L << 16;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final String SAMPLE_ANSWER =
      "{\"data\":{\"insert_account_user\":{\"affected_rows\":2}}}";

  private final TokenCipher cipher;
  private final AnswerRenderer renderer;
  private final OkHttpClient http;
  private final HttpUrl graphqlEndpoint;
  private final Optional<Auth0TokenSource> auth0;

  /**
   * @param auth0 the invocations' token source when the tokens come from Auth0, else empty
   */
  FirstCallWarmUp(
      TokenCipher cipher,
      AnswerRenderer renderer,
      OkHttpClient http,
      HttpUrl graphqlEndpoint,
      Optional<Auth0TokenSource> auth0) {
    this.cipher = cipher;
    this.renderer = renderer;
    this.http = http;
    this.graphqlEndpoint = graphqlEndpoint;
    this.auth0 = auth0;
  }

  @Override
  public Optional<String> run() {
    try {
      return runSteps();
    } finally {
      initialiseGsonForTheWorker();
    }
  }

  private Optional<String> runSteps() {
    try {
      rehearseCall();
    } catch (FailureException e) {
      return Optional.of("the sample call failed: " + e.failure().message());
    } catch (TokenDecryptionException e) {
      // Its messages say which check failed, never the plaintext.
      return Optional.of("the sample token does not decrypt: " + e.getMessage());
    }
    Optional<String> hasura = openConnection();
    Optional<String> management =
        auth0.isPresent() ? obtainManagementToken(auth0.get()) : Optional.empty();
    if (hasura.isPresent() && management.isPresent()) {
      return Optional.of(hasura.get() + "; " + management.get());
    }
    return hasura.isPresent() ? hasura : management;
  }

  /**
   * Gets the management token into the invocations' cache; its request opens the (TLS) connection
   * to Auth0 in the shared pool.
   */
  private static Optional<String> obtainManagementToken(Auth0TokenSource source) {
    try {
      source.warmUp();
      return Optional.empty();
    } catch (FailureException e) {
      // Auth0Client's texts never quote Auth0's bodies, the credentials or a token.
      Failure failure = e.failure();
      return Optional.of(
          "Auth0 management token: "
              + (failure.detail() != null ? failure.detail() : failure.message()));
    }
  }

  private void rehearseCall() throws FailureException, TokenDecryptionException {
    ActionCall call =
        ActionCall.of(
            Map.of("authorization", "Bearer warm-up", ActionSecretVerifier.HEADER, "warm-up"),
            Optional.of(SAMPLE_PAYLOAD));
    new ActionSecretVerifier(Optional.of("warm-up")).verify(call.actionSecret());
    ActionRequest request = ActionRequestParser.parse(call.body());
    call.forwardableAuthorization();
    JsonObject variables = new JsonObject();
    variables.addProperty("username", request.username());
    String stored =
        cipher.encrypt(request.accessToken(), request.username(), TokenCipher.Column.ACCESS_TOKEN);
    variables.addProperty("accessToken", stored);
    RequestBody.create(JsonText.of(variables), JSON);
    // An existing user's login decrypts the stored tokens to compare them: the decrypting side
    // of GCM is classes of its own.
    cipher.decrypt(stored, request.username(), TokenCipher.Column.ACCESS_TOKEN);
    UpstreamJson.parseObject(SAMPLE_ANSWER);
    Deadline.after(Duration.ofSeconds(1), Ticker.SYSTEM);
    renderer
        .registered(new Registration(Registration.Outcome.EXISTING, 0), call, request)
        .logLine(0);
    renderer
        .failed(GraphQlClient.transportFailure(new IOException("warm-up")), call, request)
        .logLine(0);
    // What the invocation's answer and log line need beyond the rendering: JUL's record (the
    // worker's handler is the worker's) and the status the response is built with.
    new LogRecord(Level.INFO, "warm-up");
    HttpStatus.valueOf(200);
  }

  /**
   * Initialises Gson's type adapters, which the function itself no longer needs ({@link JsonText})
   * but the Java worker does: its first invocation of an HTTP trigger builds a {@code Gson} (in
   * {@code RpcJsonDataSource}, worker 2.17.0), and the worker's Gson classes are the ones every
   * function shares. Done last, even after a step that failed: ~10 ms less in the first invocation
   * (docs/cold-start.md).
   */
  private static void initialiseGsonForTheWorker() {
    new Gson();
  }

  /**
   * Calls Hasura's {@code GET /healthz} (beside {@code /v1/graphql}, under any base path): it
   * leaves an open connection in the pool for the first GraphQL request, and loads OkHttp's classes
   * (over https also the trust store, and it does the handshake).
   */
  private Optional<String> openConnection() {
    HttpUrl health = graphqlEndpoint.resolve("../healthz");
    // As the configuration summary shows the URL: without a user or password from the setting.
    String shown = health.newBuilder().username("").password("").build().toString();
    try (Response response = http.newCall(new Request.Builder().url(health).build()).execute()) {
      // Read to the end (Hasura says "OK"): only then does the connection go back to the pool.
      BufferedSource body = response.body().source();
      body.request(MAX_HEALTH_BODY_BYTES);
      body.getBuffer().clear();
      return response.code() == 200
          ? Optional.empty()
          : Optional.of("GET " + shown + " answered HTTP " + response.code());
    } catch (IOException e) {
      return Optional.of("GET " + shown + ": " + GraphQlClient.transportFailure(e).detail());
    }
  }
}
