package com.checkandregisteruser;

import java.util.Map;

/** Case-insensitive lookup in the header map the Java worker hands over. */
final class Headers {
  private Headers() {}

  /**
   * Returns the value of header {@code lowerCaseName}, or null.
   *
   * <p>The Functions host lower-cases header names before the worker sees them, and the worker's
   * map is case-sensitive, so the lower-case key is tried first and any other spelling after it.
   */
  static String get(Map<String, String> headers, String lowerCaseName) {
    if (headers == null) {
      return null;
    }
    String value = headers.get(lowerCaseName);
    if (value != null) {
      return value;
    }
    for (Map.Entry<String, String> entry : headers.entrySet()) {
      if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(lowerCaseName)) {
        return entry.getValue();
      }
    }
    return null;
  }
}
