package com.checkandregisteruser;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Posts GraphQL operations to Hasura's {@code /v1/graphql}, forwarding the caller's Authorization
 * header.
 *
 * <p>Hasura answers HTTP 200 even when an operation fails, with an {@code errors} array: errors are
 * checked before {@code data}, and the HTTP status only decides when the body is not a GraphQL
 * answer.
 */
public final class GraphQlClient {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  // Our answers are a few hundred bytes; a larger body is not Hasura answering these operations.
  private static final long MAX_RESPONSE_BYTES = 1L << 20;

  private final OkHttpClient http;
  private final HttpUrl endpoint;
  private final WatchdogAnchor watchdogAnchor;

  public GraphQlClient(OkHttpClient http, HttpUrl endpoint) {
    this.http = http;
    this.endpoint = endpoint;
    this.watchdogAnchor = WatchdogAnchor.covering(http);
  }

  /**
   * Runs {@code operation} with {@code variables} and returns Hasura's data or error, within the
   * client's call timeout or {@code timeLimit}, whichever is shorter.
   *
   * @throws FailureException {@code bad-upstream-response}: Hasura answered something that is not a
   *     GraphQL response
   * @throws IOException Hasura could not be reached or did not answer in time (see {@link
   *     #transportFailure})
   */
  public GraphQlResult execute(
      GraphQlOperation operation, JsonObject variables, String authorization, Duration timeLimit)
      throws FailureException, IOException {
    String body = operation.requestPrefix() + JsonText.of(variables) + "}";
    Request request =
        new Request.Builder()
            .url(endpoint)
            .header("Authorization", authorization)
            // Not OkHttp's default gzip: these answers are a few hundred bytes, so Hasura's
            // compressing and our inflating would cost more CPU than the bytes saved (contract §3).
            .header("Accept-Encoding", "identity")
            .post(RequestBody.create(body, JSON))
            .build();
    watchdogAnchor.beforeCall();
    Call call = http.newCall(request);
    // A call's timeout starts as the client's call timeout (0 = none); what is left of the login's
    // budget may be less.
    long clientNanos = call.timeout().timeoutNanos();
    // At least 1 ns: to OkHttp a zero limit is no limit at all.
    long limitNanos = Math.max(1, timeLimit.toNanos());
    if (clientNanos == 0 || limitNanos < clientNanos) {
      call.timeout().timeout(limitNanos, TimeUnit.NANOSECONDS);
    }
    try (Response response = call.execute()) {
      return resultOf(response.code(), readBounded(response));
    }
  }

  /** The failure a call to Hasura is when it ended in {@code e} rather than an answer. */
  static Failure transportFailure(IOException e) {
    if (e instanceof InterruptedIOException) {
      return Failure.of(
          Failure.Kind.UPSTREAM_TIMEOUT,
          "Hasura did not answer within the function's timeout",
          "no answer from Hasura within the timeout (" + e.getClass().getSimpleName() + ")");
    }
    return Failure.of(
        Failure.Kind.UPSTREAM_UNAVAILABLE,
        "Hasura is unreachable from the function",
        "cannot reach Hasura (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
  }

  /** The failure of an answer that is not the GraphQL response expected; {@code what} says why. */
  static FailureException badResponse(String what) {
    return Failure.of(
            Failure.Kind.BAD_UPSTREAM_RESPONSE,
            "Hasura's answer is not the expected GraphQL response: " + what,
            what)
        .toException();
  }

  private static String readBounded(Response response) throws FailureException, IOException {
    BufferedSource source = response.body().source();
    if (source.request(MAX_RESPONSE_BYTES + 1)) {
      throw badResponse(
          "HTTP " + response.code() + " with a body over " + MAX_RESPONSE_BYTES + " bytes");
    }
    return source.getBuffer().readUtf8();
  }

  private GraphQlResult resultOf(int status, String text) throws FailureException {
    JsonObject json = UpstreamJson.parseObject(text);
    if (json != null) {
      JsonElement errors = json.get("errors");
      if (errors != null && errors.isJsonArray() && errors.getAsJsonArray().size() > 0) {
        return GraphQlResult.ofError(firstError(errors.getAsJsonArray()));
      }
      // Hasura's non-GraphQL error envelope, e.g. for a malformed request: {"path","error","code"}.
      if (isString(json.get("error")) && isString(json.get("code"))) {
        return GraphQlResult.ofError(
            new GraphQlError(
                json.get("code").getAsString(),
                json.get("error").getAsString(),
                isString(json.get("path")) ? json.get("path").getAsString() : null));
      }
    }
    // Hasura answers its own faults in one of the two shapes above; a 5xx or 429 without either
    // comes from what stands in front of it (an ingress or gateway while Hasura restarts or is
    // overloaded): Hasura is slow or unavailable, not answering wrongly.
    if (status == 504) {
      // As with our own timeouts, what Hasura was doing may still complete.
      throw Failure.of(
              Failure.Kind.UPSTREAM_TIMEOUT,
              "Hasura did not answer in time: HTTP 504 from a gateway in front of it",
              "HTTP 504 without a GraphQL answer, from a gateway in front of Hasura")
          .toException();
    }
    if (status >= 500 || status == 429) {
      throw Failure.of(
              Failure.Kind.UPSTREAM_UNAVAILABLE,
              "Hasura is unavailable: HTTP " + status + " without a GraphQL answer",
              "HTTP "
                  + status
                  + " without a GraphQL answer, from a proxy or gateway in front of Hasura")
          .toException();
    }
    if (json == null) {
      throw badResponse("HTTP " + status + " with a body that is not a JSON object");
    }
    if (status < 200 || status > 299) {
      throw badResponse("unexpected HTTP status " + status);
    }
    JsonElement data = json.get("data");
    if (data == null || !data.isJsonObject()) {
      throw badResponse("HTTP " + status + " with neither data nor errors");
    }
    return GraphQlResult.ofData(data.getAsJsonObject());
  }

  private static GraphQlError firstError(JsonArray errors) {
    JsonElement first = errors.get(0);
    JsonObject error = first.isJsonObject() ? first.getAsJsonObject() : new JsonObject();
    String message =
        isString(error.get("message")) ? error.get("message").getAsString() : "(no message)";
    JsonElement extensions = error.get("extensions");
    String code = "unknown";
    String path = null;
    if (extensions != null && extensions.isJsonObject()) {
      JsonObject ext = extensions.getAsJsonObject();
      code = isString(ext.get("code")) ? ext.get("code").getAsString() : code;
      path = isString(ext.get("path")) ? ext.get("path").getAsString() : null;
    }
    return new GraphQlError(code, message, path);
  }

  private static boolean isString(JsonElement element) {
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }
}
