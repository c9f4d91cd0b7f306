package com.checkandregisteruser.local;

import com.google.gson.Gson;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The response a function builds through {@link LocalHttpRequest#createResponseBuilder}. */
public final class LocalHttpResponse implements HttpResponseMessage {
  private final HttpStatusType status;
  private final Map<String, String> headers;
  private final Object body;

  private LocalHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {
    this.status = status;
    this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    this.body = body;
  }

  @Override
  public HttpStatusType getStatus() {
    return status;
  }

  /** Returns the header's value, looked up regardless of case as HTTP header names are. */
  @Override
  public String getHeader(String name) {
    for (Map.Entry<String, String> header : headers.entrySet()) {
      if (header.getKey().equalsIgnoreCase(name)) {
        return header.getValue();
      }
    }
    return null;
  }

  @Override
  public Object getBody() {
    return body;
  }

  /** Returns every header the function set, in the order it set them. */
  public Map<String, String> headers() {
    return headers;
  }

  /**
   * Returns the body as it goes on the wire: a String as UTF-8, a {@code byte[]} as is, nothing for
   * null, and any other object as JSON, which is what the Java worker does with a POJO body.
   */
  public byte[] bodyBytes() {
    if (body == null) {
      return new byte[0];
    }
    if (body instanceof byte[] bytes) {
      return bytes.clone();
    }
    String text = body instanceof String string ? string : ObjectBodies.GSON.toJson(body);
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the Content-Type to send when the function set none, or null for an empty body. */
  String defaultContentType() {
    if (body == null) {
      return null;
    }
    if (body instanceof byte[]) {
      return "application/octet-stream";
    }
    return body instanceof String ? "text/plain; charset=utf-8" : "application/json; charset=utf-8";
  }

  /**
   * Builds a {@link LocalHttpResponse}; a later {@code header} call with the same name replaces the
   * value.
   */
  public static final class Builder implements HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    Builder(HttpStatusType status) {
      this.status = status;
    }

    @Override
    public Builder status(HttpStatusType status) {
      this.status = status;
      return this;
    }

    @Override
    public Builder header(String name, String value) {
      headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
      headers.put(name, value);
      return this;
    }

    @Override
    public Builder body(Object body) {
      this.body = body;
      return this;
    }

    @Override
    public LocalHttpResponse build() {
      return new LocalHttpResponse(status, headers, body);
    }
  }

  /**
   * Built only when a body is neither text nor bytes: the worker builds no Gson for those either,
   * and building one costs a cold process ~30 ms that the load measurements would wrongly count as
   * the function's.
   */
  private static final class ObjectBodies {
    static final Gson GSON = new Gson();
  }
}
