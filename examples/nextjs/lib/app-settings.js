/**
 * What is wrong with the app's own settings for this login (the SDK checks its own), for the home
 * page, or null.
 *
 * Without AUTH0_AUDIENCE the SDK asks Auth0 for no API. A tenant with a Default Audience (Tenant
 * Settings, API Authorization Settings) still issues a JWT for that API, which is fine. A tenant
 * without one issues a token for Auth0's own /userinfo, which is not a JWS (opaque, or a five-part
 * JWE) and which Hasura refuses: every registration would fail as invalid-jwt and end the session with
 * "log in again", which cannot help. So then the callback reports the setting instead of registering.
 */
export function settingsProblem(env, accessToken) {
  const audience = env.AUTH0_AUDIENCE;
  const audienceSet = typeof audience === 'string' && audience.trim() !== '';
  if (!audienceSet && !isSignedJwt(accessToken)) {
    return 'AUTH0_AUDIENCE is not set and the tenant has no Default Audience, so Auth0 issued a token only for its /userinfo: give AUTH0_AUDIENCE the Identifier of the Auth0 API whose tokens Hasura accepts (auth0/SETUP.md, step 1)';
  }
  return null;
}

// Three non-empty base64url parts, as every JWS in compact form; its signature is Hasura's to check.
function isSignedJwt(token) {
  return typeof token === 'string' && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token);
}
