// The Management API stand-in is a seam the function is built against: its routes are tested here.
import test from 'node:test';
import assert from 'node:assert/strict';
import { startManagementApi } from './management-api.js';

const USERS = {
  bob: {
    user_id: 'twitter|2002',
    nickname: 'bob_tw',
    name: 'Bob',
    twitter: { user_id: '2002', screen_name: 'bob_tw', access_token: 'bob-at-1', access_token_secret: 'bob-secret-1' },
  },
};

async function standIn(t) {
  const api = await startManagementApi({ port: 0, clientId: 'm2m', clientSecret: 'm2m-secret', users: USERS, expiresIn: 600 });
  t.after(api.close);
  return api;
}

async function baseOf(api) {
  return api.url;
}

async function token(base, overrides = {}) {
  return fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      grant_type: 'client_credentials',
      client_id: 'm2m',
      client_secret: 'm2m-secret',
      audience: `${base}/api/v2/`,
      ...overrides,
    }),
  });
}

test('clientCredentials_answerABearerTokenWithItsLifetime', async (t) => {
  const base = await baseOf(await standIn(t));

  const response = await token(base);

  assert.equal(response.status, 200);
  const body = await response.json();
  assert.match(body.access_token, /^mgmt-[0-9a-f]{32}$/);
  assert.equal(body.expires_in, 600);
  assert.equal(body.token_type, 'Bearer');
  assert.equal(body.scope, 'read:users read:user_idp_tokens');
});

test('formEncodedClientCredentials_areAcceptedToo', async (t) => {
  const base = await baseOf(await standIn(t));

  const response = await fetch(`${base}/oauth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'm2m',
      client_secret: 'm2m-secret',
      audience: `${base}/api/v2/`,
    }),
  });

  assert.equal(response.status, 200);
});

test('wrongClientSecret_answers401AccessDenied', async (t) => {
  const base = await baseOf(await standIn(t));

  const response = await token(base, { client_secret: 'wrong' });

  assert.equal(response.status, 401);
  assert.deepEqual(await response.json(), { error: 'access_denied', error_description: 'Unauthorized' });
});

test('wrongAudience_answers403', async (t) => {
  const base = await baseOf(await standIn(t));

  const response = await token(base, { audience: 'https://elsewhere/api/v2/' });

  assert.equal(response.status, 403);
});

test('userLookupWithTheToken_answersTheTwitterIdentityWithItsTokens', async (t) => {
  const api = await standIn(t);
  const base = await baseOf(api);
  const { access_token: bearer } = await (await token(base)).json();

  const response = await fetch(`${base}/api/v2/users/twitter%7C2002`, { headers: { Authorization: `Bearer ${bearer}` } });

  assert.equal(response.status, 200);
  const user = await response.json();
  assert.equal(user.user_id, 'twitter|2002');
  assert.deepEqual(user.identities, [
    {
      provider: 'twitter',
      connection: 'twitter',
      user_id: '2002',
      isSocial: true,
      access_token: 'bob-at-1',
      access_token_secret: 'bob-secret-1',
    },
  ]);
  assert.deepEqual(
    api.requests.map((r) => `${r.method} ${r.path}`),
    ['POST /oauth/token', 'GET /api/v2/users/twitter%7C2002'],
  );
});

test('userLookupWithoutAnIssuedToken_answers401', async (t) => {
  const base = await baseOf(await standIn(t));

  const response = await fetch(`${base}/api/v2/users/twitter%7C2002`, { headers: { Authorization: 'Bearer made-up' } });

  assert.equal(response.status, 401);
});

test('unknownUser_answers404InexistentUser', async (t) => {
  const base = await baseOf(await standIn(t));
  const { access_token: bearer } = await (await token(base)).json();

  const response = await fetch(`${base}/api/v2/users/twitter%7C9`, { headers: { Authorization: `Bearer ${bearer}` } });

  assert.equal(response.status, 404);
  assert.equal((await response.json()).errorCode, 'inexistent_user');
});

test('testRouteChangingTokens_changesWhatTheNextLookupAnswers', async (t) => {
  const base = await baseOf(await standIn(t));
  const { access_token: bearer } = await (await token(base)).json();

  const change = await fetch(`${base}/test/users/twitter%7C2002/twitter-tokens`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ access_token: 'bob-at-2', access_token_secret: 'bob-secret-2' }),
  });
  const user = await (await fetch(`${base}/api/v2/users/twitter%7C2002`, { headers: { Authorization: `Bearer ${bearer}` } })).json();

  assert.equal(change.status, 200);
  assert.equal(user.identities[0].access_token, 'bob-at-2');
  assert.equal(user.identities[0].access_token_secret, 'bob-secret-2');
});
