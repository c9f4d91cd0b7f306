package com.checkandregisteruser.e2e;

import com.checkandregisteruser.sandbox.SandboxStack;

/** The users' logins in the end-to-end suites: each carries IdP tokens named after its user. */
final class Logins {
  private Logins() {}

  /**
   * The stack's JWT for {@code username}, whose claims carry the IdP tokens {@code
   * oauth-token-of-<username>} and {@code oauth-secret-of-<username>}.
   */
  static String jwt(SandboxStack stack, String username) {
    return stack
        .jwts()
        .forUser(username)
        .accessToken("oauth-token-of-" + username)
        .accessTokenSecret("oauth-secret-of-" + username)
        .sign();
  }
}
