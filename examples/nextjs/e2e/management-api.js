// A local stand-in for the two Auth0 Management API routes the function calls:
//   POST /oauth/token            client credentials -> {access_token, expires_in, token_type, scope}
//   GET  /api/v2/users/{id}      (id url-encoded, e.g. twitter%7C1001) -> the user with identities
// and, for the test only, routes to change a user's Twitter tokens and to read what was asked:
//   PUT  /test/users/{id}/twitter-tokens  {"access_token": "...", "access_token_secret": "..."}
//   GET  /test/requests          -> [{method, path}] (no bodies, no secrets)
import http from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';

function sameSecret(a, b) {
  const left = Buffer.from(String(a ?? ''));
  const right = Buffer.from(String(b ?? ''));
  return left.length === right.length && timingSafeEqual(left, right);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function parseBody(req, text) {
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function send(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

/** The user as GET /api/v2/users/{id} answers it for a caller with read:user_idp_tokens. */
function auth0User(user) {
  return {
    user_id: user.user_id,
    nickname: user.nickname,
    name: user.name,
    screen_name: user.twitter.screen_name,
    identities: [
      {
        provider: 'twitter',
        connection: 'twitter',
        user_id: user.twitter.user_id,
        isSocial: true,
        access_token: user.twitter.access_token,
        access_token_secret: user.twitter.access_token_secret,
      },
    ],
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
  };
}

/**
 * @param {{port: number (0: any free port), clientId: string, clientSecret: string, users: object, expiresIn?: number}} options
 */
export async function startManagementApi({ port, clientId, clientSecret, users, expiresIn = 86400 }) {
  const byUserId = new Map(Object.values(users).map((u) => [u.user_id, structuredClone(u)]));
  const issued = new Set();
  const requests = [];

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://stand-in');
    const path = url.pathname;
    if (!path.startsWith('/test/')) requests.push({ method: req.method, path: req.url });
    try {
      if (req.method === 'POST' && path === '/oauth/token') {
        const body = parseBody(req, await readBody(req));
        if (body.grant_type !== 'client_credentials') {
          return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type' });
        }
        // Auth0 wants the audience of the domain that was called: https://{domain}/api/v2/.
        if (body.audience !== `http://${req.headers.host}/api/v2/`) {
          return send(res, 403, { error: 'access_denied', error_description: 'Service not enabled within domain' });
        }
        if (body.client_id !== clientId || !sameSecret(body.client_secret, clientSecret)) {
          return send(res, 401, { error: 'access_denied', error_description: 'Unauthorized' });
        }
        const token = `mgmt-${randomBytes(16).toString('hex')}`;
        issued.add(token);
        return send(res, 200, {
          access_token: token,
          expires_in: expiresIn,
          scope: 'read:users read:user_idp_tokens',
          token_type: 'Bearer',
        });
      }
      const userMatch = /^\/api\/v2\/users\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && userMatch) {
        const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
        if (!bearer || !issued.has(bearer)) {
          return send(res, 401, { statusCode: 401, error: 'Unauthorized', message: 'Invalid token', errorCode: 'invalid_token' });
        }
        const user = byUserId.get(decodeURIComponent(userMatch[1]));
        if (!user) {
          return send(res, 404, { statusCode: 404, error: 'Not Found', message: 'The user does not exist.', errorCode: 'inexistent_user' });
        }
        return send(res, 200, auth0User(user));
      }
      const tokensMatch = /^\/test\/users\/([^/]+)\/twitter-tokens$/.exec(path);
      if (req.method === 'PUT' && tokensMatch) {
        const user = byUserId.get(decodeURIComponent(tokensMatch[1]));
        if (!user) return send(res, 404, { message: 'no such user' });
        const body = parseBody(req, await readBody(req));
        if (typeof body.access_token !== 'string') return send(res, 400, { message: 'access_token must be a string' });
        user.twitter.access_token = body.access_token;
        if ('access_token_secret' in body) user.twitter.access_token_secret = body.access_token_secret;
        return send(res, 200, { user_id: user.user_id });
      }
      if (req.method === 'GET' && path === '/test/requests') return send(res, 200, requests);
      return send(res, 404, { statusCode: 404, error: 'Not Found', message: 'Not Found' });
    } catch (error) {
      return send(res, 500, { statusCode: 500, error: 'Internal Server Error', message: error.message });
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    // localhost, not 127.0.0.1: the same name the function is given in AUTH0_DOMAIN.
    url: `http://localhost:${server.address().port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
