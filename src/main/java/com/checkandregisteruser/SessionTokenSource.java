package com.checkandregisteruser;

import java.time.Duration;

/**
 * The tokens Hasura passed as session variables ({@code x-hasura-access-token} and {@code
 * x-hasura-access-token-secret}), which come from the user's JWT.
 */
public final class SessionTokenSource implements TokenSource {

  @Override
  public LoginTokens tokensFor(ActionRequest request, Duration timeLeft) {
    return new LoginTokens(request.accessToken(), request.accessTokenSecret());
  }
}
