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
    this.expectedDigest = secret.isPresent() ? sha256(secret.get()) : null;
  }

  /**
   * Passes when no secret is configured or {@code presented} equals it.
   *
   * @throws FailureException 401 {@code unauthorized}, saying what is wrong with the header
   */
  void verify(String presented) throws FailureException {
    if (expectedDigest == null) {
      return;
    }
    if (presented == null || presented.isEmpty()) {
      throw Failure.of(
              Failure.Kind.UNAUTHORIZED,
              "the "
                  + HEADER
                  + " header is missing: configure it on the Hasura action (value_from_env: ACTION_SECRET)")
          .toException();
    }
    if (!MessageDigest.isEqual(expectedDigest, sha256(presented))) {
      throw Failure.of(
              Failure.Kind.UNAUTHORIZED, "the " + HEADER + " header does not match ACTION_SECRET")
          .toException();
    }
  }

  // One per thread: MessageDigest.getInstance looks the provider up again on every call (~2 µs,
  // every call of the function), and a digest is reset by digest() itself.
  private static final ThreadLocal<MessageDigest> SHA_256 =
      new ThreadLocal<>() {
        @Override
        protected MessageDigest initialValue() {
          try {
            return MessageDigest.getInstance("SHA-256");
          } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JVM", e);
          }
        }
      };

  private static byte[] sha256(String value) {
    return SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8));
  }
}
