// End-to-end login flow in a real browser: the provider (Auth0 stand-in) and the Management API stand-in
// on free loopback ports, a backend answering the registration mutation, `next start`, then Chromium:
// open the app -> log in -> fill the provider's form -> consent -> home shows the registration answer.
//
// Backend, one of:
//   --fake-hasura          a THROW-AWAY fake endpoint (verifies the JWT via JWKS, answers 3 then 0), only
//                          for developing the browser flow;
//   E2E_BACKEND_CMD=...    a shell command that starts the real stack (sandbox with jwk_url + function with
//                          AUTH0_DOMAIN) from the E2E_* variables below and prints HASURA_GRAPHQL_URL=<url>
//                          on a line of its own when ready; killed (its process group) at the end;
//   HASURA_GRAPHQL_URL=... an already running Hasura that already trusts this provider (fixed ports then:
//                          E2E_PROVIDER_PORT, E2E_MANAGEMENT_PORT), with HASURA_GRAPHQL_ADMIN_SECRET.
// With a real backend (not the fake) the run also reads the registration back through Hasura's admin
// access (the admin secret: given to E2E_BACKEND_CMD as E2E_HASURA_ADMIN_SECRET, made up per run unless
// HASURA_GRAPHQL_ADMIN_SECRET is set) and checks that one registration holds the stand-in's tokens
// encrypted (v1:<keyId>:...), never in plain text; with E2E_BACKEND_CMD, whose function must encrypt with
// E2E_TOKEN_ENCRYPTION_KEY (id E2E_TOKEN_ENCRYPTION_KEY_ID), it also decrypts them and compares.
// Expects `next build` to have run (run.sh does it).
import { spawn } from 'node:child_process';
import net from 'node:net';
import { mkdirSync } from 'node:fs';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startProvider } from './provider.js';
import { startManagementApi } from './management-api.js';
import { startFakeHasura } from './fake-hasura.js';
import { launchBrowser, loginExpectingSignOut, loginThroughProvider } from './browser.js';
import { AUTH0_USERS, USERS } from './users.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const appDir = path.resolve(here, '..');
const fakeHasura = process.argv.includes('--fake-hasura');

const AUDIENCE = 'https://hasura.e2e.example/';
const WEB_CLIENT = { id: 'e2e-web-app', secret: 'e2e-web-app-secret-not-a-real-one' };
const M2M_CLIENT = { id: 'e2e-m2m-app', secret: 'e2e-m2m-secret-not-a-real-one' };
// What the Management API stand-in serves for alice after the test changes her Twitter tokens.
const ROTATED_TWITTER_TOKENS = { access_token: '1001-e2eAliceRotatedAccessToken', access_token_secret: 'e2eAliceRotatedSecret' };

const timings = [];
async function step(name, fn) {
  const started = process.hrtime.bigint();
  try {
    return await fn();
  } finally {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    timings.push([name, ms]);
    console.log(`[e2e] ${name}: ${(ms / 1000).toFixed(2)} s`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function portFromEnv(name) {
  return process.env[name] ? Number(process.env[name]) : freePort();
}

async function waitForHttp(url, child, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
    try {
      const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(2000) });
      if (response.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function spawnGroup(command, args, options, label) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) =>
    stream.on('data', (chunk) => {
      for (const line of chunk.toString().split('\n')) if (line) out.write(`[${label}] ${line}\n`);
    });
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  return child;
}

function killGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

// Hasura's admin access, as the sandbox's banner and hasura/README show it: the rows behind one user.
const REGISTRATION_QUERY = `query ($username: String!) {
  user(where: {username: {_eq: $username}}) { id username }
  account(where: {account_name: {_eq: $username}}) { id account_name access_token access_token_secret }
  account_user { account_id user_id }
}`;

async function registrationOf(hasuraUrl, adminSecret, username) {
  const response = await fetch(hasuraUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'x-hasura-admin-secret': adminSecret },
    body: JSON.stringify({ query: REGISTRATION_QUERY, variables: { username } }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.json();
  assert(response.ok && !body.errors, `the admin query answers data, got ${response.status} ${JSON.stringify(body.errors)}`);
  const { user, account } = body.data;
  const links = body.data.account_user.filter(
    (link) => user.some((u) => String(u.id) === String(link.user_id)) || account.some((a) => String(a.id) === String(link.account_id)),
  );
  return { user, account, links };
}

/** One user, one account, one link between them; the tokens stored as ciphertext, never as given. */
function assertOneEncryptedRegistration(registration, twitter, label) {
  const { user, account, links } = registration;
  assert(user.length === 1 && account.length === 1 && links.length === 1, `${label}: one user, one account, one link, got ${JSON.stringify({ users: user.length, accounts: account.length, links: links.length })}`);
  assert(String(links[0].user_id) === String(user[0].id) && String(links[0].account_id) === String(account[0].id), `${label}: the link joins that user and that account`);
  for (const column of ['access_token', 'access_token_secret']) {
    const stored = account[0][column];
    assert(/^v1:[^:]+:[A-Za-z0-9_-]+$/.test(stored), `${label}: ${column} is stored as v1:<keyId>:<ciphertext>`);
    for (const plain of [twitter.access_token, twitter.access_token_secret]) {
      assert(!stored.includes(plain), `${label}: ${column} holds a plain Twitter token`);
    }
  }
}

/** The function's stored format (docs/token-format.md, "Decrypting"), with the key this run gave it. */
function decryptToken(stored, username, column, keys) {
  const [version, keyId, data] = stored.split(':');
  assert(version === 'v1' && keys[keyId], `stored under a key this run gave the function, got key id ${keyId}`);
  const buf = Buffer.from(data, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keys[keyId], buf.subarray(0, 12));
  decipher.setAAD(Buffer.from(`v1\0${keyId}\0${column}\0${username}`, 'utf8'));
  decipher.setAuthTag(buf.subarray(buf.length - 16));
  return Buffer.concat([decipher.update(buf.subarray(12, buf.length - 16)), decipher.final()]).toString('utf8');
}

/** The stored tokens decrypt to exactly `twitter`'s: the registration holds this login's tokens. */
function assertStoresTheTokensOf(account, username, twitter, keys, label) {
  assert(
    decryptToken(account.access_token, username, 'access_token', keys) === twitter.access_token &&
      decryptToken(account.access_token_secret, username, 'access_token_secret', keys) === twitter.access_token_secret,
    `${label}: the stored tokens decrypt to the stand-in's tokens`,
  );
}

function decodeJwtPayload(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

const cleanups = [];
async function main() {
  const appPort = await portFromEnv('E2E_APP_PORT');
  const appBaseUrl = `http://localhost:${appPort}`;

  const provider = await step('start the OpenID provider', async () =>
    startProvider({
      port: await portFromEnv('E2E_PROVIDER_PORT'),
      audience: AUDIENCE,
      client: { ...WEB_CLIENT, appBaseUrl },
      users: USERS,
    }),
  );
  cleanups.push(provider.close);
  const management = await step('start the Management API stand-in', async () =>
    startManagementApi({
      port: await portFromEnv('E2E_MANAGEMENT_PORT'),
      clientId: M2M_CLIENT.id,
      clientSecret: M2M_CLIENT.secret,
      users: AUTH0_USERS,
    }),
  );
  cleanups.push(management.close);
  console.log(`[e2e] provider ${provider.issuer} (JWKS ${provider.jwksUrl}), Management API stand-in ${management.url}`);

  const adminSecret = process.env.HASURA_GRAPHQL_ADMIN_SECRET || randomBytes(24).toString('hex');
  // A backend this run starts encrypts with a key of the run's, so the stored tokens can be read back.
  const tokenKeyId = 'e2e1';
  const tokenKey = randomBytes(32);
  const backendEnv = {
    E2E_HASURA_ADMIN_SECRET: adminSecret,
    E2E_TOKEN_ENCRYPTION_KEY: tokenKey.toString('base64'),
    E2E_TOKEN_ENCRYPTION_KEY_ID: tokenKeyId,
    E2E_ISSUER: provider.issuer,
    E2E_JWKS_URL: provider.jwksUrl,
    E2E_AUDIENCE: AUDIENCE,
    E2E_HASURA_JWT_SECRET: JSON.stringify({
      jwk_url: provider.jwksUrl,
      audience: AUDIENCE,
      issuer: provider.issuer,
      allowed_skew: 30,
    }),
    E2E_AUTH0_DOMAIN: management.url,
    E2E_AUTH0_CLIENT_ID: M2M_CLIENT.id,
    E2E_AUTH0_CLIENT_SECRET: M2M_CLIENT.secret,
    E2E_AUTH0_IDENTITY_PROVIDER: 'twitter',
  };
  // Only a backend started here got that key; an already running one encrypts with its own.
  const tokenKeys = process.env.E2E_BACKEND_CMD ? { [tokenKeyId]: tokenKey } : undefined;

  let hasuraUrl;
  let fake;
  if (fakeHasura) {
    fake = await step('start the FAKE Hasura (browser-flow development only)', async () =>
      startFakeHasura({ port: await freePort(), jwksUrl: provider.jwksUrl, issuer: provider.issuer, audience: AUDIENCE }),
    );
    cleanups.push(fake.close);
    hasuraUrl = fake.url;
  } else if (process.env.E2E_BACKEND_CMD) {
    hasuraUrl = await step('start the backend (E2E_BACKEND_CMD)', async () => {
      const backend = spawnGroup('bash', ['-c', process.env.E2E_BACKEND_CMD], { env: { ...process.env, ...backendEnv } }, 'backend');
      cleanups.push(() => killGroup(backend));
      return new Promise((resolve, reject) => {
        let buffer = '';
        backend.stdout.on('data', (chunk) => {
          buffer += chunk.toString();
          const match = /^HASURA_GRAPHQL_URL=(\S+)$/m.exec(buffer);
          if (match) resolve(match[1]);
        });
        backend.once('exit', (code) => reject(new Error(`E2E_BACKEND_CMD exited with ${code} before printing HASURA_GRAPHQL_URL=`)));
        // A backend that stalls (a Maven download hidden by -q, a port that never opens) fails the run
        // instead of hanging CI; the sandbox is ready in 7 to 16 s on a loaded 2-core machine.
        const limit = setTimeout(() => reject(new Error('E2E_BACKEND_CMD printed no HASURA_GRAPHQL_URL= within 300 s')), 300_000);
        limit.unref();
      });
    });
  } else if (process.env.HASURA_GRAPHQL_URL) {
    if (!process.env.HASURA_GRAPHQL_ADMIN_SECRET) {
      throw new Error('HASURA_GRAPHQL_URL needs HASURA_GRAPHQL_ADMIN_SECRET too: the run reads the registration back');
    }
    hasuraUrl = process.env.HASURA_GRAPHQL_URL;
  } else {
    throw new Error('no backend: pass --fake-hasura, or set E2E_BACKEND_CMD or HASURA_GRAPHQL_URL');
  }
  console.log(`[e2e] HASURA_GRAPHQL_URL=${hasuraUrl}${fakeHasura ? ' (FAKE)' : ''}`);

  // The app as the browser meets it; `without` names settings to leave out (a misconfiguration).
  const startApp = async (without = []) => {
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      AUTH0_DOMAIN: provider.issuer.replace(/\/$/, ''),
      AUTH0_CLIENT_ID: WEB_CLIENT.id,
      AUTH0_CLIENT_SECRET: WEB_CLIENT.secret,
      AUTH0_SECRET: 'e2e0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab',
      AUTH0_AUDIENCE: AUDIENCE,
      APP_BASE_URL: appBaseUrl,
      HASURA_GRAPHQL_URL: hasuraUrl,
      // Test configuration only: the provider speaks plain http on localhost.
      AUTH0_TEST_ALLOW_INSECURE_REQUESTS: 'true',
      // For the check of the access token's claims below; off unless set.
      AUTH0_ENABLE_ACCESS_TOKEN_ENDPOINT: 'true',
    };
    for (const name of without) delete env[name];
    const child = spawnGroup(
      process.execPath,
      [path.join(appDir, 'node_modules/next/dist/bin/next'), 'start', '-H', '127.0.0.1', '-p', String(appPort)],
      { cwd: appDir, env },
      'next',
    );
    cleanups.push(() => killGroup(child));
    await waitForHttp(`${appBaseUrl}/`, child);
    return child;
  };
  let app = await step('next start (until it answers)', () => startApp());

  const browser = await step('launch Chromium', launchBrowser);
  cleanups.push(() => browser.close());
  const context = await browser.newContext();
  const page = await context.newPage();
  const alice = USERS.alice;
  const credentials = { appBaseUrl, issuer: provider.issuer, login: 'alice', password: 'any-password' };

  const first = await step('first login (login form + consent) -> home', () => loginThroughProvider(page, credentials));
  console.log(`[e2e] home says: ${first.text}`);
  assert(first.consented, 'the provider asked for consent at the first login');
  assert(first.affectedRows === '3', `first login answers affected_rows 3, got ${JSON.stringify(first)}`);
  mkdirSync(path.join(here, 'out'), { recursive: true });
  await page.screenshot({ path: path.join(here, 'out', 'home-after-login.png'), fullPage: true });

  await step('check the access token, the session profile and the outcome cookie', async () => {
    const response = await context.request.get(`${appBaseUrl}/auth/access-token`);
    assert(response.ok(), `/auth/access-token answers ${response.status()}`);
    const accessToken = (await response.json()).token;
    const header = JSON.parse(Buffer.from(accessToken.split('.')[0], 'base64url').toString('utf8'));
    const payload = decodeJwtPayload(accessToken);
    assert(header.alg === 'RS256' && header.typ === 'at+jwt', `RS256 at+jwt, got ${JSON.stringify(header)}`);
    assert(payload.iss === provider.issuer, `iss ${payload.iss}`);
    assert(payload.aud === AUDIENCE || (Array.isArray(payload.aud) && payload.aud.includes(AUDIENCE)), `aud ${payload.aud}`);
    const expected = JSON.stringify({
      'x-hasura-allowed-roles': ['user'],
      'x-hasura-default-role': 'user',
      'x-hasura-user-id': 'twitter|1001',
    });
    const actual = JSON.stringify(payload['https://hasura.io/jwt/claims']);
    assert(actual === expected, `Hasura claims ${actual}`);
    // The session cookie is encrypted, so searching it proves nothing: what the session holds about the
    // user is read back through the SDK's /auth/profile, and the outcome cookie is decoded first.
    const profileResponse = await context.request.get(`${appBaseUrl}/auth/profile`);
    const profile = await profileResponse.text();
    assert(profileResponse.ok() && profile.includes(alice.nickname), `/auth/profile answers the session's user, got ${profileResponse.status()}`);
    const outcomeCookie = (await context.cookies()).find((cookie) => cookie.name === 'registration');
    assert(outcomeCookie, 'the registration outcome travels in its cookie');
    const outcome = Buffer.from(outcomeCookie.value, 'base64url').toString('utf8');
    assert(JSON.parse(outcome).affectedRows === 3, `the outcome cookie holds the answer, got ${outcome}`);
    for (const secret of [alice.twitter.access_token, alice.twitter.access_token_secret]) {
      assert(!accessToken.includes(secret) && !JSON.stringify(payload).includes(secret), 'a Twitter token is in the access token');
      assert(!profile.includes(secret), "a Twitter token is in the session's user profile");
      assert(!outcome.includes(secret), 'a Twitter token is in the outcome cookie');
    }
  });

  let firstStored;
  if (!fakeHasura) {
    firstStored = await step('read the registration back (admin secret)', async () => {
      const registration = await registrationOf(hasuraUrl, adminSecret, alice.user_id);
      assertOneEncryptedRegistration(registration, alice.twitter, 'after the first login');
      if (tokenKeys) assertStoresTheTokensOf(registration.account[0], alice.user_id, alice.twitter, tokenKeys, 'after the first login');
      return registration.account[0];
    });
  }

  await context.clearCookies();
  // The SDK keeps only the path of returnTo, here //evil.example: the app must not follow it off-site.
  const second = await step('second login, asked to return to //evil.example -> home', () =>
    loginThroughProvider(page, credentials, '/auth/login?returnTo=/.//evil.example'),
  );
  console.log(`[e2e] home says: ${second.text}`);
  assert(second.affectedRows === '0', `second login answers affected_rows 0, got ${JSON.stringify(second)}`);

  if (!fakeHasura) {
    // The function compares the stored tokens with what Auth0 (the stand-in) returns now.
    await fetch(`${management.url}/test/users/${encodeURIComponent(alice.user_id)}/twitter-tokens`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(ROTATED_TWITTER_TOKENS),
    });
    await context.clearCookies();
    const third = await step('login after the Twitter tokens changed -> home', () => loginThroughProvider(page, credentials));
    console.log(`[e2e] home says: ${third.text}`);
    assert(third.affectedRows === '1', `login after a token change answers affected_rows 1, got ${JSON.stringify(third)}`);
    await step('read the registration back after the token change', async () => {
      const registration = await registrationOf(hasuraUrl, adminSecret, alice.user_id);
      assertOneEncryptedRegistration(registration, alice.twitter, 'after the token change');
      assertOneEncryptedRegistration(registration, ROTATED_TWITTER_TOKENS, 'after the token change');
      const now = registration.account[0];
      if (tokenKeys) assertStoresTheTokensOf(now, alice.user_id, ROTATED_TWITTER_TOKENS, tokenKeys, 'after the token change');
      assert(now.id === firstStored.id, 'the same account row was updated, not a second one made');
      assert(
        now.access_token !== firstStored.access_token && now.access_token_secret !== firstStored.access_token_secret,
        'both stored tokens changed',
      );
    });
    // The function's user lookups at the Management API stand-in: one per login that reached it.
    const userLookups = () => management.requests.filter((r) => r.path.startsWith('/api/v2/users/')).length;
    const lookups = userLookups();
    assert(lookups === 3, `the function asked the Management API stand-in for the user once per login (${lookups})`);

    // A user Auth0 no longer knows: the app must not leave him logged in unregistered.
    await context.clearCookies();
    const bob = await step('login of a user the Management API does not know -> logged out, told why', () =>
      loginExpectingSignOut(page, { ...credentials, login: 'bob' }),
    );
    console.log(`[e2e] home says: ${bob.text}`);
    assert(bob.code === 'auth0-user-not-found', `bob's login answers auth0-user-not-found, got ${JSON.stringify(bob)}`);
    assert(bob.loggedOut, 'the home page bob lands on is the logged-out one');
    assert(bob.text.endsWith('You were logged out: log in again.'), `the home page says what to do, got ${bob.text}`);

    // Without AUTH0_AUDIENCE a tenant without a Default Audience issues a token only for /userinfo,
    // which Hasura refuses: the app must say so, not register with it (and end the session as if
    // logging in again could help).
    app = await step('restart the app without AUTH0_AUDIENCE', async () => {
      await killGroup(app);
      return startApp(['AUTH0_AUDIENCE']);
    });
    await context.clearCookies();
    const unset = await step('login with AUTH0_AUDIENCE unset, no Default Audience -> home, told the setting', () =>
      loginThroughProvider(page, credentials),
    );
    console.log(`[e2e] home says: ${unset.text}`);
    assert(unset.code === 'misconfigured', `the login answers misconfigured, got ${JSON.stringify(unset)}`);
    assert(
      unset.text ===
        'Registration failed: AUTH0_AUDIENCE is not set and the tenant has no Default Audience, so Auth0 issued a token only for its /userinfo: give AUTH0_AUDIENCE the Identifier of the Auth0 API whose tokens Hasura accepts (auth0/SETUP.md, step 1) (misconfigured).',
      `the home page names the setting, got ${unset.text}`,
    );
    assert((await page.locator('#logout').count()) === 1, 'the session stays: logging in again cannot help');
    const lookupsAfter = userLookups();
    assert(lookupsAfter === lookups + 1, `no registration reached the function (bob's lookup only: ${lookupsAfter})`);

    // A tenant with a Default Audience gives the API's JWT without being asked: that setup works.
    provider.setDefaultAudience(AUDIENCE);
    await context.clearCookies();
    const byDefault = await step('login with AUTH0_AUDIENCE unset, the tenant Default Audience set -> registered', () =>
      loginThroughProvider(page, credentials),
    );
    console.log(`[e2e] home says: ${byDefault.text}`);
    assert(byDefault.affectedRows === '0', `the known user's login answers affected_rows 0, got ${JSON.stringify(byDefault)}`);
    const lookupsLast = userLookups();
    assert(lookupsLast === lookupsAfter + 1, `the registration reached the function (${lookupsLast} lookups)`);
  } else {
    assert(fake.seen.length === 2, `the fake Hasura saw two verified tokens, saw ${fake.seen.length}`);
  }
}

let failed = false;
const started = Date.now();
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`[e2e] FAILED: ${error.stack ?? error}`);
} finally {
  await step('teardown', async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error) => console.error(`[e2e] teardown: ${error.message}`));
    }
  });
  console.log(`[e2e] total (run.js): ${((Date.now() - started) / 1000).toFixed(2)} s`);
  console.log(failed ? 'e2e: 0 passed, 1 failed' : 'e2e: 1 passed, 0 failed');
  process.exit(failed ? 1 : 0);
}
