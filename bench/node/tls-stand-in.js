#!/usr/bin/env node
// A local TLS stand-in for an https Hasura: terminates TLS with a throw-away certificate made by
// bench/run (keytool, PKCS12, never committed) and pipes the bytes to the plain-http upstream stub,
// one upstream connection per client connection, so keep-alive behaves as without it.
//
//   node bench/node/tls-stand-in.js KEYSTORE.p12 PASSWORD LISTEN_PORT STUB_PORT
'use strict';
const fs = require('fs');
const net = require('net');
const tls = require('tls');

const [pfxPath, passphrase, listenArg, stubArg] = process.argv.slice(2);
if (!pfxPath || !passphrase || !listenArg || !stubArg) {
  console.error('usage: node bench/node/tls-stand-in.js KEYSTORE.p12 PASSWORD LISTEN_PORT STUB_PORT');
  process.exit(2);
}
const server = tls.createServer({ pfx: fs.readFileSync(pfxPath), passphrase }, (client) => {
  const upstream = net.connect(Number(stubArg), '127.0.0.1');
  client.setNoDelay(true);
  upstream.setNoDelay(true);
  client.pipe(upstream);
  upstream.pipe(client);
  const close = () => {
    client.destroy();
    upstream.destroy();
  };
  client.on('error', close);
  upstream.on('error', close);
  client.on('close', close);
  upstream.on('close', close);
});
server.on('tlsClientError', (e) => console.error('tls client error: ' + e.message));
server.listen(Number(listenArg), '127.0.0.1', () => console.log(`tls stand-in on ${listenArg} -> ${stubArg}`));
