package com.checkandregisteruser;

/** What a registration did: the outcome for the log and the {@code affected_rows} for Hasura. */
public record Registration(Outcome outcome, int affectedRows) {

  /** How the user came to exist. */
  public enum Outcome {
    /** This call inserted the user, the account and the link row. */
    CREATED("created"),
    /** The user was already there; nothing was written. */
    EXISTING("existing"),
    /** A simultaneous first login inserted the user between our check and our insert. */
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
