package com.checkandregisteruser.sandbox;

import com.google.gson.JsonObject;

/**
 * An error as Hasura reports it on /v1/graphql: {@code
 * {"message":..,"extensions":{"path":..,"code":..}}}. An action handler's 4xx answer may replace
 * the extensions object verbatim.
 */
final class HasuraError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final String path;
  private final transient JsonObject verbatimExtensions;

  private HasuraError(String message, String code, String path, JsonObject verbatimExtensions) {
    // No stack trace: these are answers, not faults, and the sandbox creates many of them.
    super(message, null, false, false);
    this.code = code;
    this.path = path;
    this.verbatimExtensions = verbatimExtensions;
  }

  static HasuraError of(String code, String message, String path) {
    return new HasuraError(message, code, path, null);
  }

  /** An error at the request root ({@code $}), where Hasura reports auth and execution errors. */
  static HasuraError atRoot(String code, String message) {
    return of(code, message, "$");
  }

  static HasuraError withVerbatimExtensions(String message, JsonObject extensions) {
    return new HasuraError(message, null, null, extensions.deepCopy());
  }

  String code() {
    return code;
  }

  String path() {
    return path;
  }

  /** Returns the error object, keys in the order message, extensions {path, code}. */
  JsonObject toJson() {
    JsonObject error = new JsonObject();
    error.addProperty("message", getMessage());
    if (verbatimExtensions != null) {
      error.add("extensions", verbatimExtensions.deepCopy());
    } else {
      JsonObject extensions = new JsonObject();
      extensions.addProperty("path", path);
      extensions.addProperty("code", code);
      error.add("extensions", extensions);
    }
    return error;
  }
}
