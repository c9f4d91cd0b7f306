package com.checkandregisteruser;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/**
 * Checks the {@code x-action-secret} header that Hasura adds to every action call, when a secret is
 * set.
 *
 * <p>Both sides are hashed first, so {@link MessageDigest#isEqual} compares equal-length values in
 * constant time and the secret's length does not leak through timing either.
 */
public final class ActionSecretVerifier {
  static final String HEADER = "x-action-secret";

  private final byte[] expectedDigest;

  public ActionSecretVerifier(Optional<String> secret) {
    this.expectedDigest = secret.map(ActionSecretVerifier::sha256).orElse(null);
  }

  boolean isEnabled() {
    return expectedDigest != null;
  }

  /** Passes when no secret is configured or {@code presented} equals it; otherwise throws 401. */
  void verify(String presented) {
    if (expectedDigest == null) {
      return;
    }
    if (presented == null || presented.isEmpty()) {
      throw new ActionException(
          ActionError.UNAUTHORIZED,
          "the "
              + HEADER
              + " header is missing: configure it on the Hasura action (value_from_env: ACTION_SECRET)");
    }
    if (!MessageDigest.isEqual(expectedDigest, sha256(presented))) {
      throw new ActionException(
          ActionError.UNAUTHORIZED, "the " + HEADER + " header does not match ACTION_SECRET");
    }
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JVM", e);
    }
  }
}
