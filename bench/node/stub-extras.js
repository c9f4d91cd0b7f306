// Preloaded into the seed's upstream stub (node -r bench/node/stub-extras.js upstream.js): what the Java
// function asks of Hasura beyond the seed's two operations, answered here in the stub's own manner, while
// every request the seed understands still goes to the seed's handler unchanged (the Node handler only
// ever sends those). The seed itself is never modified.
// - GET /healthz answers 200 "OK", as Hasura does: the function's warm-up opens its connection with it
//   (the seed stub would die JSON-parsing its empty body).
// - The GetUser query that also selects the user's account (to compare the stored tokens) answers
//   data.user and data.account from this file's own view of the users and their stored tokens.
// - update_account stores the tokens sent and answers affected_rows 1 for a known user (else 0).
// Users the seed inserts (insert_account_user) are mirrored here, with their tokens, on the way through.
'use strict';
const http = require('http');
const { EventEmitter } = require('events');

const users = new Set((process.env.KNOWN_USERS || 'alice').split(','));
const accounts = new Map(); // username -> { access_token, access_token_secret }

function answer(res, data) {
  const out = JSON.stringify({ data });
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) });
  res.end(out);
}

// Returns true when the request was answered here.
function extra(text, res) {
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return false; // the seed's own behaviour
  }
  const query = String(parsed.query || '');
  const v = parsed.variables || {};
  if (/\baccount\s*\(\s*where/.test(query) && /\buser\s*\(/.test(query)) {
    const u = String(v.username);
    const stored = accounts.get(u);
    answer(res, { user: users.has(u) ? [{ username: u }] : [], account: stored ? [stored] : [] });
    return true;
  }
  if (/\bupdate_account\b/.test(query)) {
    const u = String(v.username);
    if (!users.has(u)) {
      answer(res, { update_account: { affected_rows: 0 } });
      return true;
    }
    accounts.set(u, { access_token: v.accessToken ?? null, access_token_secret: v.accessTokenSecret ?? null });
    answer(res, { update_account: { affected_rows: 1 } });
    return true;
  }
  if (/\binsert_account_user\b/.test(query) && typeof v.username === 'string') {
    users.add(v.username);
    accounts.set(v.username, { access_token: v.accessToken ?? null, access_token_secret: v.accessTokenSecret ?? null });
  }
  return false;
}

const createServer = http.createServer;
http.createServer = function (...args) {
  const handlerAt = args.findIndex((a) => typeof a === 'function');
  if (handlerAt >= 0) {
    const seedHandler = args[handlerAt];
    args[handlerAt] = (req, res) => {
      if (req.method === 'GET' && req.url === '/healthz') {
        res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': 2 });
        res.end('OK');
        return;
      }
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        if (extra(body.toString('utf8'), res)) return;
        // Replays the body to the seed's handler, which reads it through 'data' and 'end'.
        const replay = new EventEmitter();
        replay.method = req.method;
        replay.url = req.url;
        replay.headers = req.headers;
        seedHandler(replay, res);
        replay.emit('data', body);
        replay.emit('end');
      });
    };
  }
  return createServer.apply(this, args);
};
