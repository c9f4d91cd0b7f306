package com.checkandregisteruser;

import static com.checkandregisteruser.ActionCalls.headers;
import static com.checkandregisteruser.ActionCalls.payload;
import static com.checkandregisteruser.ActionCalls.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.checkandregisteruser.tokens.TokenCipher;
import java.io.IOException;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.LogRecord;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives every path of the function with recognisable secrets and asserts that none of them appears
 * in any log record or answer body, even where Hasura's own error text echoes them back.
 */
class SecretLeakTest {
  private static final String TOKEN = "TOKEN-7f3a9c-leakcheck";
  private static final String TOKEN_SECRET = "TOKENSECRET-51be02-leakcheck";
  private static final String JWT =
      "eyJhbGciOiJIUzI1NiJ9.eyJsZWFrIjoiY2hlY2sifQ.SIGNATURE-leakcheck";
  private static final String AUTHORIZATION = "Bearer " + JWT;
  private static final String ACTION_SECRET = "ACTIONSECRET-9d41e7-leakcheck";

  /** The tokens stored from an earlier login, which this login replaces. */
  private static final String OLD_TOKEN = "OLDTOKEN-2c8e11-leakcheck";

  private static final String OLD_TOKEN_SECRET = "OLDTOKENSECRET-e40d7b-leakcheck";

  /** What a call carries, and so what Hasura's messages could echo back. */
  private static final List<String> CALL_SECRETS = List.of(TOKEN, TOKEN_SECRET, JWT, ACTION_SECRET);

  private static final List<String> SECRETS =
      List.of(
          TOKEN,
          TOKEN_SECRET,
          JWT,
          ACTION_SECRET,
          OLD_TOKEN,
          OLD_TOKEN_SECRET,
          TestSettings.KEY_BASE64,
          TestSettings.OLD_KEY_BASE64);
  private static final String BODY = payload("alice", TOKEN, TOKEN_SECRET);

  private final MockWebServer hasura = new MockWebServer();
  private final CapturingContext context = new CapturingContext();
  private Map<String, String> settings;

  @BeforeEach
  void start() throws IOException {
    hasura.start();
    settings = TestSettings.forUpstream(hasura.url("/").toString());
    settings.put(Settings.ACTION_SECRET, ACTION_SECRET);
    settings.put(Settings.GRAPHQL_READ_TIMEOUT_MS, "200");
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  /** A path through the function: how Hasura behaves and what the call carries. */
  private record Path(
      String name, Consumer<SecretLeakTest> upstream, Map<String, String> headers, String body) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Map<String, String> allHeaders() {
    Map<String, String> headers = headers(AUTHORIZATION);
    headers.put("x-action-secret", ACTION_SECRET);
    return headers;
  }

  private static String echo(String text) {
    // Hasura's messages could quote what it was sent; make the scripted ones do exactly that.
    return text + " [echo: " + String.join(" ", CALL_SECRETS) + "]";
  }

  static Stream<Arguments> paths() {
    List<Path> paths = new ArrayList<>();
    paths.add(
        new Path(
            "existing",
            t -> t.hasura.enqueue(HasuraAnswers.registered("alice", TOKEN, TOKEN_SECRET)),
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "created",
            t -> {
              t.hasura.enqueue(HasuraAnswers.noUser());
              t.hasura.enqueue(HasuraAnswers.inserted(3));
            },
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "race",
            t -> {
              t.hasura.enqueue(HasuraAnswers.noUser());
              t.hasura.enqueue(
                  HasuraAnswers.error("constraint-violation", echo("Uniqueness violation."), "$"));
              t.hasura.enqueue(HasuraAnswers.registered("alice", TOKEN, TOKEN_SECRET));
            },
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "unresolved conflict",
            t -> {
              t.hasura.enqueue(HasuraAnswers.noUser());
              t.hasura.enqueue(
                  HasuraAnswers.error("constraint-violation", echo("Uniqueness violation."), "$"));
              t.hasura.enqueue(HasuraAnswers.noUser());
            },
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "tokens updated",
            t -> {
              t.hasura.enqueue(HasuraAnswers.registered("alice", OLD_TOKEN, OLD_TOKEN_SECRET));
              t.hasura.enqueue(HasuraAnswers.updated(1));
            },
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "stored under an old key",
            t -> {
              t.hasura.enqueue(underOldKey(TOKEN, TOKEN_SECRET));
              t.hasura.enqueue(HasuraAnswers.updated(1));
            },
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "stored value does not decrypt",
            t -> {
              t.hasura.enqueue(
                  HasuraAnswers.storedValues(
                      "alice", "v1:k2:" + OLD_TOKEN, "v1:k2:" + OLD_TOKEN_SECRET));
              t.hasura.enqueue(HasuraAnswers.updated(1));
            },
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "update finds no row",
            t -> {
              t.hasura.enqueue(HasuraAnswers.registered("alice", OLD_TOKEN, OLD_TOKEN_SECRET));
              t.hasura.enqueue(HasuraAnswers.updated(0));
              t.hasura.enqueue(HasuraAnswers.inserted(3));
            },
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "update refused",
            t -> {
              t.hasura.enqueue(HasuraAnswers.registered("alice", OLD_TOKEN, OLD_TOKEN_SECRET));
              t.hasura.enqueue(
                  HasuraAnswers.error(
                      "permission-error", echo("Check constraint violation."), "$"));
            },
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "invalid payload", t -> {}, allHeaders(), "{\"session_variables\": \"" + TOKEN + "\""));
    paths.add(
        new Path(
            "invalid session variable",
            t -> {},
            allHeaders(),
            "{\"session_variables\":{\"x-hasura-user-id\":\"alice\",\"x-hasura-access-token\":\""
                + TOKEN
                + "\",\"x-hasura-access-token-secret\":[\""
                + TOKEN_SECRET
                + "\"]}}"));
    paths.add(
        new Path("missing authorization", t -> {}, Map.of("x-action-secret", ACTION_SECRET), BODY));
    paths.add(
        new Path(
            "unforwardable authorization",
            t -> {},
            Map.of("x-action-secret", ACTION_SECRET, "authorization", AUTHORIZATION + "\u0001"),
            BODY));
    paths.add(
        new Path(
            "wrong action secret",
            t -> {},
            Map.of("x-action-secret", ACTION_SECRET + "-wrong", "authorization", AUTHORIZATION),
            BODY));
    paths.add(
        new Path(
            "hasura rejects jwt",
            t ->
                t.hasura.enqueue(
                    HasuraAnswers.error(
                        "invalid-jwt", echo("Could not verify JWT: JWTExpired"), "$")),
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "graphql error",
            t ->
                t.hasura.enqueue(
                    HasuraAnswers.error("validation-failed", echo("field not found"), "$")),
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "non-graphql error envelope",
            t ->
                t.hasura.enqueue(
                    HasuraAnswers.json(
                        400,
                        "{\"path\":\"$\",\"error\":\""
                            + echo("bad")
                            + "\",\"code\":\"parse-failed\"}")),
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "bad upstream response",
            t -> t.hasura.enqueue(HasuraAnswers.json(500, echo("oops"))),
            allHeaders(),
            BODY));
    paths.add(
        new Path(
            "upstream timeout",
            t ->
                t.hasura.enqueue(
                    new MockResponse.Builder()
                        .headersDelay(2, TimeUnit.SECONDS)
                        .body("{}")
                        .build()),
            allHeaders(),
            BODY));
    paths.add(
        new Path("upstream unavailable", SecretLeakTest::pointAtClosedPort, allHeaders(), BODY));
    paths.add(
        new Path(
            "payload too large",
            t -> {},
            allHeaders(),
            payload("alice", TOKEN + "x".repeat(70_000), TOKEN_SECRET)));
    paths.add(
        new Path(
            "misconfigured",
            t -> t.settings.put(Settings.TOKEN_ENCRYPTION_KEY, TOKEN),
            allHeaders(),
            BODY));
    return paths.stream().map(Arguments::of);
  }

  /** The lookup's answer for alice's tokens stored under the old key id k1. */
  private static MockResponse underOldKey(String token, String secret) {
    TokenCipher old = new TokenCipher("k1", Map.of("k1", TestSettings.OLD_KEY), new SecureRandom());
    return HasuraAnswers.storedValues(
        "alice",
        old.encrypt(token, "alice", TokenCipher.Column.ACCESS_TOKEN),
        old.encrypt(secret, "alice", TokenCipher.Column.ACCESS_TOKEN_SECRET));
  }

  private static void pointAtClosedPort(SecretLeakTest test) {
    try (ServerSocket socket = new ServerSocket(0)) {
      test.settings.put(Settings.GRAPHQL_BASE_API, "http://127.0.0.1:" + socket.getLocalPort());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("paths")
  void noSecretAppearsInAnyLogOrAnswer(Path path) {
    path.upstream().accept(this);
    Application application = Application.fromSettings(settings);

    FakeHttpResponse response =
        (FakeHttpResponse)
            new CheckAndRegisterUserFunction(application)
                .run(
                    request(new java.util.HashMap<>(path.headers()), Optional.of(path.body())),
                    context);

    List<String> outputs = new ArrayList<>();
    outputs.add(response.bodyText());
    for (LogRecord record : context.records()) {
      outputs.add(record.getMessage());
      outputs.add(
          String.valueOf(record.getParameters() == null ? "" : List.of(record.getParameters())));
      outputs.add(String.valueOf(record.getThrown()));
    }
    assertEquals(
        1,
        context.messages().stream()
            .filter(m -> m.startsWith("checkAndRegisterUser outcome="))
            .count());
    for (String output : outputs) {
      for (String secret : SECRETS) {
        assertFalse(output.contains(secret), path + " leaked a secret into: " + output);
      }
    }
  }
}
