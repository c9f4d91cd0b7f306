/**
 * Auth0 post-login Action: puts the Hasura claims on the access token, and nothing secret.
 *
 * Hasura reads `x-hasura-*` claims under the namespace below as session variables, and its http-log
 * writes session variables to its logs; the access token is also readable by the browser's app. So
 * the user's social (Twitter) tokens never go here: the function fetches them from Auth0's
 * Management API with the Auth0 user id carried in `x-hasura-auth0-user-id`.
 * (Actions could not read them anyway: `event.user.identities` carries no upstream IdP token.)
 *
 * x-hasura-user-id is the username, as in the original tutorial (the Twitter screen name):
 *   1. event.user.username  - set for database connections that require a username;
 *   2. event.user.nickname  - for the Twitter connection Auth0 fills it with the screen name;
 *   3. event.user.user_id   - the only value Auth0 always has (e.g. "twitter|123"): a user without
 *      a username or nickname still registers, under a name that is unique and never changes.
 * The first one that is a non-blank string wins (trimmed). A nickname can change when the user
 * renames the Twitter account; x-hasura-auth0-user-id does not, which is why it travels too.
 */
const NAMESPACE = 'https://hasura.io/jwt/claims';

function firstNonBlank(...values) {
  for (const value of values) {
    if (typeof value === 'string' && value.trim() !== '') {
      return value.trim();
    }
  }
  return undefined;
}

/** The claims object for one user; exported so that local stand-ins for Auth0 reuse it. */
function hasuraClaims(user) {
  if (!user || typeof user.user_id !== 'string' || user.user_id.trim() === '') {
    throw new Error('the Auth0 user has no user_id');
  }
  return {
    'x-hasura-allowed-roles': ['user'],
    'x-hasura-default-role': 'user',
    'x-hasura-user-id': firstNonBlank(user.username, user.nickname, user.user_id),
    'x-hasura-auth0-user-id': user.user_id,
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
