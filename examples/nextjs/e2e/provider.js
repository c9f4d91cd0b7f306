// A local OpenID provider standing in for Auth0: oidc-provider with its own login and consent forms,
// issuing RS256 JWT access tokens (typ at+jwt) for one API audience, keys at its own JWKS URL. The
// Hasura claims come from auth0/actions/post-login.js itself, run with a fake `api`, so the claims
// tested here are the ones the real Action sets.
import { createRequire } from 'node:module';
import http from 'node:http';
import { generateKeyPair, exportJWK } from 'jose';
import Provider, { errors } from 'oidc-provider';

const require = createRequire(import.meta.url);
const action = require('../../../auth0/actions/post-login.js');

/** Runs the real Action for one user and answers the claims it set on the access token. */
export async function actionClaims(user) {
  const claims = {};
  const api = {
    accessToken: { setCustomClaim: (name, value) => void (claims[name] = value) },
    idToken: { setCustomClaim: () => {} },
    access: {
      deny: (reason) => {
        throw new Error(`the Action denied the login: ${reason}`);
      },
    },
  };
  await action.onExecutePostLogin({ user: { user_id: user.user_id, nickname: user.nickname, name: user.name } }, api);
  return claims;
}

/**
 * A login that asks for no audience gets what Auth0 gives it: a JWT for the tenant's Default Audience
 * when one is set (setDefaultAudience), else, as in a new tenant, a token for /userinfo only that is
 * not a JWT (here opaque; Auth0's is a JWE).
 *
 * @param {{port: number, audience: string, client: {id: string, secret: string, appBaseUrl: string}, users: object}} options
 * @returns {Promise<{issuer: string, jwksUrl: string, setDefaultAudience: (audience?: string) => void, close: () => Promise<void>}>}
 */
export async function startProvider({ port, audience, client, users }) {
  let defaultAudience;
  // Auth0's issuer is "https://TENANT/" with the trailing slash; this one has it too.
  const issuer = `http://localhost:${port}/`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'e2e-rs256', alg: 'RS256', use: 'sig' };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.id,
        client_secret: client.secret,
        redirect_uris: [`${client.appBaseUrl}/auth/callback`],
        post_logout_redirect_uris: [client.appBaseUrl, `${client.appBaseUrl}/`],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [signingKey] },
    // Where Auth0 publishes its keys, so the Hasura JWT config has the same shape as in production.
    routes: { jwks: '/.well-known/jwks.json' },
    // Short, explicit lifetimes (oidc-provider nags about its defaults); a test run lasts minutes.
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 3600, IdToken: 3600 },
    cookies: { keys: ['e2e-only-cookie-key-not-a-secret'] },
    // Profile claims go into the ID token, as Auth0 does, so the app's session knows the nickname.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name', 'nickname'] },
    extraParams: ['audience'],
    async findAccount(ctx, id) {
      const user = users[id];
      if (!user) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, name: user.name, nickname: user.nickname }) };
    },
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        // Auth0 clients ask for an API with `audience`; oidc-provider speaks RFC 8707 `resource`.
        defaultResource: (ctx) => ctx.oidc.params?.audience ?? defaultAudience,
        useGrantedResource: () => true,
        getResourceServerInfo(ctx, resourceIndicator) {
          if (resourceIndicator !== audience) throw new errors.InvalidTarget();
          return {
            scope: 'openid profile',
            audience,
            accessTokenTTL: 3600,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    async extraTokenClaims(ctx, token) {
      if (token.kind !== 'AccessToken') return undefined;
      const user = users[token.accountId];
      return user ? actionClaims(user) : undefined;
    },
  });
  provider.proxy = false;

  const server = http.createServer(provider.callback());
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    issuer,
    jwksUrl: `${issuer}.well-known/jwks.json`,
    setDefaultAudience: (value) => {
      defaultAudience = value;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
