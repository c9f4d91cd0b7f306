package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionResponseTest {

  /**
   * The elapsed time reads as it did with String.format("%.1f", nanos / 1e6), half-up ties
   * included.
   */
  @ParameterizedTest
  @ValueSource(
      longs = {
        0,
        1,
        49_999,
        50_000,
        99_999,
        100_000,
        149_999,
        150_000,
        950_000,
        999_999,
        1_000_000,
        1_050_000,
        1_149_999,
        1_150_000,
        9_950_000,
        12_345_678,
        123_456_789,
        8_000_000_000L,
        86_400_000_000_000L
      })
  void elapsedMillis_matchesStringFormat(long nanos) {
    assertEquals(String.format(Locale.ROOT, "%.1f", nanos / 1e6), millis(nanos));
  }

  @Test
  void elapsedMillis_matchesStringFormat_forRandomDurations() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 100_000; i++) {
      long nanos = i % 2 == 0 ? random.nextLong(10_000_000L) : random.nextLong(60_000_000_000L);
      assertEquals(
          String.format(Locale.ROOT, "%.1f", nanos / 1e6), millis(nanos), "nanos=" + nanos);
    }
  }

  @Test
  void logLine_namesOutcomeStatusUserAndElapsedMillis() {
    ActionResponse response =
        new ActionResponse(200, "{\"affected_rows\":0}", "existing", "alice", null);

    assertEquals(
        "checkAndRegisterUser outcome=existing status=200 username=\"alice\" elapsedMs=12.3",
        response.logLine(12_345_678));
    assertTrue(
        new ActionResponse(500, "{}", "misconfigured", null, "x")
            .logLine(0)
            .endsWith("username=- elapsedMs=0.0 detail=\"x\""));
  }

  @Test
  void logLine_escapesControlCharactersDelAndUnicodeLineSeparators_soAUsernameCannotForgeLines() {
    ActionResponse response =
        new ActionResponse(200, "{}", "existing", "a\u0001b\u007fc\u2028d\u2029e", null);

    assertEquals(
        "checkAndRegisterUser outcome=existing status=200"
            + " username=\"a\\u0001b\\u007fc\\u2028d\\u2029e\" elapsedMs=0.0",
        response.logLine(0));
  }

  private static String millis(long nanos) {
    StringBuilder out = new StringBuilder();
    ActionResponse.appendMillis(out, nanos);
    return out.toString();
  }
}
