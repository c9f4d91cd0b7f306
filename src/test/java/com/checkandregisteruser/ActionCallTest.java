package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ActionCallTest {

  @Test
  void printed_showsNoneOfWhatTheCallBrought() {
    ActionCall call =
        ActionCall.of(
            Map.of("x-action-secret", "s3cret-value", "authorization", "Bearer h.p.s"),
            Optional.of(ActionCalls.payload("alice", "tok-alice", "sec-alice")));

    assertEquals(
        "ActionCall[actionSecret=<redacted>, authorization=<redacted>, body=<redacted>]",
        call.toString());
  }
}
