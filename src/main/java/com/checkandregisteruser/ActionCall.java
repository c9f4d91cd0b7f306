package com.checkandregisteruser;

import java.util.Map;
import java.util.Optional;

/**
 * What one action call brought, as the Java worker hands it over: the headers this function reads
 * and the body.
 *
 * @param actionSecret the {@code x-action-secret} header, or null
 * @param authorization the forwarded {@code Authorization} header, or null
 * @param body the request body, or null
 */
record ActionCall(String actionSecret, String authorization, String body) {

  @Override
  public String toString() {
    // Never print them: the secret, the user's JWT, and a body that may carry their tokens.
    return "ActionCall[actionSecret=<redacted>, authorization=<redacted>, body=<redacted>]";
  }

  static ActionCall of(Map<String, String> headers, Optional<String> body) {
    return new ActionCall(
        Headers.get(headers, ActionSecretVerifier.HEADER),
        Headers.get(headers, "authorization"),
        body == null ? null : body.orElse(null));
  }

  /**
   * Returns the Authorization header to forward to Hasura.
   *
   * @throws FailureException {@code missing-authorization} when the action does not forward it,
   *     {@code unauthorized} when it holds what no HTTP header may carry
   */
  String forwardableAuthorization() throws FailureException {
    if (authorization == null || authorization.isBlank()) {
      throw Failure.of(
              Failure.Kind.MISSING_AUTHORIZATION,
              "the Authorization header is missing: define"
                  + " the Hasura action with forward_client_headers: true so the client's Authorization reaches this function")
          .toException();
    }
    for (int i = 0; i < authorization.length(); i++) {
      char c = authorization.charAt(i);
      if ((c < 0x20 && c != '\t') || c >= 0x7f) {
        throw Failure.of(
                Failure.Kind.UNAUTHORIZED,
                "the Authorization header holds characters that cannot be forwarded")
            .toException();
      }
    }
    return authorization;
  }

  /**
   * Masks this call's secrets, and the request's tokens once it was read, in text from elsewhere.
   */
  Redactor redactor(ActionRequest request) {
    String credentials = null;
    if (authorization != null && authorization.indexOf(' ') >= 0) {
      credentials = authorization.substring(authorization.indexOf(' ') + 1).trim();
    }
    return new Redactor(
        actionSecret,
        authorization,
        credentials,
        request == null ? null : request.accessToken(),
        request == null ? null : request.accessTokenSecret());
  }
}
