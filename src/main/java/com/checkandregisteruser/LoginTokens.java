package com.checkandregisteruser;

import java.util.Objects;

/**
 * The social tokens of this login, as the function stores them.
 *
 * @param accessToken the OAuth access token; never null
 * @param accessTokenSecret the OAuth 1.0a token secret, or null for an identity without one (OAuth
 *     2)
 */
public record LoginTokens(String accessToken, String accessTokenSecret) {
  /**
   * The longest token the function stores, in characters. OAuth tokens are far shorter; the
   * database refuses stored values longer than this one's ciphertext (hasura/migrations, token
   * length), so that no one can leave a value the lookup could not read back.
   */
  static final int MAX_LENGTH = 4_096;

  public LoginTokens {
    Objects.requireNonNull(accessToken, "accessToken");
  }

  @Override
  public String toString() {
    // Never print the tokens: records print every component by default.
    return "LoginTokens[accessToken=<redacted>, accessTokenSecret="
        + (accessTokenSecret == null ? "null" : "<redacted>")
        + "]";
  }
}
