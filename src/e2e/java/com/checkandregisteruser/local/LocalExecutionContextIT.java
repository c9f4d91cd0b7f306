package com.checkandregisteruser.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The per-invocation context and the log lines its logger prints. */
class LocalExecutionContextIT {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void eachRecord_isOneLineWithLevelFunctionAndInvocationId() {
    LocalExecutionContext context = new LocalExecutionContext("inv-1", "fn", out);

    context.getLogger().warning("first");
    context.getLogger().log(Level.SEVERE, "second {0}", "arg");

    String[] lines = output().split(System.lineSeparator());
    assertEquals(2, lines.length, output());
    assertTrue(lines[0].matches("\\[\\S+Z] WARNING fn invocationId=inv-1: first"), lines[0]);
    assertTrue(lines[1].endsWith("SEVERE fn invocationId=inv-1: second arg"), lines[1]);
  }

  @Test
  void belowInfo_isNotPrinted_asHostJsonSetsInformation() {
    LocalExecutionContext context = new LocalExecutionContext("inv-1", "fn", out);

    context.getLogger().fine("detail");

    assertEquals("", output());
  }

  @Test
  void newInvocation_hasAFreshId() {
    LocalExecutionContext first = LocalExecutionContext.newInvocation("fn", out);
    LocalExecutionContext second = LocalExecutionContext.newInvocation("fn", out);

    assertNotEquals(first.getInvocationId(), second.getInvocationId());
    assertEquals("fn", first.getFunctionName());
  }
}
