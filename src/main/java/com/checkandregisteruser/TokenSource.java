package com.checkandregisteruser;

import java.io.IOException;

/** Where the social tokens of a login come from. */
public interface TokenSource {

  /**
   * Returns the tokens of the login {@code request} stands for.
   *
   * @throws FailureException the tokens cannot be had, for a reason the failure names
   * @throws IOException the place they come from could not be reached
   */
  LoginTokens tokensFor(ActionRequest request) throws FailureException, IOException;
}
