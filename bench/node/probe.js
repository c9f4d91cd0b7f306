#!/usr/bin/env node
// The seed Node handler without any HTTP host, the counterpart of bench/java/FunctionProbe.java: calls
// handler(context, req) in a loop, as the Node worker calls it (one request at a time here), against the
// same upstream stub. The body is JSON.parse'd per call, as the Node worker does in the same process.
//
//   node bench/node/probe.js SEED_DIR loop existing|new SECONDS [WARMUP_SECONDS]
//
// GRAPHQL_BASE_API comes from the environment. Prints one line "PROBEJSON {...}" with the process CPU
// (user + system, all threads: libuv's included) per call.
'use strict';
const path = require('path');

const [seedDir, what, mode, secondsArg, warmupArg] = process.argv.slice(2);
if (!seedDir || what !== 'loop' || !['existing', 'new'].includes(mode) || !secondsArg) {
  console.error('usage: node bench/node/probe.js SEED_DIR loop existing|new SECONDS [WARMUP_SECONDS]');
  process.exit(2);
}
const handler = require(path.resolve(seedDir, 'handler.js'));
const seconds = Number(secondsArg);
const warmup = warmupArg === undefined ? seconds : Number(warmupArg);

const body = (username) =>
  '{"action":{"name":"checkAndRegisterUser"},"input":{},"session_variables":{' +
  '"x-hasura-role":"user","x-hasura-user-id":"' + username + '",' +
  '"x-hasura-access-token":"bench-access-token-0123456789",' +
  '"x-hasura-access-token-secret":"bench-access-token-secret-0123456789"},' +
  '"request_query":"mutation { checkAndRegisterUser { affected_rows } }"}';
const headers = { 'content-type': 'application/json', authorization: 'Bearer bench-jwt' };

async function call(username) {
  const context = {};
  await handler(context, { headers, body: JSON.parse(body(username)) });
  const res = context.res || {};
  const expected = mode === 'new' ? 3 : 0;
  if ((res.status || 200) !== 200 || !res.body || res.body.affected_rows !== expected) {
    throw new Error('unexpected answer ' + JSON.stringify(res));
  }
}

async function run(prefix, secs) {
  const latencies = [];
  const deadline = process.hrtime.bigint() + BigInt(Math.round(secs * 1e9));
  let n = 0;
  while (process.hrtime.bigint() < deadline) {
    const user = mode === 'new' ? `${prefix}-${n}` : 'alice';
    const s = process.hrtime.bigint();
    await call(user);
    latencies.push(Number(process.hrtime.bigint() - s));
    n++;
  }
  return latencies;
}

(async () => {
  const prefix = 'nloop-' + process.hrtime.bigint().toString(36);
  await run(prefix + 'w', warmup);
  const cpu0 = process.cpuUsage();
  const latencies = await run(prefix, seconds);
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] / 1e3;
  const out = {
    mode,
    threads: 1,
    calls: latencies.length,
    rps: +(latencies.length / seconds).toFixed(1),
    p50_us: +pct(50).toFixed(1),
    p90_us: +pct(90).toFixed(1),
    p99_us: +pct(99).toFixed(1),
    cpu_us_per_call: +((cpu.user + cpu.system) / latencies.length).toFixed(1),
  };
  console.log('PROBEJSON ' + JSON.stringify(out));
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
