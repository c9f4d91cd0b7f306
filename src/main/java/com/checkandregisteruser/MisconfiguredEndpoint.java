package com.checkandregisteruser;

import java.util.Map;
import java.util.Optional;

/**
 * Answers every call of a process whose settings are wrong with the {@code misconfigured} failure
 * that names the setting, which is easier to find than a worker that fails to load the function.
 *
 * <p>A caller without the action secret (when it could be read) hears 401 instead, so only an
 * authenticated caller learns which setting is wrong.
 */
final class MisconfiguredEndpoint implements Endpoint {
  private final Failure misconfiguration;
  private final ActionSecretVerifier secretVerifier;
  private final AnswerRenderer renderer;

  MisconfiguredEndpoint(
      Failure misconfiguration, ActionSecretVerifier secretVerifier, AnswerRenderer renderer) {
    this.misconfiguration = misconfiguration;
    this.secretVerifier = secretVerifier;
    this.renderer = renderer;
  }

  @Override
  public ActionResponse handle(Map<String, String> headers, Optional<String> body) {
    ActionCall call = ActionCall.of(headers, body);
    Failure failure = misconfiguration;
    try {
      secretVerifier.verify(call.actionSecret());
    } catch (FailureException refused) {
      failure = refused.failure();
    }
    return renderer.failed(failure, call, null);
  }
}
