package com.checkandregisteruser.tokens;

/** A stored token value that cannot be decrypted; the message says which check failed. */
public final class TokenDecryptionException extends Exception {
  private static final long serialVersionUID = 1L;

  public TokenDecryptionException(String message) {
    super(message);
  }
}
