package com.checkandregisteruser;

/**
 * A failure that ends the invocation with an {@link ActionError}.
 *
 * <p>The message goes to the caller, so it is written by us and never carries a token, a secret, an
 * Authorization value or a library's exception text. The optional detail is for the log only.
 */
public final class ActionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ActionError error;
  private final String detail;

  public ActionException(ActionError error, String message) {
    this(error, message, null);
  }

  public ActionException(ActionError error, String message, String detail) {
    // No stack trace: this is control flow for an answer, and a trace would only tempt someone to
    // log it.
    super(message, null, false, false);
    this.error = error;
    this.detail = detail;
  }

  public ActionError error() {
    return error;
  }

  /** Returns what the log should say beyond the message, or null. */
  public String detail() {
    return detail;
  }
}
