package com.checkandregisteruser.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The end-to-end suites' one GraphQL client: posts requests to the sandbox as a web app would, and
 * returns the raw answer.
 */
public final class GraphQlTestClient {

  /** An HTTP answer; {@link #json()} parses its body. */
  public record Response(int status, String body) {
    public JsonObject json() {
      return Json.parseStrict(body)
          .orElseThrow(() -> new AssertionError("not JSON: " + body))
          .getAsJsonObject();
    }
  }

  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI graphqlUri;

  public GraphQlTestClient(URI graphqlUri) {
    this.graphqlUri = graphqlUri;
  }

  public Response post(String query, JsonObject variables, Map<String, String> headers) {
    try {
      return post(query, variables, headers, Duration.ofSeconds(30));
    } catch (IOException e) {
      throw new AssertionError("cannot reach the sandbox", e);
    }
  }

  /**
   * Posts with a client timeout; a timeout surfaces as {@link java.net.http.HttpTimeoutException}.
   */
  Response post(String query, JsonObject variables, Map<String, String> headers, Duration timeout)
      throws IOException {
    JsonObject body = new JsonObject();
    body.addProperty("query", query);
    if (variables != null) {
      body.add("variables", variables);
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(graphqlUri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(Json.write(body), StandardCharsets.UTF_8));
    headers.forEach(request::header);
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Response(response.statusCode(), response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Builds a variables object from alternating names and values (String, Number, JsonElement). */
  static JsonObject variables(Object... namesAndValues) {
    JsonObject variables = new JsonObject();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      variables.add(
          (String) namesAndValues[i],
          value instanceof JsonElement json ? json : Json.fromPlain(value));
    }
    return variables;
  }
}
