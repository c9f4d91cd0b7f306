package com.checkandregisteruser.sandbox;

import com.google.gson.JsonObject;

/**
 * An error as Hasura reports it on /v1/graphql: {@code
 * {"message":..,"extensions":{"path":..,"code":..}}}, with {@code extensions.internal} (the
 * database's detail) where Hasura has one and shows it, to admins only: its default
 * (HASURA_GRAPHQL_ADMIN_INTERNAL_ERRORS=true, no dev mode; Hasura.Server.Init, encodeGQLErr). An
 * action handler's 4xx answer may replace the extensions object verbatim.
 */
final class HasuraError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final String path;
  private final transient JsonObject verbatimExtensions;
  private final transient JsonObject internal;

  private HasuraError(
      String message,
      String code,
      String path,
      JsonObject verbatimExtensions,
      JsonObject internal) {
    // No stack trace: these are answers, not faults, and the sandbox creates many of them.
    super(message, null, false, false);
    this.code = code;
    this.path = path;
    this.verbatimExtensions = verbatimExtensions;
    this.internal = internal;
  }

  static HasuraError of(String code, String message, String path) {
    return new HasuraError(message, code, path, null, null);
  }

  /** An error at the root whose detail Hasura keeps in {@code extensions.internal}. */
  static HasuraError withInternal(String code, String message, JsonObject internal) {
    return new HasuraError(message, code, "$", null, internal.deepCopy());
  }

  /** The same error as a client without admin rights sees it: no {@code internal}. */
  HasuraError withoutInternal() {
    return internal == null ? this : new HasuraError(getMessage(), code, path, null, null);
  }

  /** An error at the request root ({@code $}), where Hasura reports auth and execution errors. */
  static HasuraError atRoot(String code, String message) {
    return of(code, message, "$");
  }

  static HasuraError withVerbatimExtensions(String message, JsonObject extensions) {
    return new HasuraError(message, null, null, extensions.deepCopy(), null);
  }

  String code() {
    return code;
  }

  String path() {
    return path;
  }

  /** Returns the error object, keys in the order message, extensions {path, code, internal}. */
  JsonObject toJson() {
    JsonObject error = new JsonObject();
    error.addProperty("message", getMessage());
    if (verbatimExtensions != null) {
      error.add("extensions", verbatimExtensions.deepCopy());
    } else {
      JsonObject extensions = new JsonObject();
      extensions.addProperty("path", path);
      extensions.addProperty("code", code);
      if (internal != null) {
        extensions.add("internal", internal.deepCopy());
      }
      error.add("extensions", extensions);
    }
    return error;
  }
}
