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
import org.junit.jupiter.api.Test;
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
    test.settings.put(Settings.GRAPHQL_BASE_API, closedPortUrl());
  }

  /** A local address nothing listens on: the port was free a moment ago and is closed again. */
  private static String closedPortUrl() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
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

    assertOneOutcomeLineAndNoSecret(path.name(), response, SECRETS);
  }

  /**
   * The call logged exactly one outcome line, and none of {@code secrets} is in the answer body or
   * in any log record's message, parameters or exception.
   */
  private void assertOneOutcomeLineAndNoSecret(
      String path, FakeHttpResponse response, List<String> secrets) {
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
      for (String secret : secrets) {
        assertFalse(output.contains(secret), path + " leaked a secret into: " + output);
      }
    }
  }

  // Auth0 mode: the tokens come from a scripted Management API, whose answers echo every secret.

  private static final String CLIENT_SECRET = "CLIENTSECRET-a93f0d-leakcheck";
  private static final String MANAGEMENT_TOKEN = "MGMTTOKEN-3e77b2-leakcheck";
  private static final String IDP_TOKEN = "IDPTOKEN-58c1f4-leakcheck";
  private static final String IDP_SECRET = "IDPSECRET-0b9d6e-leakcheck";
  private static final List<String> AUTH0_SECRETS =
      List.of(CLIENT_SECRET, MANAGEMENT_TOKEN, IDP_TOKEN, IDP_SECRET);
  private static final String AUTH0_BODY =
      "{\"session_variables\":{\"x-hasura-role\":\"user\","
          + "\"x-hasura-user-id\":\"twitter|123\"}}";

  private final MockWebServer auth0 = new MockWebServer();

  private static String auth0Echo(String text) {
    return text + " [echo: " + String.join(" ", AUTH0_SECRETS) + "]";
  }

  private static MockResponse auth0Error(int status) {
    return Auth0Answers.error(status, "Error", auth0Echo("failed"));
  }

  /**
   * Hasura finds no user, the Management API hands out its token, then answers the user lookup (and
   * any retry) with {@code usersAnswers}, in order.
   */
  private static Consumer<SecretLeakTest> newUserWithManagementToken(MockResponse... usersAnswers) {
    return t -> {
      t.hasura.enqueue(HasuraAnswers.noUser());
      t.auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
      for (MockResponse answer : usersAnswers) {
        t.auth0.enqueue(answer);
      }
    };
  }

  /**
   * The Management API hands out its token and answers twitter|123 with the IdP's tokens; Hasura
   * answers with {@code hasuraAnswers}, in order.
   */
  private static Consumer<SecretLeakTest> twitterUserWithHasura(MockResponse... hasuraAnswers) {
    return t -> {
      for (MockResponse answer : hasuraAnswers) {
        t.hasura.enqueue(answer);
      }
      t.auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
      t.auth0.enqueue(Auth0Answers.twitterUser("twitter|123", IDP_TOKEN, IDP_SECRET));
    };
  }

  /** An Auth0 path: what Hasura and the Management API answer. */
  private record Auth0Path(String name, Consumer<SecretLeakTest> upstreams) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> auth0Paths() {
    List<Auth0Path> paths = new ArrayList<>();
    paths.add(
        new Auth0Path(
            "auth0 created",
            twitterUserWithHasura(HasuraAnswers.noUser(), HasuraAnswers.inserted(3))));
    paths.add(
        new Auth0Path(
            "auth0 existing",
            twitterUserWithHasura(HasuraAnswers.registered("twitter|123", IDP_TOKEN, IDP_SECRET))));
    paths.add(
        new Auth0Path(
            "auth0 tokens updated",
            twitterUserWithHasura(
                HasuraAnswers.registered("twitter|123", OLD_TOKEN, OLD_TOKEN_SECRET),
                HasuraAnswers.updated(1))));
    paths.add(
        new Auth0Path(
            "auth0 insert refused",
            twitterUserWithHasura(
                HasuraAnswers.noUser(),
                // Hasura only ever sees the encrypted tokens: it can echo what this call carries.
                HasuraAnswers.error(
                    "validation-failed",
                    "field not found [echo: " + JWT + " " + ACTION_SECRET + "]",
                    "$"))));
    paths.add(
        new Auth0Path(
            "auth0 rate-limited, user exists",
            t -> {
              t.hasura.enqueue(
                  HasuraAnswers.registered("twitter|123", OLD_TOKEN, OLD_TOKEN_SECRET));
              t.auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
              t.auth0.enqueue(
                  Auth0Answers.json(429, auth0Echo("{}"))
                      .newBuilder()
                      .addHeader("Retry-After", "60")
                      .build());
            }));
    paths.add(
        new Auth0Path(
            // The login goes on with a 200, and Auth0's echoing answer reaches the log's detail.
            "auth0 down, user exists",
            t -> {
              t.hasura.enqueue(
                  HasuraAnswers.registered("twitter|123", OLD_TOKEN, OLD_TOKEN_SECRET));
              t.auth0.enqueue(Auth0Answers.managementToken(MANAGEMENT_TOKEN));
              t.auth0.enqueue(auth0Error(503));
            }));
    paths.add(
        new Auth0Path(
            "auth0 rate-limited, new user",
            t -> {
              t.hasura.enqueue(HasuraAnswers.noUser());
              t.auth0.enqueue(auth0Error(429));
            }));
    for (int status : new int[] {401, 403, 500}) {
      paths.add(
          new Auth0Path(
              "auth0 client credentials " + status,
              t -> {
                t.hasura.enqueue(HasuraAnswers.noUser());
                t.auth0.enqueue(auth0Error(status));
              }));
    }
    for (int status : new int[] {400, 403, 404, 503}) {
      paths.add(
          new Auth0Path("auth0 users " + status, newUserWithManagementToken(auth0Error(status))));
    }
    paths.add(
        new Auth0Path(
            "auth0 users 401 twice",
            newUserWithManagementToken(
                auth0Error(401),
                Auth0Answers.managementToken(MANAGEMENT_TOKEN + "-2"),
                auth0Error(401))));
    paths.add(
        new Auth0Path(
            "auth0 identity missing",
            newUserWithManagementToken(
                Auth0Answers.user(
                    "twitter|123", Auth0Answers.identity("github", "1", IDP_TOKEN, IDP_SECRET)))));
    paths.add(
        new Auth0Path(
            "auth0 identity without its token",
            newUserWithManagementToken(
                Auth0Answers.user(
                    "twitter|123", Auth0Answers.identity("twitter", "123", null, IDP_SECRET)))));
    paths.add(
        new Auth0Path(
            "auth0 malformed answer",
            newUserWithManagementToken(Auth0Answers.json(200, auth0Echo("not json")))));
    paths.add(
        new Auth0Path(
            "auth0 timeout",
            t -> {
              t.hasura.enqueue(HasuraAnswers.noUser());
              t.auth0.enqueue(
                  new MockResponse.Builder()
                      .headersDelay(2, TimeUnit.SECONDS)
                      .body(auth0Echo("{}"))
                      .build());
            }));
    paths.add(
        new Auth0Path(
            "auth0 unreachable",
            t -> {
              t.hasura.enqueue(HasuraAnswers.noUser());
              t.settings.put(Auth0Settings.AUTH0_DOMAIN, closedPortUrl());
            }));
    paths.add(
        new Auth0Path(
            "auth0 misconfigured domain",
            t -> t.settings.put(Auth0Settings.AUTH0_DOMAIN, "http://tenant.example.com")));
    return paths.stream().map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("auth0Paths")
  void noAuth0SecretAppearsInAnyLogOrAnswer(Auth0Path path) throws IOException {
    auth0.start();
    try {
      TestSettings.useAuth0(
          settings, auth0.url("/").toString(), "client-id-leakcheck", CLIENT_SECRET);
      // The Auth0 budget is the call timeout: short, for the timeout path.
      settings.put(Settings.GRAPHQL_CALL_TIMEOUT_MS, "300");
      path.upstreams().accept(this);

      FakeHttpResponse response =
          (FakeHttpResponse)
              new CheckAndRegisterUserFunction(Application.fromSettings(settings))
                  .run(request(allHeaders(), Optional.of(AUTH0_BODY)), context);

      List<String> secrets = new ArrayList<>(SECRETS);
      secrets.addAll(AUTH0_SECRETS);
      assertOneOutcomeLineAndNoSecret(path.name(), response, secrets);
    } finally {
      auth0.close();
    }
  }

  // The masking itself, as a call builds it from what it carries.

  @Test
  void redactor_masksValuesOfFourCharacters_butNotShorterOnes() {
    Redactor redactor =
        new ActionCall(null, null, null).redactor(new ActionRequest("alice", "abcd", "abc"));

    assertEquals("token=[redacted] secret=abc", redactor.scrub("token=abcd secret=abc"));
  }

  @Test
  void redactor_masksASecretThatContainsAnotherWhole() {
    Redactor redactor =
        new ActionCall(null, null, null).redactor(new ActionRequest("alice", "abcd", "abcdefgh"));

    assertEquals("secret=[redacted]", redactor.scrub("secret=abcdefgh"));
  }

  @Test
  void redactor_masksTheBareCredentialsOfAnAuthorizationWithALeadingSpace() {
    Redactor redactor = new ActionCall(null, " SECRETJWT", null).redactor(null);

    assertEquals("token=[redacted]", redactor.scrub("token=SECRETJWT"));
  }
}
