package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a call answers when the code behind it throws instead of failing. */
class ActionHandlerTest {
  private static final String INTERNAL_ERROR =
      "{\"message\":\"internal error: see the function's log\","
          + "\"extensions\":{\"code\":\"internal-error\"}}";

  private final MockWebServer hasura = new MockWebServer();

  @BeforeEach
  void startHasura() throws IOException {
    hasura.start();
  }

  @AfterEach
  void stopHasura() {
    hasura.close();
  }

  /** A handler whose token source throws {@code thrown} once the lookup found no user. */
  private ActionHandler handlerWhoseTokenSourceThrows(Throwable thrown) {
    TokenSource throwing =
        (request, timeLeft) -> {
          if (thrown instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw (Error) thrown;
        };
    RegistrationService registrations =
        new RegistrationService(
            new GraphQlClient(new OkHttpClient(), hasura.url("/v1/graphql")),
            TestSettings.cipher(),
            throwing,
            Duration.ofSeconds(10));
    return new ActionHandler(
        new ActionSecretVerifier(Optional.empty()),
        ActionRequestParser.TokenOrigin.SESSION_VARIABLES,
        registrations,
        new AnswerRenderer());
  }

  private ActionResponse login(ActionHandler handler) {
    hasura.enqueue(HasuraAnswers.noUser());
    return handler.handle(
        ActionCalls.headers("Bearer h.p.s"), Optional.of(ActionCalls.payload("alice")));
  }

  @Test
  void runtimeException_answers500InternalErrorInHasurasFormat() {
    ActionHandler handler = handlerWhoseTokenSourceThrows(new IllegalStateException("broken"));

    ActionResponse response = login(handler);

    assertEquals(500, response.status());
    assertEquals(INTERNAL_ERROR, response.body());
    assertEquals("internal-error", response.outcome());
    assertEquals("alice", response.username());
    assertEquals("java.lang.IllegalStateException: broken", response.detail());
  }

  /**
   * What a library of the worker's that wins over ours throws (its Gson 2.9 lacking a method, say):
   * still an answer Hasura can pass on, not the worker's non-JSON 500.
   */
  @Test
  void linkageError_answers500InternalErrorInHasurasFormat() {
    ActionHandler handler =
        handlerWhoseTokenSourceThrows(
            new NoSuchMethodError("'boolean com.google.gson.JsonArray.isEmpty()'"));

    ActionResponse response = login(handler);

    assertEquals(500, response.status());
    assertEquals(INTERNAL_ERROR, response.body());
    assertEquals(
        "java.lang.NoSuchMethodError: 'boolean com.google.gson.JsonArray.isEmpty()'",
        response.detail());
  }
}
