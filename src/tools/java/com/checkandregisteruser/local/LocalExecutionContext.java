package com.checkandregisteruser.local;

import com.microsoft.azure.functions.ExecutionContext;
import java.io.PrintStream;
import java.time.Instant;
import java.util.UUID;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * One invocation's context: a fresh invocation id and a logger that prints each record as one line
 * with the time, level and invocation id, as Core Tools shows the worker's log.
 */
public final class LocalExecutionContext implements ExecutionContext {
  private final String invocationId;
  private final String functionName;
  private final Logger logger;

  /** Creates the context of a new invocation, with a random invocation id. */
  public static LocalExecutionContext newInvocation(String functionName, PrintStream out) {
    return new LocalExecutionContext(UUID.randomUUID().toString(), functionName, out);
  }

  LocalExecutionContext(String invocationId, String functionName, PrintStream out) {
    this.invocationId = invocationId;
    this.functionName = functionName;
    this.logger = new InvocationLogger(new LineHandler(out, invocationId, functionName));
  }

  @Override
  public Logger getLogger() {
    return logger;
  }

  @Override
  public String getInvocationId() {
    return invocationId;
  }

  @Override
  public String getFunctionName() {
    return functionName;
  }

  /**
   * A logger of its own rather than {@code Logger.getAnonymousLogger()}: it has no parent, so a JUL
   * configuration elsewhere in the JVM (Maven's, a test's) can neither silence nor duplicate its
   * lines.
   */
  private static final class InvocationLogger extends Logger {
    InvocationLogger(Handler handler) {
      super(null, null);
      setUseParentHandlers(false);
      setLevel(Level.INFO); // host.json: "logLevel": {"default": "Information"}
      addHandler(handler);
    }
  }

  private static final class LineHandler extends Handler {
    private final PrintStream out;
    private final String invocationId;
    private final String functionName;
    private final Formatter messages =
        new Formatter() {
          @Override
          public String format(LogRecord record) {
            return formatMessage(record);
          }
        };

    LineHandler(PrintStream out, String invocationId, String functionName) {
      this.out = out;
      this.invocationId = invocationId;
      this.functionName = functionName;
    }

    @Override
    public void publish(LogRecord record) {
      StringBuilder line =
          new StringBuilder(160)
              .append('[')
              .append(Instant.ofEpochMilli(record.getMillis()))
              .append("] ")
              .append(record.getLevel().getName())
              .append(" ")
              .append(functionName)
              .append(" invocationId=")
              .append(invocationId)
              .append(": ")
              .append(messages.format(record));
      Throwable thrown = record.getThrown();
      if (thrown != null) {
        // The type and where it came from, not the message: an exception's text may quote a secret.
        line.append(" [").append(thrown.getClass().getName());
        StackTraceElement[] frames = thrown.getStackTrace();
        if (frames.length > 0) {
          line.append(" at ").append(frames[0]);
        }
        line.append(']');
      }
      out.println(
          line); // one println per record, so concurrent invocations never interleave within a line
    }

    @Override
    public void flush() {
      out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
