package com.checkandregisteruser;

/**
 * The answer to one invocation, with what the log line says about it.
 *
 * @param status the HTTP status
 * @param body the JSON body Hasura reads
 * @param outcome a {@link Registration.Outcome}'s label ({@code created}, {@code existing}, {@code
 *     tokens-updated}, {@code existing-not-refreshed-rate-limited}, {@code
 *     existing-not-refreshed-unavailable}, {@code registered-concurrently}) or the error code
 * @param username the user, once the payload named one; otherwise null
 * @param detail more for the log than the body says (upstream errors), or null; free of secrets
 */
public record ActionResponse(
    int status, String body, String outcome, String username, String detail) {

  /**
   * Returns the invocation's log line: outcome, status, username, elapsed time (in milliseconds,
   * one decimal) and any detail.
   *
   * @param elapsedNanos the invocation's duration from {@link System#nanoTime()}
   */
  public String logLine(long elapsedNanos) {
    StringBuilder line =
        new StringBuilder(128)
            .append("checkAndRegisterUser outcome=")
            .append(outcome)
            .append(" status=")
            .append(status)
            .append(" username=")
            .append(username == null ? "-" : quote(username))
            .append(" elapsedMs=");
    appendMillis(line, elapsedNanos);
    if (detail != null) {
      line.append(" detail=").append(quote(detail));
    }
    return line.toString();
  }

  /**
   * Appends {@code nanos} as milliseconds with one decimal, rounded half up: what {@code
   * String.format(Locale.ROOT, "%.1f", nanos / 1e6)} prints, without java.util.Formatter, which
   * matches a regex and loads locale data on every call (and takes ~30 ms the first time in a JVM).
   */
  static void appendMillis(StringBuilder out, long nanos) {
    long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
    out.append(tenths / 10).append('.').append((char) ('0' + tenths % 10));
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
