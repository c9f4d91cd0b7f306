package com.checkandregisteruser;

/**
 * The part of Hasura's action payload this function uses: the logged-in user and, depending on
 * where the tokens come from, their social tokens or their Auth0 user id.
 *
 * <p>Hasura posts {@code
 * {"action":{...},"input":{},"session_variables":{...},"request_query":"..."}}. Only {@code
 * session_variables} matters here; {@link ActionRequestParser} reads it.
 *
 * @param username {@code x-hasura-user-id}
 * @param accessToken {@code x-hasura-access-token}, or null when the tokens come from Auth0
 * @param accessTokenSecret {@code x-hasura-access-token-secret}, or null when the tokens come from
 *     Auth0
 * @param auth0UserId {@code x-hasura-auth0-user-id}, or null when the tokens come from the session
 *     variables
 */
public record ActionRequest(
    String username, String accessToken, String accessTokenSecret, String auth0UserId) {

  /** A request whose tokens came in the session variables. */
  public ActionRequest(String username, String accessToken, String accessTokenSecret) {
    this(username, accessToken, accessTokenSecret, null);
  }

  /** A request whose tokens are Auth0's to give, for the user {@code auth0UserId}. */
  public static ActionRequest forAuth0User(String username, String auth0UserId) {
    return new ActionRequest(username, null, null, auth0UserId);
  }

  @Override
  public String toString() {
    // Never print the tokens: records print every component by default.
    return "ActionRequest[username="
        + username
        + ", accessToken=<redacted>, accessTokenSecret=<redacted>, auth0UserId="
        + auth0UserId
        + "]";
  }
}
