package com.checkandregisteruser;

import java.util.Locale;

/**
 * The answer to one invocation, with what the log line says about it.
 *
 * @param status the HTTP status
 * @param body the JSON body Hasura reads
 * @param outcome {@code created}, {@code existing}, {@code registered-concurrently} or the error code
 * @param username the user, once the payload named one; otherwise null
 * @param detail more for the log than the body says (upstream errors), or null; free of secrets
 */
public record ActionResponse(int status, String body, String outcome, String username, String detail) {

  /** Returns the invocation's log line: outcome, status, username, elapsed time and any detail. */
  public String logLine(double elapsedMillis) {
    StringBuilder line = new StringBuilder(128)
        .append("checkAndRegisterUser outcome=").append(outcome)
        .append(" status=").append(status)
        .append(" username=").append(username == null ? "-" : quote(username))
        .append(" elapsedMs=").append(String.format(Locale.ROOT, "%.1f", elapsedMillis));
    if (detail != null) {
      line.append(" detail=").append(quote(detail));
    }
    return line.toString();
  }

  /** Quotes like a JSON string, so a username with a newline or a quote cannot forge a log line. */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
