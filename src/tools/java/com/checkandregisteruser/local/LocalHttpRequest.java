package com.checkandregisteruser.local;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the Functions host hands it to the Java worker: header names lower-cased,
 * several values of one header (or query parameter) joined with a comma, and the body as {@code
 * Optional<String>}, empty when the request carried no bytes.
 *
 * <p>The joining follows the host, which passes ASP.NET Core's {@code StringValues.ToString()}:
 * values joined with {@code ","} (no space), empty values skipped.
 */
public final class LocalHttpRequest implements HttpRequestMessage<Optional<String>> {
  private final URI uri;
  private final HttpMethod method;
  private final Map<String, String> headers;
  private final Map<String, String> queryParameters;
  private final Optional<String> body;

  private LocalHttpRequest(
      URI uri,
      HttpMethod method,
      Map<String, String> headers,
      Map<String, String> queryParameters,
      Optional<String> body) {
    this.uri = uri;
    this.method = method;
    this.headers = headers;
    this.queryParameters = queryParameters;
    this.body = body;
  }

  /**
   * Builds the request the worker would see.
   *
   * @param method the request method, e.g. {@code POST}
   * @param uri the full request URL, with any query string
   * @param rawHeaders header names in any case, each with its values in arrival order
   * @param body the request body; zero bytes means no body
   */
  public static LocalHttpRequest of(
      String method, URI uri, Map<String, List<String>> rawHeaders, byte[] body) {
    return new LocalHttpRequest(
        uri,
        HttpMethod.value(method),
        lowerCaseNames(rawHeaders),
        queryParameters(uri.getRawQuery()),
        body.length == 0
            ? Optional.empty()
            : Optional.of(new String(body, StandardCharsets.UTF_8)));
  }

  private static Map<String, String> lowerCaseNames(Map<String, List<String>> rawHeaders) {
    Map<String, List<String>> grouped = new LinkedHashMap<>();
    rawHeaders.forEach(
        (name, values) ->
            grouped
                .computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>())
                .addAll(values));
    Map<String, String> result = new LinkedHashMap<>();
    grouped.forEach((name, values) -> result.put(name, joined(values)));
    return Collections.unmodifiableMap(result);
  }

  private static Map<String, String> queryParameters(String rawQuery) {
    Map<String, List<String>> grouped = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String name = decode(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        grouped.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      }
    }
    Map<String, String> result = new LinkedHashMap<>();
    grouped.forEach((name, values) -> result.put(name, joined(values)));
    return Collections.unmodifiableMap(result);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // a stray '%' is kept as sent rather than failing the whole request
    }
  }

  private static String joined(List<String> values) {
    return String.join(",", values.stream().filter(v -> v != null && !v.isEmpty()).toList());
  }

  @Override
  public URI getUri() {
    return uri;
  }

  @Override
  public HttpMethod getHttpMethod() {
    return method;
  }

  /**
   * Returns the headers with lower-case names; like the worker's map, lookups are case-sensitive.
   */
  @Override
  public Map<String, String> getHeaders() {
    return headers;
  }

  @Override
  public Map<String, String> getQueryParameters() {
    return queryParameters;
  }

  @Override
  public Optional<String> getBody() {
    return body;
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
    return new LocalHttpResponse.Builder(status);
  }

  @Override
  public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
    return new LocalHttpResponse.Builder(status);
  }

  /**
   * Describes the request for logs: method and path only, since headers and body may hold secrets.
   */
  @Override
  public String toString() {
    return method + " " + uri.getRawPath();
  }
}
