package com.checkandregisteruser;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Removes the secrets of one invocation from text that came from elsewhere (Hasura's error
 * messages, exception messages) before it is logged or answered.
 */
final class Redactor {
  static final String MASK = "[redacted]";
  // Shorter values are not masked: replacing every "ab" would garble text and a 3-character token
  // is no secret.
  private static final int MIN_LENGTH = 4;

  private static final Comparator<String> LONGEST_FIRST =
      new Comparator<>() {
        @Override
        public int compare(String a, String b) {
          return Integer.compare(b.length(), a.length());
        }
      };

  private final List<String> secrets;

  Redactor(String... values) {
    List<String> kept = new ArrayList<>();
    for (String value : values) {
      if (value != null && value.length() >= MIN_LENGTH) {
        kept.add(value);
      }
    }
    // Longest first, so a secret that contains another is masked whole.
    kept.sort(LONGEST_FIRST);
    this.secrets = List.copyOf(kept);
  }

  /** Returns {@code text} with every secret replaced by {@value #MASK}; null stays null. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String result = text;
    for (String secret : secrets) {
      result = result.replace(secret, MASK);
    }
    return result;
  }
}
