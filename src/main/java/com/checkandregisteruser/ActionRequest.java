package com.checkandregisteruser;

/**
 * The part of Hasura's action payload this function uses: the logged-in user and their social
 * tokens.
 *
 * <p>Hasura posts {@code
 * {"action":{...},"input":{},"session_variables":{...},"request_query":"..."}}. Only {@code
 * session_variables} matters here; {@link ActionRequestParser} reads it.
 */
public record ActionRequest(String username, String accessToken, String accessTokenSecret) {

  @Override
  public String toString() {
    // Never print the tokens: records print every component by default.
    return "ActionRequest[username="
        + username
        + ", accessToken=<redacted>, accessTokenSecret=<redacted>]";
  }
}
