package com.checkandregisteruser.e2e;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The local function host's log kept in memory, so a failed assertion can quote what the function
 * logged for the calls that did not answer 200: the sandbox hides the function's own error from
 * non-admin callers, and this log is the only place it shows.
 */
final class HostLog {
  private static final Pattern EXECUTED =
      Pattern.compile("Executed '[^']*' \\((\\w+), Id=([^,]+), Status=(\\d+),");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  // PrintStream locks per println, and the host prints each record with one println.
  private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  /** Where the host prints. */
  PrintStream stream() {
    return stream;
  }

  /** Forgets what was logged so far (each test reads only its own calls). */
  void clear() {
    synchronized (stream) {
      bytes.reset();
    }
  }

  List<String> lines() {
    String text;
    synchronized (stream) {
      text = bytes.toString(StandardCharsets.UTF_8);
    }
    return text.lines().toList();
  }

  /**
   * Every line of the invocations that failed or answered anything but 200, as one text for an
   * assertion message; "(no failed invocation logged)" when there was none.
   */
  String ofFailedInvocations() {
    List<String> lines = lines();
    Set<String> failed = new LinkedHashSet<>();
    for (String line : lines) {
      Matcher executed = EXECUTED.matcher(line);
      if (executed.find()
          && (!executed.group(1).equals("Succeeded") || !executed.group(3).equals("200"))) {
        failed.add(executed.group(2));
      }
    }
    if (failed.isEmpty()) {
      return "(no failed invocation logged)";
    }
    return lines.stream()
        .filter(line -> failed.stream().anyMatch(id -> line.contains(id)))
        .collect(Collectors.joining("\n", "function log of the failed invocations:\n", ""));
  }
}
