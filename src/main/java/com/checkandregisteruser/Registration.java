package com.checkandregisteruser;

/**
 * What a registration did: the outcome for the log and the {@code affected_rows} for Hasura.
 *
 * @param note what the log line adds, as a warning: why this login's tokens were not stored
 *     although it succeeded (the token source failed for a registered user, or no account row could
 *     be updated); null when it did all it had to. Like a failure's detail it names no secret of
 *     its own, and is masked before it is logged.
 */
public record Registration(Outcome outcome, int affectedRows, String note) {

  /** A registration that did all it had to. */
  public Registration(Outcome outcome, int affectedRows) {
    this(outcome, affectedRows, null);
  }

  /** What this login found and wrote. */
  public enum Outcome {
    /** This call inserted the user, the account and the link row. */
    CREATED("created"),
    /** The user was there with this login's tokens under the current key; nothing was written. */
    EXISTING("existing"),
    /**
     * The user was there and this call rewrote the stored tokens: they were new, under an old key
     * id, or did not decrypt; or a simultaneous first login registered the user with tokens other
     * than this login's.
     */
    TOKENS_UPDATED("tokens-updated"),
    /**
     * The user was there, but the token source was rate-limited (it answered so, or still asks to
     * wait since its last refusal): the stored tokens were neither compared nor rewritten.
     */
    EXISTING_NOT_REFRESHED("existing-not-refreshed-rate-limited"),
    /**
     * The user was there, but the token source could not be reached or did not answer in time: the
     * stored tokens were neither compared nor rewritten, and the next login tries again.
     */
    EXISTING_NOT_REFRESHED_UNAVAILABLE("existing-not-refreshed-unavailable"),
    /**
     * A simultaneous first login inserted the user between our check and our insert, with this
     * login's tokens (or with an account row this login may not update).
     */
    REGISTERED_CONCURRENTLY("registered-concurrently");

    private final String label;

    Outcome(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
