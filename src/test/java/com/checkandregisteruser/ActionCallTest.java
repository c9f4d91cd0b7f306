package com.checkandregisteruser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  @Test
  void blankAuthorization_isMissingAuthorization() {
    Failure failure = refused(callWith("   "));

    assertEquals(Failure.Kind.MISSING_AUTHORIZATION, failure.kind());
  }

  /** OkHttp would refuse such a header, so it is the caller's fault (401), not ours (500). */
  @ParameterizedTest
  @ValueSource(strings = {"Bearer a\nb", "Bearer a\rb", "Bearer a\u007f", "Bearer \u00e9"})
  void authorizationNoHeaderMayCarry_isUnauthorized(String authorization) {
    Failure failure = refused(callWith(authorization));

    assertEquals(Failure.Kind.UNAUTHORIZED, failure.kind());
    assertEquals(
        "the Authorization header holds characters that cannot be forwarded", failure.message());
  }

  @Test
  void authorizationWithATab_isForwardedAsItIs() throws FailureException {
    assertEquals("Bearer\tx", callWith("Bearer\tx").forwardableAuthorization());
  }

  private static ActionCall callWith(String authorization) {
    return ActionCall.of(
        ActionCalls.headers(authorization), Optional.of(ActionCalls.payload("alice")));
  }

  private static Failure refused(ActionCall call) {
    return assertThrows(FailureException.class, call::forwardableAuthorization).failure();
  }
}
