import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settingsProblem } from './app-settings.js';

// Shaped as Auth0's tokens are: a JWS for an API, and (without an audience) a JWE for /userinfo.
const JWS = 'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0d2l0dGVyfDEwMDEifQ.c2lnbmF0dXJl';
const JWE = 'eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..aXY.Y2lwaGVydGV4dA.dGFn';
const USERINFO_ONLY =
  'AUTH0_AUDIENCE is not set and the tenant has no Default Audience, so Auth0 issued a token only for its /userinfo: give AUTH0_AUDIENCE the Identifier of the Auth0 API whose tokens Hasura accepts (auth0/SETUP.md, step 1)';

test('an audience is enough: no problem, whatever the token', () => {
  assert.equal(settingsProblem({ AUTH0_AUDIENCE: 'https://hasura.example.com/' }, JWS), null);
  assert.equal(settingsProblem({ AUTH0_AUDIENCE: 'https://hasura.example.com/' }, JWE), null);
});

test('no audience, but a tenant Default Audience gave a JWT: no problem', () => {
  assert.equal(settingsProblem({}, JWS), null);
});

for (const [name, env] of [
  ['unset', {}],
  ['empty', { AUTH0_AUDIENCE: '' }],
  ['blank', { AUTH0_AUDIENCE: '  ' }],
]) {
  for (const [kind, token] of [
    ['a JWE for /userinfo', JWE],
    ['an opaque token', 'c2VjcmV0LW9wYXF1ZS10b2tlbg'],
    ['no token', undefined],
  ]) {
    test(`AUTH0_AUDIENCE ${name} and ${kind}: the setting is named, with where to find its value`, () => {
      assert.equal(settingsProblem(env, token), USERINFO_ONLY);
    });
  }
}
