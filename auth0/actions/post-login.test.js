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
        'x-hasura-user-id': 'alice_tw',
        'x-hasura-auth0-user-id': 'twitter|1001',
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

test('usernameWhenPresent_winsOverNickname', async () => {
  const { api, calls } = recordingApi();

  await onExecutePostLogin({ user: twitterUser({ username: 'alice', nickname: 'Ally' }) }, api);

  assert.equal(calls[0].value['x-hasura-user-id'], 'alice');
  assert.equal(calls[0].value['x-hasura-auth0-user-id'], 'twitter|1001');
});

test('blankUsernameAndNickname_fallBackToTheAuth0UserId', async () => {
  const { api, calls } = recordingApi();

  await onExecutePostLogin({ user: twitterUser({ username: '  ', nickname: '' }) }, api);

  assert.equal(calls[0].value['x-hasura-user-id'], 'twitter|1001');
});

test('nicknameWithSurroundingSpaces_isTrimmed', async () => {
  const { api, calls } = recordingApi();

  await onExecutePostLogin({ user: twitterUser({ nickname: '  alice_tw ' }) }, api);

  assert.equal(calls[0].value['x-hasura-user-id'], 'alice_tw');
});

test('nonStringUsername_isIgnored', async () => {
  const { api, calls } = recordingApi();

  await onExecutePostLogin({ user: twitterUser({ username: 42 }) }, api);

  assert.equal(calls[0].value['x-hasura-user-id'], 'alice_tw');
});

test('userWithoutUserId_failsTheLoginInsteadOfIssuingAnUnusableToken', async () => {
  const { api, calls } = recordingApi();

  await assert.rejects(
    onExecutePostLogin({ user: twitterUser({ user_id: undefined }) }, api),
    { message: 'the Auth0 user has no user_id' },
  );
  assert.deepEqual(calls, []);
});
