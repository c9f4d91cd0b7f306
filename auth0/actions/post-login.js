/**
 * Auth0 post-login Action: puts the Hasura claims on the access token, and nothing secret.
 *
 * Hasura reads `x-hasura-*` claims under the namespace below as session variables, and its http-log
 * writes session variables to its logs; the access token is also readable by the browser's app. So
 * the user's social (Twitter) tokens never go here: the function fetches them from Auth0's
 * Management API for the Auth0 user id in `x-hasura-user-id`.
 * (Actions could not read them anyway: `event.user.identities` carries no upstream IdP token.)
 *
 * x-hasura-user-id, the username the function registers, is the Auth0 user id (e.g. "twitter|1001"):
 * the one value Auth0 guarantees unique across the tenant's connections and never changes. Hasura's
 * role "user" gives whoever carries an x-hasura-user-id every row of that user, tokens included, so
 * two people must never share one. The friendlier names do not qualify: a nickname is Google's
 * e-mail local part (john@gmail.com and john@outlook.com are both "john") and a Twitter screen name
 * can be renamed, released and claimed by someone else; a username is unique only within its own
 * database connection. The app shows a name from the ID token's profile claims instead.
 * It is also the id the function looks up in the Management API, and the only one: Hasura's
 * permissions tie x-hasura-user-id, and no other claim, to the rows the function may write, so a
 * second id claim could name another user's tokens. (Earlier versions sent x-hasura-auth0-user-id
 * beside it; the function refuses one that differs.)
 */
const NAMESPACE = 'https://hasura.io/jwt/claims';

/** The claims object for one user; exported so that local stand-ins for Auth0 reuse it. */
function hasuraClaims(user) {
  if (!user || typeof user.user_id !== 'string' || user.user_id.trim() === '') {
    throw new Error('the Auth0 user has no user_id');
  }
  return {
    'x-hasura-allowed-roles': ['user'],
    'x-hasura-default-role': 'user',
    'x-hasura-user-id': user.user_id,
  };
}

/**
 * Handler that will be called during the execution of a PostLogin flow.
 *
 * @param {Event} event - Details about the user and the context in which they are logging in.
 * @param {PostLoginAPI} api - Interface whose methods can be used to change the behavior of the login.
 */
exports.onExecutePostLogin = async (event, api) => {
  api.accessToken.setCustomClaim(NAMESPACE, hasuraClaims(event.user));
};

exports.NAMESPACE = NAMESPACE;
exports.hasuraClaims = hasuraClaims;
