package com.checkandregisteruser;

import static com.checkandregisteruser.ActionCalls.AUTHORIZATION;
import static com.checkandregisteruser.ActionCalls.headers;
import static com.checkandregisteruser.ActionCalls.payload;
import static com.checkandregisteruser.ActionCalls.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Caller authentication with ACTION_SECRET: checked before anything reaches Hasura. */
class ActionSecretTest {
  private static final String SECRET = "the-action-secret-42";
  private static final String BODY = payload("alice", "tok-1", "sec-1");

  private final MockWebServer hasura = new MockWebServer();
  private final CapturingContext context = new CapturingContext();
  private Application application;

  @BeforeEach
  void start() throws IOException {
    hasura.start();
    Map<String, String> settings = TestSettings.forUpstream(hasura.url("/").toString());
    settings.put(Settings.ACTION_SECRET, SECRET);
    application = Application.fromSettings(settings);
  }

  @AfterEach
  void stop() {
    hasura.close();
  }

  private FakeHttpResponse call(String actionSecret) {
    Map<String, String> headers = headers(AUTHORIZATION);
    if (actionSecret != null) {
      headers.put("x-action-secret", actionSecret);
    }
    return (FakeHttpResponse)
        new CheckAndRegisterUserFunction(application)
            .run(request(headers, Optional.of(BODY)), context);
  }

  private static JsonObject body(FakeHttpResponse response) {
    return JsonParser.parseString(response.bodyText()).getAsJsonObject();
  }

  @Test
  void missingActionSecret_answers401WithoutCallingHasura() {
    FakeHttpResponse response = call(null);

    assertEquals(401, response.getStatusCode());
    assertEquals(
        "unauthorized", body(response).getAsJsonObject("extensions").get("code").getAsString());
    assertTrue(
        body(response).get("message").getAsString().contains("x-action-secret header is missing"));
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void wrongActionSecret_answers401WithoutCallingHasura() {
    FakeHttpResponse response = call(SECRET + "x");

    assertEquals(401, response.getStatusCode());
    assertEquals(
        "the x-action-secret header does not match ACTION_SECRET",
        body(response).get("message").getAsString());
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void wrongSecretIsCheckedBeforeThePayload() {
    Map<String, String> headers = headers(AUTHORIZATION);
    headers.put("x-action-secret", "nope");

    FakeHttpResponse response =
        (FakeHttpResponse)
            new CheckAndRegisterUserFunction(application)
                .run(request(headers, Optional.of("not json")), context);

    assertEquals(401, response.getStatusCode());
    assertEquals(
        "unauthorized", body(response).getAsJsonObject("extensions").get("code").getAsString());
    assertEquals(0, hasura.getRequestCount());
  }

  @Test
  void rightActionSecret_runsTheNormalFlow() {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-1", "sec-1"));

    FakeHttpResponse response = call(SECRET);

    assertEquals(200, response.getStatusCode());
    assertEquals(0, body(response).get("affected_rows").getAsInt());
    assertEquals(1, hasura.getRequestCount());
  }

  @Test
  void headerNameInAnyCase_isAccepted() {
    hasura.enqueue(HasuraAnswers.registered("alice", "tok-1", "sec-1"));
    Map<String, String> headers = headers(AUTHORIZATION);
    headers.put("X-Action-Secret", SECRET);

    FakeHttpResponse response =
        (FakeHttpResponse)
            new CheckAndRegisterUserFunction(application)
                .run(request(headers, Optional.of(BODY)), context);

    assertEquals(200, response.getStatusCode());
  }
}
