package com.checkandregisteruser;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one action call (headers and body) into one answer in Hasura's action format: the
 * registration on success, {@code {"message", "extensions": {"code"}}} for every failure.
 */
public final class ActionHandler {
  /** Hasura's action payload is small; anything over this is not Hasura calling. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  private final ActionSecretVerifier secretVerifier;
  private final RegistrationService registrations;
  private final Gson gson;

  public ActionHandler(
      ActionSecretVerifier secretVerifier, RegistrationService registrations, Gson gson) {
    this.secretVerifier = secretVerifier;
    this.registrations = registrations;
    this.gson = gson;
  }

  /** Handles one call; never throws, every failure becomes an answer. */
  public ActionResponse handle(Map<String, String> headers, Optional<String> body) {
    String actionSecret = Headers.get(headers, ActionSecretVerifier.HEADER);
    String authorization = Headers.get(headers, "authorization");
    ActionRequest request = null;
    try {
      secretVerifier.verify(actionSecret);
      String text = body == null ? null : body.orElse(null);
      requireWithinLimit(text);
      request = ActionRequest.parse(text);
      requireForwardable(authorization);
      Registration registration = registrations.register(request, authorization);
      JsonObject answer = new JsonObject();
      answer.addProperty("affected_rows", registration.affectedRows());
      return new ActionResponse(
          200, gson.toJson(answer), registration.outcome().label(), request.username(), null);
    } catch (ActionException e) {
      return failure(e, request, authorization, actionSecret);
    } catch (GraphQlException e) {
      return failure(fromGraphQl(e), request, authorization, actionSecret);
    } catch (UpstreamException e) {
      return failure(fromUpstream(e), request, authorization, actionSecret);
    } catch (RuntimeException e) {
      return failure(
          new ActionException(
              ActionError.INTERNAL_ERROR,
              "internal error: see the function's log",
              e.getClass().getName() + ": " + e.getMessage()),
          request,
          authorization,
          actionSecret);
    }
  }

  /**
   * Answers a call that cannot be served because the settings are wrong: 401 to a caller without
   * the action secret (when it could be read), so only an authenticated caller learns which setting
   * is wrong.
   */
  public static ActionResponse misconfigured(
      MisconfiguredException e,
      ActionSecretVerifier secretVerifier,
      Map<String, String> headers,
      Gson gson) {
    String actionSecret = Headers.get(headers, ActionSecretVerifier.HEADER);
    ActionException error;
    try {
      secretVerifier.verify(actionSecret);
      error =
          new ActionException(
              ActionError.MISCONFIGURED,
              "the function is misconfigured: " + e.getMessage(),
              e.getMessage());
    } catch (ActionException refused) {
      error = refused;
    }
    return new ActionResponse(
        error.error().status(), errorBody(error, gson), error.error().code(), null, error.detail());
  }

  private static void requireWithinLimit(String text) {
    if (text != null && utf8Length(text) > MAX_BODY_BYTES) {
      throw new ActionException(
          ActionError.PAYLOAD_TOO_LARGE,
          "the request body is over "
              + MAX_BODY_BYTES
              + " bytes; Hasura's action payload is far smaller");
    }
  }

  private static long utf8Length(String text) {
    if (text.length() > MAX_BODY_BYTES) {
      return text.length(); // at least one byte a char: already too large, no need to count
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }

  private static void requireForwardable(String authorization) {
    if (authorization == null || authorization.isBlank()) {
      throw new ActionException(
          ActionError.MISSING_AUTHORIZATION,
          "the Authorization header is missing: define"
              + " the Hasura action with forward_client_headers: true so the client's Authorization reaches this function");
    }
    for (int i = 0; i < authorization.length(); i++) {
      char c = authorization.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw new ActionException(
            ActionError.UNAUTHORIZED,
            "the Authorization header holds characters that cannot be forwarded");
      }
    }
  }

  private static ActionException fromGraphQl(GraphQlException e) {
    String where = " (code " + e.code() + (e.path() == null ? "" : ", path " + e.path()) + ")";
    if (e.isAuthenticationError()) {
      // Hasura's own words (e.g. "Could not verify JWT: JWTExpired") tell the client what to fix.
      return new ActionException(
          ActionError.UNAUTHORIZED, e.getMessage(), "Hasura refused the credentials" + where);
    }
    if (e.isConstraintViolation()) {
      return new ActionException(
          ActionError.GRAPHQL_ERROR,
          "registration conflict: "
              + e.getMessage()
              + "; the user still does not exist after checking again",
          "insert conflicted and the re-check found no user" + where);
    }
    return new ActionException(
        ActionError.GRAPHQL_ERROR,
        "Hasura answered with an error: " + e.getMessage(),
        "GraphQL error" + where + ": " + e.getMessage());
  }

  private static ActionException fromUpstream(UpstreamException e) {
    return switch (e.kind()) {
      case TIMEOUT ->
          new ActionException(
              ActionError.UPSTREAM_TIMEOUT,
              "Hasura did not answer within the function's timeout",
              e.getMessage());
      case UNAVAILABLE ->
          new ActionException(
              ActionError.UPSTREAM_UNAVAILABLE,
              "Hasura is unreachable from the function",
              e.getMessage());
      case BAD_RESPONSE ->
          new ActionException(
              ActionError.BAD_UPSTREAM_RESPONSE,
              "Hasura's answer is not the expected GraphQL response: " + e.getMessage(),
              e.getMessage());
    };
  }

  private ActionResponse failure(
      ActionException e, ActionRequest request, String authorization, String actionSecret) {
    Redactor redactor = redactorFor(request, authorization, actionSecret);
    ActionException scrubbed =
        new ActionException(e.error(), redactor.scrub(e.getMessage()), redactor.scrub(e.detail()));
    return new ActionResponse(
        e.error().status(),
        errorBody(scrubbed, gson),
        e.error().code(),
        request == null ? null : request.username(),
        scrubbed.detail());
  }

  private static Redactor redactorFor(
      ActionRequest request, String authorization, String actionSecret) {
    List<String> secrets = new ArrayList<>(5);
    secrets.add(actionSecret);
    if (authorization != null) {
      secrets.add(authorization);
      int space = authorization.indexOf(' ');
      secrets.add(space < 0 ? null : authorization.substring(space + 1).trim());
    }
    if (request != null) {
      secrets.add(request.accessToken());
      secrets.add(request.accessTokenSecret());
    }
    return new Redactor(secrets);
  }

  private static String errorBody(ActionException e, Gson gson) {
    JsonObject extensions = new JsonObject();
    extensions.addProperty("code", e.error().code());
    JsonObject body = new JsonObject();
    body.addProperty("message", e.getMessage());
    body.add("extensions", extensions);
    return gson.toJson(body);
  }
}
