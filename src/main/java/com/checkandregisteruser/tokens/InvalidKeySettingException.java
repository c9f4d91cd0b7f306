package com.checkandregisteruser.tokens;

/**
 * A key setting is missing or invalid; the message names the setting and never contains its value.
 */
public final class InvalidKeySettingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String setting;
  private final String problem;

  InvalidKeySettingException(String setting, String problem) {
    super(setting + " " + problem, null, false, false);
    this.setting = setting;
    this.problem = problem;
  }

  public String setting() {
    return setting;
  }

  public String problem() {
    return problem;
  }
}
