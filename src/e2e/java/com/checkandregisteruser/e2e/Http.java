package com.checkandregisteruser.e2e;

import com.checkandregisteruser.sandbox.GraphQlTestClient;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Real HTTP for the end-to-end tests: what Hasura sends to the function, and the web app's call
 * (through the suites' one GraphQL client).
 */
final class Http {
  static final String MUTATION = "mutation { checkAndRegisterUser { affected_rows } }";
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Http() {}

  /** An answer: status and body text. */
  record Answer(int status, String body) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    /** The {@code extensions.code} of Hasura's first error, or of the function's error answer. */
    String errorCode() {
      return error().getAsJsonObject("extensions").get("code").getAsString();
    }

    String errorMessage() {
      return error().get("message").getAsString();
    }

    /** Hasura's first error, or the function's error answer itself. */
    private JsonObject error() {
      JsonObject json = json();
      return json.has("errors") ? json.getAsJsonArray("errors").get(0).getAsJsonObject() : json;
    }

    int affectedRows() {
      return json()
          .getAsJsonObject("data")
          .getAsJsonObject("checkAndRegisterUser")
          .get("affected_rows")
          .getAsInt();
    }
  }

  /** The web app's call: the mutation on Hasura's /v1/graphql with the user's JWT. */
  static Answer mutation(String graphqlUrl, String jwt) {
    return graphql(graphqlUrl, jwt, MUTATION, null);
  }

  /** Any GraphQL document (with its variables, or null) on Hasura's /v1/graphql as the user. */
  static Answer graphql(String graphqlUrl, String jwt, String document, JsonObject variables) {
    GraphQlTestClient.Response response =
        new GraphQlTestClient(URI.create(graphqlUrl))
            .post(document, variables, Map.of("Authorization", "Bearer " + jwt));
    return new Answer(response.status(), response.body());
  }

  /**
   * What Hasura sends the function for an action: {@code body}, the forwarded Authorization with
   * {@code jwt}, and the action secret header.
   */
  static Answer actionCall(String functionUrl, String body, String jwt, String actionSecret) {
    return post(
        functionUrl,
        body,
        Map.of(
            "Authorization",
            "Bearer " + jwt,
            "x-action-secret",
            actionSecret,
            "Content-Type",
            "application/json"));
  }

  static Answer post(String url, String body, Map<String, String> headers) {
    return post(url, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8), headers);
  }

  static Answer post(String url, HttpRequest.BodyPublisher body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).POST(body);
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Answer(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(url, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
