package com.checkandregisteruser;

/**
 * The part of Hasura's action payload this function uses: the logged-in user and, when the tokens
 * come in the session variables, their social tokens.
 *
 * <p>Hasura posts {@code
 * {"action":{...},"input":{},"session_variables":{...},"request_query":"..."}}. Only {@code
 * session_variables} matters here; {@link ActionRequestParser} reads it.
 *
 * @param username {@code x-hasura-user-id}; when the tokens come from Auth0, the user's Auth0 user
 *     id
 * @param accessToken {@code x-hasura-access-token}, or null when the tokens come from Auth0
 * @param accessTokenSecret {@code x-hasura-access-token-secret}, or null when the tokens come from
 *     Auth0
 */
public record ActionRequest(String username, String accessToken, String accessTokenSecret) {

  /** A request whose tokens are Auth0's to give, for the user whose Auth0 user id is {@code id}. */
  public static ActionRequest forAuth0User(String id) {
    return new ActionRequest(id, null, null);
  }

  @Override
  public String toString() {
    // Never print the tokens: records print every component by default.
    return "ActionRequest[username="
        + username
        + ", accessToken=<redacted>, accessTokenSecret=<redacted>]";
  }
}
