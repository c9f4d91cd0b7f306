// Run with: node --test auth0/actions/
const test = require('node:test');
const assert = require('node:assert/strict');
const { onExecutePostLogin } = require('./post-login.js');

/** A fake of Auth0's PostLoginAPI that records every call, on every token. */
function recordingApi() {
  const calls = [];
  const record = (target) => (name, value) => calls.push({ target, name, value });
  const api = {
    accessToken: { setCustomClaim: record('accessToken') },
    idToken: { setCustomClaim: record('idToken') },
    user: {
      setAppMetadata: record('user.app_metadata'),
      setUserMetadata: record('user.user_metadata'),
    },
    access: { deny: record('access.deny') },
  };
  return { api, calls };
}

/** A Twitter user as Auth0 has it, with upstream tokens where a careless Action might find them. */
function twitterUser(overrides = {}) {
  return {
    user_id: 'twitter|1001',
    nickname: 'alice_tw',
    name: 'Alice',
    identities: [
      {
        provider: 'twitter',
        connection: 'twitter',
        user_id: '1001',
        isSocial: true,
        access_token: 'SECRET-twitter-access-token',
        access_token_secret: 'SECRET-twitter-token-secret',
        profileData: { screen_name: 'alice_tw' },
      },
    ],
    app_metadata: { access_token: 'SECRET-app-metadata-token' },
    user_metadata: {},
    ...overrides,
  };
}

test('twitterUser_getsExactlyTheHasuraClaimsOnTheAccessToken', async () => {
  const { api, calls } = recordingApi();

  await onExecutePostLogin({ user: twitterUser() }, api);

  assert.deepEqual(calls, [
    {
      target: 'accessToken',
      name: 'https://hasura.io/jwt/claims',
      value: {
        'x-hasura-allowed-roles': ['user'],
        'x-hasura-default-role': 'user',
        'x-hasura-user-id': 'twitter|1001',
      },
    },
  ]);
});

test('identityTokensAndSecrets_neverAppearInAnyClaim', async () => {
  const { api, calls } = recordingApi();

  await onExecutePostLogin({ user: twitterUser() }, api);

  const everythingSet = JSON.stringify(calls);
  assert.doesNotMatch(everythingSet, /SECRET-/);
  assert.doesNotMatch(everythingSet, /access_token|token_secret|x-hasura-access-token/);
});

test('usernameAndNickname_neverBecomeTheHasuraUserId', async () => {
  const { api, calls } = recordingApi();

  await onExecutePostLogin({ user: twitterUser({ username: 'alice', nickname: 'Ally' }) }, api);

  assert.equal(calls[0].value['x-hasura-user-id'], 'twitter|1001');
});

test('twoPeopleWithTheSameNickname_getDifferentHasuraUserIds', async () => {
  // Given two Google users whose e-mail local parts, and so Auth0 nicknames, are both "john"
  const john = (userId) => ({ user_id: userId, nickname: 'john', name: 'John', identities: [] });
  const first = recordingApi();
  const second = recordingApi();

  // When each logs in
  await onExecutePostLogin({ user: john('google-oauth2|111') }, first.api);
  await onExecutePostLogin({ user: john('google-oauth2|222') }, second.api);

  // Then neither gets the other's Hasura identity
  assert.equal(first.calls[0].value['x-hasura-user-id'], 'google-oauth2|111');
  assert.equal(second.calls[0].value['x-hasura-user-id'], 'google-oauth2|222');
});

test('userWithoutUserId_failsTheLoginInsteadOfIssuingAnUnusableToken', async () => {
  const { api, calls } = recordingApi();

  await assert.rejects(
    onExecutePostLogin({ user: twitterUser({ user_id: undefined }) }, api),
    { message: 'the Auth0 user has no user_id' },
  );
  assert.deepEqual(calls, []);
});
