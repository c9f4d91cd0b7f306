// Run with: npm test (node --test lib/). A real HTTP server plays Hasura; sleeps are recorded, not waited.
import test from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { registerUser, describeOutcome, signsOut } from './register-user.js';

/** Starts a Hasura stand-in that answers the queued [status, body] pairs in order and records requests. */
async function hasura(answers) {
  const requests = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      const [status, answer] = answers.shift() ?? [500, '{}'];
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/v1/graphql`;
  return { url, requests, close: () => new Promise((resolve) => server.close(resolve)) };
}

function recordingSleep() {
  const delays = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

test('newUser_answersThreeAfterOnePostWithTheBearerTokenAndTheMutation', async (t) => {
  const server = await hasura([[200, { data: { checkAndRegisterUser: { affected_rows: 3 } } }]]);
  t.after(server.close);

  const outcome = await registerUser('token-abc', { url: server.url });

  assert.deepEqual(outcome, { ok: true, affectedRows: 3, attempts: 1 });
  assert.equal(server.requests.length, 1);
  assert.equal(server.requests[0].method, 'POST');
  assert.equal(server.requests[0].url, '/v1/graphql');
  assert.equal(server.requests[0].authorization, 'Bearer token-abc');
  assert.deepEqual(JSON.parse(server.requests[0].body), {
    query: 'mutation { checkAndRegisterUser { affected_rows } }',
  });
});

test('http503ThenSuccess_retriesWithBackoffAndAnswersTheSuccess', async (t) => {
  const server = await hasura([
    [503, 'upstream down'],
    [502, ''],
    [200, { data: { checkAndRegisterUser: { affected_rows: 0 } } }],
  ]);
  t.after(server.close);
  const { delays, sleep } = recordingSleep();

  const outcome = await registerUser('t', { url: server.url, sleep, firstDelayMs: 100 });

  assert.deepEqual(outcome, { ok: true, affectedRows: 0, attempts: 3 });
  assert.deepEqual(delays, [100, 200]);
});

test('hasuraInternalError_isRetriedUntilTheAttemptsRunOut', async (t) => {
  const internal = [200, { errors: [{ message: 'internal error', extensions: { path: '$', code: 'unexpected' } }] }];
  const server = await hasura([internal, internal, internal]);
  t.after(server.close);
  const { delays, sleep } = recordingSleep();

  const outcome = await registerUser('t', { url: server.url, sleep, attempts: 3, firstDelayMs: 10 });

  assert.deepEqual(outcome, {
    ok: false,
    retryable: true,
    status: 200,
    code: 'unexpected',
    message: 'internal error',
    attempts: 3,
  });
  assert.deepEqual(delays, [10, 20]);
  assert.equal(server.requests.length, 3);
});

test('webhookException_isRetried', async (t) => {
  const server = await hasura([
    [200, { errors: [{ message: 'http exception when calling webhook', extensions: { path: '$', code: 'unexpected' } }] }],
    [200, { data: { checkAndRegisterUser: { affected_rows: 1 } } }],
  ]);
  t.after(server.close);

  const outcome = await registerUser('t', { url: server.url, sleep: recordingSleep().sleep });

  assert.deepEqual(outcome, { ok: true, affectedRows: 1, attempts: 2 });
});

/** Hasura refusing the token as `invalid-jwt` with `message`, as its JWT checks answer. */
function invalidJwt(message) {
  return [200, { errors: [{ message, extensions: { path: '$', code: 'invalid-jwt' } }] }];
}

test('aRefusalThatPassesByItself_isRetried_andThenLetsTheLoginGoOn', async (t) => {
  // Hasura's first second after a start or a JWK Set it could not fetch (NoUsableKeys), and a token
  // issued a moment ahead of Hasura's clock right after a login, without allowed_skew.
  for (const message of [
    'Could not verify JWT: JWSError NoUsableKeys',
    'Could not verify JWT: JWTIssuedAtFuture',
    'Could not verify JWT: JWTNotYetValid',
  ]) {
    const server = await hasura([invalidJwt(message), [200, { data: { checkAndRegisterUser: { affected_rows: 3 } } }]]);
    t.after(server.close);

    const outcome = await registerUser('t', { url: server.url, sleep: recordingSleep().sleep });

    assert.deepEqual(outcome, { ok: true, affectedRows: 3, attempts: 2 }, message);
  }
});

test('hasuraWithoutSigningKeysToTheEnd_keepsTheSession', async (t) => {
  const noKeys = invalidJwt('Could not verify JWT: JWSError NoUsableKeys');
  const server = await hasura([noKeys, noKeys]);
  t.after(server.close);

  const outcome = await registerUser('t', { url: server.url, sleep: recordingSleep().sleep, attempts: 2 });

  assert.equal(outcome.code, 'invalid-jwt');
  assert.equal(outcome.retryable, true);
  assert.equal(signsOut(outcome), false, 'a new login would meet the same Hasura');
  assert.equal(
    describeOutcome(outcome),
    'Registration failed after 2 attempts: Could not verify JWT: JWSError NoUsableKeys (invalid-jwt).',
  );
  // An expired token is the token's: the user logs in again.
  assert.equal(signsOut({ ok: false, code: 'invalid-jwt', message: 'Could not verify JWT: JWTExpired', attempts: 1 }), true);
});

test('functionFourHundred_isShownWithItsCodeAndNotRetried', async (t) => {
  const server = await hasura([
    [
      200,
      {
        errors: [
          {
            message: 'the Auth0 user twitter|1001 has no twitter identity, so there are no twitter tokens',
            extensions: { code: 'auth0-identity-missing' },
          },
        ],
      },
    ],
  ]);
  t.after(server.close);

  const outcome = await registerUser('t', { url: server.url, sleep: recordingSleep().sleep });

  assert.deepEqual(outcome, {
    ok: false,
    retryable: false,
    status: 200,
    code: 'auth0-identity-missing',
    message: 'the Auth0 user twitter|1001 has no twitter identity, so there are no twitter tokens',
    attempts: 1,
  });
  assert.equal(server.requests.length, 1);
});

test('invalidJwt_isNotRetried', async (t) => {
  const server = await hasura([invalidJwt('Could not verify JWT: JWTExpired')]);
  t.after(server.close);

  const outcome = await registerUser('t', { url: server.url });

  assert.equal(outcome.code, 'invalid-jwt');
  assert.equal(outcome.retryable, false);
  assert.equal(server.requests.length, 1);
});

test('httpFourHundred_isShownAndNotRetried', async (t) => {
  const server = await hasura([[404, 'not found']]);
  t.after(server.close);

  const outcome = await registerUser('t', { url: server.url });

  assert.deepEqual(outcome, {
    ok: false,
    retryable: false,
    status: 404,
    code: 'http-404',
    message: 'Hasura answered HTTP 404',
    attempts: 1,
  });
});

test('unreachableHasura_isRetriedThenReportedAsANetworkError', async () => {
  const server = await hasura([]);
  const url = server.url;
  await server.close();
  const { delays, sleep } = recordingSleep();

  const outcome = await registerUser('t', { url, sleep, attempts: 3, firstDelayMs: 5 });

  assert.deepEqual(outcome, {
    ok: false,
    retryable: true,
    code: 'network-error',
    message: 'could not reach Hasura (ECONNREFUSED)',
    attempts: 3,
  });
  assert.deepEqual(delays, [5, 10]);
});

test('answerWithoutAffectedRows_isABadResponseAndNotRetried', async (t) => {
  const server = await hasura([[200, { data: { checkAndRegisterUser: null } }]]);
  t.after(server.close);

  const outcome = await registerUser('t', { url: server.url });

  assert.equal(outcome.code, 'bad-response');
  assert.equal(outcome.retryable, false);
  assert.equal(server.requests.length, 1);
});

test('missingUrl_answersMisconfiguredWithoutAnyRequest', async () => {
  const outcome = await registerUser('t', { url: undefined });

  assert.deepEqual(outcome, {
    ok: false,
    retryable: false,
    code: 'misconfigured',
    message: 'HASURA_GRAPHQL_URL is not set',
    attempts: 0,
  });
});

test('describeOutcome_namesEachAnswer', () => {
  assert.equal(describeOutcome({ ok: true, affectedRows: 3 }), 'Registered: your account was created (affected_rows 3).');
  assert.equal(
    describeOutcome({ ok: true, affectedRows: 1 }),
    'Already registered: your Twitter tokens were updated (affected_rows 1).',
  );
  assert.equal(describeOutcome({ ok: true, affectedRows: 0 }), 'Already registered: nothing to change (affected_rows 0).');
  assert.equal(
    describeOutcome({ ok: false, code: 'unexpected', message: 'internal error', attempts: 4 }),
    'Registration failed after 4 attempts: internal error (unexpected).',
  );
  assert.equal(
    describeOutcome({ ok: false, stage: 'login', code: 'invalid_state', message: 'The state is invalid.', attempts: 0 }),
    'Login failed, so no registration ran: The state is invalid. (invalid_state).',
  );
});

test('aCountTheFunctionNeverAnswers_isABadResponseAndNotRetried', async (t) => {
  // The function answers 3 (created), 1 (tokens updated) or 0; anything else is not its answer.
  for (const affectedRows of [2, -1, 1.5]) {
    const server = await hasura([[200, { data: { checkAndRegisterUser: { affected_rows: affectedRows } } }]]);
    t.after(server.close);

    const outcome = await registerUser('t', { url: server.url, sleep: recordingSleep().sleep });

    assert.deepEqual(
      outcome,
      {
        ok: false,
        retryable: false,
        status: 200,
        code: 'bad-response',
        message: `Hasura answered affected_rows ${affectedRows}: the function answers only 3, 1 or 0`,
        attempts: 1,
      },
      String(affectedRows),
    );
  }
});

test('triesThatUseUpTheDeadline_stopRetrying', async () => {
  // Each try takes 12 s of a fake clock and answers 503; the deadline is 30 s.
  let clock = 0;
  const fetchImpl = async () => {
    clock += 12_000;
    return new Response('down', { status: 503 });
  };
  const sleep = async (ms) => void (clock += ms);

  const outcome = await registerUser('t', {
    url: 'http://hasura.invalid/v1/graphql',
    fetchImpl,
    sleep,
    now: () => clock,
    deadlineMs: 30_000,
  });

  // 0-12 s, 12.25-24.25 s, 24.75-36.75 s: no fourth try after the deadline
  assert.equal(outcome.attempts, 3);
  assert.equal(outcome.code, 'http-503');
});

test('aHasuraThatNeverAnswers_isGivenUpAtTheDeadline_notAtThePerTryTimeout', { timeout: 20_000 }, async (t) => {
  // A server that accepts the request and never answers: only the deadline can end the wait.
  const server = http.createServer(() => {});
  const sockets = new Set();
  server.on('connection', (socket) => {
    sockets.add(socket);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((resolve) => server.close(resolve));
  });

  const outcome = await registerUser('t', {
    url: `http://127.0.0.1:${server.address().port}/v1/graphql`,
    timeoutMs: 60_000,
    deadlineMs: 300,
    sleep: recordingSleep().sleep,
  });

  assert.deepEqual(outcome, {
    ok: false,
    retryable: true,
    code: 'network-error',
    message: 'could not reach Hasura (timed out)',
    attempts: 1,
  });
});

test('signsOut_forWhatOnlyANewOrDifferentLoginFixes', () => {
  for (const code of ['auth0-user-not-found', 'auth0-identity-missing', 'invalid-headers']) {
    assert.equal(signsOut({ ok: false, code, message: 'm', attempts: 1 }), true, code);
  }
  // Hasura's texts for a token that a new login replaces.
  for (const message of ['Could not verify JWT: JWTExpired', 'Could not verify JWT: JWSError JWSInvalidSignature']) {
    assert.equal(signsOut({ ok: false, code: 'invalid-jwt', message, attempts: 1 }), true, message);
  }
  // Server faults are retried or shown, and the login itself failing has no session to end.
  for (const code of ['unexpected', 'unauthorized', 'invalid-session-variables', 'network-error', 'bad-response']) {
    assert.equal(signsOut({ ok: false, code, message: 'm', attempts: 1 }), false, code);
  }
  assert.equal(signsOut({ ok: false, stage: 'login', code: 'invalid-jwt', message: 'm', attempts: 0 }), false);
  assert.equal(signsOut({ ok: true, affectedRows: 3, attempts: 1 }), false);
});

test('aRefusalEveryLoginWouldMeet_keepsTheSession_andSaysLoggingInAgainWillNotHelp', () => {
  // Given what Hasura answers when the post-login Action, the roles, the audience, the issuer or the
  // clocks are not what it is configured for (docs/hasura-contract.md)
  const refusals = [
    ['jwt-invalid-claims', "claims key: 'https://hasura.io/jwt/claims' not found"],
    ['jwt-missing-role-claims', 'JWT claim does not contain x-hasura-allowed-roles'],
    ['access-denied', 'Your requested role is not in allowed roles'],
    ['invalid-jwt', 'Could not verify JWT: JWTNotInAudience'],
    ['invalid-jwt', 'Could not verify JWT: JWTNotInIssuer'],
    ['invalid-jwt', 'Could not verify JWT: JWTIssuedAtFuture'],
  ];
  for (const [code, message] of refusals) {
    const outcome = { ok: false, code, message, attempts: 1 };
    // then the session stays (a new login would be refused the same way) and the page says so
    assert.equal(signsOut(outcome), false, message);
    assert.equal(
      describeOutcome(outcome),
      `Registration failed: ${message} (${code}). Logging in again will not help: Auth0 and Hasura are not configured alike.`,
    );
  }
});

test('describeOutcome_ofASigningOutFailure_saysWhatToDoNext', () => {
  assert.equal(
    describeOutcome({ ok: false, code: 'auth0-user-not-found', message: 'Auth0 has no user twitter|2002', attempts: 1 }),
    'Registration failed: Auth0 has no user twitter|2002 (auth0-user-not-found). You were logged out: log in again.',
  );
  assert.equal(
    describeOutcome({ ok: false, code: 'auth0-identity-missing', message: 'no twitter identity', attempts: 1 }),
    'Registration failed: no twitter identity (auth0-identity-missing). You were logged out: log in with Twitter.',
  );
});
