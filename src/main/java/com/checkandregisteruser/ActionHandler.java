package com.checkandregisteruser;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * Serves one action call: checks the caller, reads the payload, registers the user, answers. Each
 * step reports its own {@link Failure}; the renderer turns the outcome into the answer.
 */
public final class ActionHandler implements Endpoint {
  private final ActionSecretVerifier secretVerifier;
  private final ActionRequestParser.TokenOrigin tokenOrigin;
  private final RegistrationService registrations;
  private final AnswerRenderer renderer;

  ActionHandler(
      ActionSecretVerifier secretVerifier,
      ActionRequestParser.TokenOrigin tokenOrigin,
      RegistrationService registrations,
      AnswerRenderer renderer) {
    this.secretVerifier = secretVerifier;
    this.tokenOrigin = tokenOrigin;
    this.registrations = registrations;
    this.renderer = renderer;
  }

  @Override
  public ActionResponse handle(Map<String, String> headers, Optional<String> body) {
    ActionCall call = ActionCall.of(headers, body);
    ActionRequest request = null;
    Failure failure;
    try {
      secretVerifier.verify(call.actionSecret());
      request = ActionRequestParser.parse(call.body(), tokenOrigin);
      String authorization = call.forwardableAuthorization();
      return renderer.registered(registrations.register(request, authorization), call, request);
    } catch (FailureException e) {
      failure = e.failure();
    } catch (IOException e) {
      // Only the calls to Hasura let one out: the Auth0 token source turns its own into failures.
      failure = GraphQlClient.transportFailure(e);
    } catch (RuntimeException | LinkageError e) {
      // A LinkageError too: a library of the worker's that wins over ours (its Gson, say) throws
      // one, and uncaught it would reach Hasura as the worker's non-JSON 500, not as an error
      // Hasura can pass on.
      failure =
          Failure.of(
              Failure.Kind.INTERNAL_ERROR,
              "internal error: see the function's log",
              e.getClass().getName() + ": " + e.getMessage());
    }
    return renderer.failed(failure, call, request);
  }
}
