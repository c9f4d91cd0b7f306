// THROW-AWAY, for developing the browser flow only (run.js --fake-hasura): not Hasura, not the
// function. It verifies the Bearer token against the provider's JWKS (RS256, issuer, audience, the
// Hasura claims), then answers affected_rows 3 for a user it has not seen and 0 afterwards. The real
// path is the sandbox (jwk_url) + the function (AUTH0_DOMAIN -> the Management API stand-in).
import http from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';

const NAMESPACE = 'https://hasura.io/jwt/claims';
const MUTATION = 'mutation { checkAndRegisterUser { affected_rows } }';

function send(res, body) {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

const error = (message, code) => ({ errors: [{ message, extensions: { path: '$', code } }] });

export async function startFakeHasura({ port, jwksUrl, issuer, audience }) {
  const jwks = createRemoteJWKSet(new URL(jwksUrl));
  const registered = new Set();
  const seen = [];

  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => (text += chunk));
    req.on('end', async () => {
      if (req.method !== 'POST' || req.url !== '/v1/graphql') {
        res.writeHead(404).end();
        return;
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token) return send(res, error("Missing 'Authorization' or 'Cookie' header in JWT authentication mode", 'invalid-headers'));
      let payload;
      let header;
      try {
        ({ payload, protectedHeader: header } = await jwtVerify(token, jwks, {
          algorithms: ['RS256'],
          issuer,
          audience,
          clockTolerance: 30,
        }));
      } catch (e) {
        return send(res, error(`Could not verify JWT: ${e.code ?? e.name}`, 'invalid-jwt'));
      }
      const claims = payload[NAMESPACE];
      if (!claims) return send(res, error(`claims key: '${NAMESPACE}' not found`, 'jwt-invalid-claims'));
      let query;
      try {
        query = JSON.parse(text).query;
      } catch {
        query = undefined;
      }
      if (query !== MUTATION) return send(res, error('only the registration mutation is faked here', 'validation-failed'));
      const userId = claims['x-hasura-user-id'];
      seen.push({ typ: header.typ, alg: header.alg, kid: header.kid, claims, payload });
      const affectedRows = registered.has(userId) ? 0 : 3;
      registered.add(userId);
      return send(res, { data: { checkAndRegisterUser: { affected_rows: affectedRows } } });
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://localhost:${server.address().port}/v1/graphql`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
