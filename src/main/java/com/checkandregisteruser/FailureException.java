package com.checkandregisteruser;

/**
 * Carries a {@link Failure} from the layer that decided it to the endpoint that answers with it.
 *
 * <p>Checked, so every layer declares that it can fail; without a stack trace, because it is
 * control flow for an answer and a trace would only tempt someone to log it. The text is the
 * failure's, so nothing beyond it reaches a log that prints the exception.
 */
public final class FailureException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Failure failure;

  FailureException(Failure failure) {
    super(failure.message(), null, false, false);
    this.failure = failure;
  }

  public Failure failure() {
    return failure;
  }
}
