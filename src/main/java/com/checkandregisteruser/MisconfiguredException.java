package com.checkandregisteruser;

/** A setting is missing or invalid; the message names the setting and never contains its value. */
public final class MisconfiguredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  public MisconfiguredException(String setting, String problem) {
    super(setting + " " + problem, null, false, false);
    this.setting = setting;
  }

  public String setting() {
    return setting;
  }
}
