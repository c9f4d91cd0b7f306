/**
 * What is wrong with the app's own settings (the SDK checks its own), for the home page, or null.
 *
 * Without AUTH0_AUDIENCE the SDK asks Auth0 for no API, and the access token it gets is not one
 * Hasura accepts: every registration would fail as invalid-jwt and end the session with "log in
 * again", which cannot help. So the callback reports the setting instead of registering.
 */
export function settingsProblem(env) {
  const audience = env.AUTH0_AUDIENCE;
  if (typeof audience !== 'string' || audience.trim() === '') {
    return 'AUTH0_AUDIENCE is not set: give it the Identifier of the Auth0 API whose tokens Hasura accepts (auth0/SETUP.md, step 1)';
  }
  return null;
}
