// Runs the registration mutation with the user's access token and classifies Hasura's answer.
// No Next.js import here, so the retry and classification rules are tested with `node --test`.

export const MUTATION = 'mutation { checkAndRegisterUser { affected_rows } }';

const defaultSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Refusals of a good token that pass by themselves: Hasura without signing keys (its first second
 * after a start, or a JWK Set it could not fetch), and a token issued a moment ahead of Hasura's clock
 * (`iat` or `nbf` in its future, as right after a login when the clocks differ by a second and Hasura
 * has no `allowed_skew`).
 */
function isPassingRefusal(code, message) {
  return (
    code === 'invalid-jwt' &&
    typeof message === 'string' &&
    /JWSError NoUsableKeys|JWTIssuedAtFuture|JWTNotYetValid/.test(message)
  );
}

/**
 * Hasura hides the function's 5xx answers from non-admin clients as `internal error` (code
 * `unexpected`) and reports a slow or unreachable function as `http exception when calling webhook`:
 * both are server-side faults worth a retry, as are the refusals that pass by themselves. Every other
 * error (the function's 4xx answers arrive with their own code; invalid-jwt and friends) would fail
 * the same way again.
 */
function isTransient(error) {
  const message = typeof error.message === 'string' ? error.message : '';
  if (isPassingRefusal(error.extensions?.code, message)) return true;
  return (
    error.extensions?.code === 'unexpected' &&
    (message === 'internal error' || /http exception when calling webhook/i.test(message))
  );
}

function firstGraphqlError(body) {
  return Array.isArray(body?.errors) && body.errors.length > 0 ? body.errors[0] : undefined;
}

async function attemptOnce(url, accessToken, fetchImpl, timeoutMs) {
  let response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ query: MUTATION }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const reason = error.name === 'TimeoutError' ? 'timed out' : (error.cause?.code ?? error.name);
    return { ok: false, retryable: true, code: 'network-error', message: `could not reach Hasura (${reason})` };
  }

  const text = await response.text().catch(() => '');
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const graphqlError = firstGraphqlError(body);

  if (response.status >= 500 || response.status === 429) {
    return {
      ok: false,
      retryable: true,
      status: response.status,
      code: graphqlError?.extensions?.code ?? `http-${response.status}`,
      message: graphqlError?.message ?? `Hasura answered HTTP ${response.status}`,
    };
  }
  if (response.status >= 400) {
    return {
      ok: false,
      retryable: false,
      status: response.status,
      code: graphqlError?.extensions?.code ?? `http-${response.status}`,
      message: graphqlError?.message ?? `Hasura answered HTTP ${response.status}`,
    };
  }
  if (graphqlError) {
    return {
      ok: false,
      retryable: isTransient(graphqlError),
      status: response.status,
      code: graphqlError.extensions?.code ?? 'unknown',
      message: String(graphqlError.message ?? 'GraphQL error without a message'),
    };
  }
  const affectedRows = body?.data?.checkAndRegisterUser?.affected_rows;
  if (affectedRows === undefined || affectedRows === null) {
    return {
      ok: false,
      retryable: false,
      status: response.status,
      code: 'bad-response',
      message: 'Hasura answered without data.checkAndRegisterUser.affected_rows',
    };
  }
  if (![0, 1, 3].includes(affectedRows)) {
    return {
      ok: false,
      retryable: false,
      status: response.status,
      code: 'bad-response',
      message: `Hasura answered affected_rows ${affectedRows}: the function answers only 3, 1 or 0`,
    };
  }
  return { ok: true, affectedRows };
}

/**
 * Registers the logged-in user. Never throws: answers `{ok: true, affectedRows, attempts}` or
 * `{ok: false, retryable, code, message, status?, attempts}`. Transient failures (network, timeouts,
 * HTTP 5xx/429, Hasura's `internal error`) are retried with exponential backoff; the mutation never
 * registers twice, so a retry after a lost answer is safe. All tries together stay within
 * `deadlineMs`: the browser waits on the login callback meanwhile, and a reload then would replay an
 * authorization code that is already spent.
 */
export async function registerUser(accessToken, options = {}) {
  const {
    url,
    fetchImpl = globalThis.fetch,
    attempts = 4,
    firstDelayMs = 250,
    timeoutMs = 25_000,
    deadlineMs = 30_000,
    sleep = defaultSleep,
    now = Date.now,
  } = options;
  const deadline = now() + deadlineMs;
  if (!url) {
    return { ok: false, retryable: false, code: 'misconfigured', message: 'HASURA_GRAPHQL_URL is not set', attempts: 0 };
  }
  if (!accessToken) {
    return { ok: false, retryable: false, code: 'no-access-token', message: 'the session has no access token', attempts: 0 };
  }
  let outcome;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    outcome = await attemptOnce(url, accessToken, fetchImpl, Math.max(1, Math.min(timeoutMs, deadline - now())));
    const delayMs = firstDelayMs * 2 ** (attempt - 1);
    if (outcome.ok || !outcome.retryable || attempt === attempts || now() + delayMs >= deadline) {
      return { ...outcome, attempts: attempt };
    }
    await sleep(delayMs);
  }
  return outcome;
}

// Hasura's invalid-jwt messages (docs/hasura-contract.md) that a new token fixes: this one expired, or
// is signed by a key Hasura no longer has (the tenant rotated its keys).
const TOKEN_FAULTS = /JWTExpired|JWSInvalidSignature/;
// ...and those that every token of this configuration meets: the audience, the issuer or the clocks
// of Auth0 and Hasura disagree.
const SETTINGS_FAULTS = /JWTNotInAudience|JWTNotInIssuer|JWTIssuedAtFuture|JWTNotYetValid/;

/**
 * Whether the failure is one that logging in again can fix, or that the user must be told to log in
 * differently for (docs/integrating-the-app.md): Hasura refused this token, Auth0 no longer knows the
 * user, or the user logged in without the identity the app needs. The app then ends the session. A
 * refusal that every login would meet (claims the post-login Action did not set, a role, the audience
 * or the issuer Hasura is not configured for, Hasura without keys) keeps the session: signing out
 * would only send the user round the same loop.
 */
export function signsOut(outcome) {
  if (!outcome || outcome.ok || outcome.stage === 'login' || typeof outcome.code !== 'string') return false;
  if (['auth0-user-not-found', 'auth0-identity-missing', 'invalid-headers'].includes(outcome.code)) return true;
  return outcome.code === 'invalid-jwt' && TOKEN_FAULTS.test(String(outcome.message));
}

/** Whether Hasura refused the token for a reason no login can change: an operator's fix. */
function isSettingsFault(outcome) {
  return (
    outcome.code.startsWith('jwt-') ||
    outcome.code === 'access-denied' ||
    (outcome.code === 'invalid-jwt' && SETTINGS_FAULTS.test(String(outcome.message)))
  );
}

/** What the home page says about an outcome. */
export function describeOutcome(outcome) {
  if (!outcome) return undefined;
  if (outcome.ok) {
    switch (outcome.affectedRows) {
      case 3:
        return 'Registered: your account was created (affected_rows 3).';
      case 1:
        return 'Already registered: your Twitter tokens were updated (affected_rows 1).';
      case 0:
        return 'Already registered: nothing to change (affected_rows 0).';
      default:
        // registerUser answers no other count; the cookie it travels in is not signed.
        return undefined;
    }
  }
  if (outcome.stage === 'login') {
    return `Login failed, so no registration ran: ${outcome.message} (${outcome.code}).`;
  }
  const tries = outcome.attempts > 1 ? ` after ${outcome.attempts} attempts` : '';
  let next = '';
  if (signsOut(outcome)) {
    next = outcome.code === 'auth0-identity-missing' ? ' You were logged out: log in with Twitter.' : ' You were logged out: log in again.';
  } else if (typeof outcome.code === 'string' && isSettingsFault(outcome)) {
    next = ' Logging in again will not help: Auth0 and Hasura are not configured alike.';
  }
  return `Registration failed${tries}: ${outcome.message} (${outcome.code}).${next}`;
}
