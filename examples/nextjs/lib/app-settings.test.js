import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settingsProblem } from './app-settings.js';

test('an audience is enough: no problem', () => {
  assert.equal(settingsProblem({ AUTH0_AUDIENCE: 'https://hasura.example.com/' }), null);
});

for (const [name, env] of [
  ['unset', {}],
  ['empty', { AUTH0_AUDIENCE: '' }],
  ['blank', { AUTH0_AUDIENCE: '  ' }],
]) {
  test(`AUTH0_AUDIENCE ${name}: named, with where to find its value`, () => {
    assert.equal(
      settingsProblem(env),
      'AUTH0_AUDIENCE is not set: give it the Identifier of the Auth0 API whose tokens Hasura accepts (auth0/SETUP.md, step 1)',
    );
  });
}
