// Run with: npm test (node --test lib/).
import test from 'node:test';
import assert from 'node:assert/strict';
import { decodeOutcome, encodeOutcome } from './registration-cookie.js';

test('aLoginFailure_keepsItsStageThroughTheCookie', () => {
  const outcome = { ok: false, stage: 'login', code: 'invalid_state', message: 'The state is invalid.', attempts: 0 };

  assert.deepEqual(decodeOutcome(encodeOutcome(outcome)), outcome);
});

test('aRegistrationFailure_hasNoStage_andASuccessKeepsOnlyItsCount', () => {
  const failed = { ok: false, code: 'unexpected', message: 'internal error', attempts: 4, retryable: true, status: 200 };
  const registered = { ok: true, affectedRows: 3, attempts: 1, status: 200 };

  assert.deepEqual(decodeOutcome(encodeOutcome(failed)), { ok: false, code: 'unexpected', message: 'internal error', attempts: 4 });
  assert.deepEqual(decodeOutcome(encodeOutcome(registered)), { ok: true, affectedRows: 3, attempts: 1 });
});
