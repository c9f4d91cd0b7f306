// Run with: npm test (node --test lib/).
import test from 'node:test';
import assert from 'node:assert/strict';
import { returnUrl } from './return-url.js';

const BASE = 'http://localhost:3000';

test('aPathOfTheApp_isFollowedWithItsQueryAndFragment', () => {
  assert.equal(returnUrl('/profile?tab=2#top', BASE).href, 'http://localhost:3000/profile?tab=2#top');
});

test('noReturnTo_goesHome', () => {
  assert.equal(returnUrl(undefined, BASE).href, 'http://localhost:3000/');
  assert.equal(returnUrl('', BASE).href, 'http://localhost:3000/');
});

test('aPathThatNamesAnotherHost_goesHome', () => {
  // What the SDK keeps of returnTo=/.//evil.example, and its backslash twins (URL reads \ as / for http).
  for (const returnTo of ['//evil.example', '//evil.example/x', '/\\evil.example', '///evil.example']) {
    assert.equal(returnUrl(returnTo, BASE).href, 'http://localhost:3000/', returnTo);
  }
});

test('anythingButAPath_goesHome', () => {
  for (const returnTo of ['https://evil.example/', 'javascript:alert(1)', 'profile']) {
    assert.equal(returnUrl(returnTo, BASE).href, 'http://localhost:3000/', returnTo);
  }
});
