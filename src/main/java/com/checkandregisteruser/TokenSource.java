package com.checkandregisteruser;

import java.io.IOException;
import java.time.Duration;

/** Where the social tokens of a login come from. */
public interface TokenSource {

  /**
   * Returns the tokens of the login {@code request} stands for.
   *
   * @param timeLeft what is left of the login's time budget: a source that asks elsewhere is done
   *     by then
   * @throws FailureException the tokens cannot be had, for a reason the failure names
   * @throws IOException the place they come from could not be reached
   */
  LoginTokens tokensFor(ActionRequest request, Duration timeLeft)
      throws FailureException, IOException;

  /**
   * Whether a user who is already registered should be answered without asking this source for now:
   * it is rate-limited, and what it still serves is better left to first logins, which cannot
   * register without tokens. A source without a rate limit never holds back.
   */
  default boolean holdsBackRefreshes() {
    return false;
  }
}
