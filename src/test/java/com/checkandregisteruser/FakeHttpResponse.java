package com.checkandregisteruser;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-written response and builder, as Microsoft's archetype does, instead of mocking a fluent
 * chain.
 */
final class FakeHttpResponse implements HttpResponseMessage {
  private final HttpStatusType status;
  private final Map<String, String> headers;
  private final Object body;

  private FakeHttpResponse(HttpStatusType status, Map<String, String> headers, Object body) {
    this.status = status;
    this.headers = Map.copyOf(headers);
    this.body = body;
  }

  @Override
  public HttpStatusType getStatus() {
    return status;
  }

  @Override
  public String getHeader(String name) {
    return headers.get(name);
  }

  @Override
  public Object getBody() {
    return body;
  }

  String bodyText() {
    return (String) body;
  }

  static final class Builder implements HttpResponseMessage.Builder {
    private HttpStatusType status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Object body;

    Builder(HttpStatusType status) {
      this.status = status;
    }

    @Override
    public HttpResponseMessage.Builder status(HttpStatusType status) {
      this.status = status;
      return this;
    }

    @Override
    public HttpResponseMessage.Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    @Override
    public HttpResponseMessage.Builder body(Object body) {
      this.body = body;
      return this;
    }

    @Override
    public HttpResponseMessage build() {
      return new FakeHttpResponse(status, headers, body);
    }
  }
}
