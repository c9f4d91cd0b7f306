package com.checkandregisteruser;

import com.microsoft.azure.functions.ExecutionContext;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** An ExecutionContext whose logger keeps every record, so tests can read what was logged. */
final class CapturingContext implements ExecutionContext {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getAnonymousLogger();

  CapturingContext() {
    logger.setUseParentHandlers(false);
    logger.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
  }

  @Override
  public Logger getLogger() {
    return logger;
  }

  @Override
  public String getInvocationId() {
    return "test-invocation";
  }

  @Override
  public String getFunctionName() {
    return "action_checkAndRegisterUser";
  }

  List<LogRecord> records() {
    return records;
  }

  /** Every logged message, one string each. */
  List<String> messages() {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  /** The one line each invocation logs about its outcome. */
  String invocationLine() {
    List<String> lines =
        messages().stream().filter(m -> m.startsWith("checkAndRegisterUser outcome=")).toList();
    if (lines.size() != 1) {
      throw new AssertionError("expected exactly one invocation line, got " + lines);
    }
    return lines.get(0);
  }
}
