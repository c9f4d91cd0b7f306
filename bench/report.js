#!/usr/bin/env node
// Turns bench/out/<run>/results.jsonl (written by bench/run) into the markdown report: node bench/report.js DIR
'use strict';
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
if (!dir) {
  console.error('usage: node bench/report.js bench/out/<run>');
  process.exit(2);
}
const rows = fs.readFileSync(path.join(dir, 'results.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const machine = fs.readFileSync(path.join(dir, 'machine.txt'), 'utf8').trim();

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const fmt = (x, digits = 0) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
const ms = (us, digits = 2) => fmt(us / 1000, digits);
const pct = (x) => (Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toFixed(1) + ' %' : 'n/a');

const wrk = rows.filter((r) => r.kind === 'wrk').map((r) => ({
  ...r,
  rps: r.wrk.requests / (r.wrk.duration_us / 1e6),
  cpuUsPerReq: ((r.server_cpu_ticks / r.clk_tck) * 1e6) / r.wrk.requests,
  stubCpuShare: r.stub_cpu_ticks / r.clk_tck / (r.wrk.duration_us / 1e6), // cores the stub kept busy
}));
const conns = [...new Set(wrk.map((r) => r.conns))].sort((a, b) => a - b);
const reps = [...new Set(wrk.map((r) => r.rep))].sort((a, b) => a - b);
const cell = (target, p, c) => wrk.filter((r) => r.target === target && r.path === p && r.conns === c);
const byRep = (target, p, c, rep) => wrk.find((r) => r.target === target && r.path === p && r.conns === c && r.rep === rep);
const med = (target, p, c, f) => median(cell(target, p, c).map(f));
// Median over reps of a quantity computed from cells of the same rep (same conditions).
const perRep = (c, f) => median(reps.map((rep) => f((t, p) => byRep(t, p, c, rep))));

const out = [];
const say = (s = '') => out.push(s);

say('## checkAndRegisterUser benchmark');
say();
say('```');
say(machine);
say('```');
say();
say('Command: `bench/run` (full) or `bench/run --quick`. Medians over ' + reps.length + ' run(s) per cell; Java and Node measured back to back in each run, against the same upstream stub (`node upstream.js`). wrk 1 thread; latencies end to end as wrk sees them.');
say();

say('### Throughput and latency');
say();
say('| path | conns | Java req/s | Node req/s | Java/Node | Java p50 / p90 / p99 ms | Node p50 / p90 / p99 ms |');
say('|---|---:|---:|---:|---:|---|---|');
for (const p of ['existing', 'new']) {
  for (const c of conns) {
    const lat = (t) => `${ms(med(t, p, c, (r) => r.wrk.p50_us))} / ${ms(med(t, p, c, (r) => r.wrk.p90_us))} / ${ms(med(t, p, c, (r) => r.wrk.p99_us))}`;
    const ratio = perRep(c, (get) => get('java', p).rps / get('node', p).rps);
    say(`| ${p === 'existing' ? 'existing user (1 upstream call)' : 'new user (2 upstream calls)'} | ${c} | ${fmt(med('java', p, c, (r) => r.rps))} | ${fmt(med('node', p, c, (r) => r.rps))} | **${fmt(ratio, 2)}×** | ${lat('java')} | ${lat('node')} |`);
  }
}
say();

say('### The upstream stub measured directly (the limit)');
say();
say('| call | conns | req/s | p50 / p90 / p99 ms | stub CPU while Java ran existing / new (cores) |');
say('|---|---:|---:|---|---|');
for (const p of ['stub-query', 'stub-insert']) {
  for (const c of conns) {
    const share = p === 'stub-query'
      ? `${fmt(med('java', 'existing', c, (r) => r.stubCpuShare), 2)} / ${fmt(med('java', 'new', c, (r) => r.stubCpuShare), 2)}`
      : '';
    say(`| ${p === 'stub-query' ? 'GetUser query' : 'insert'} | ${c} | ${fmt(med('stub', p, c, (r) => r.rps))} | ${ms(med('stub', p, c, (r) => r.wrk.p50_us))} / ${ms(med('stub', p, c, (r) => r.wrk.p90_us))} / ${ms(med('stub', p, c, (r) => r.wrk.p99_us))} | ${share} |`);
  }
}
say();
say('Upstream calls per second the stub served while each handler ran (existing: 1 per request, new: 2):');
say();
say('| conns | stub alone (query) | Java existing | Node existing | Java new | Node new |');
say('|---:|---:|---:|---:|---:|---:|');
for (const c of conns) {
  say(`| ${c} | ${fmt(med('stub', 'stub-query', c, (r) => r.rps))} | ${fmt(med('java', 'existing', c, (r) => r.rps))} | ${fmt(med('node', 'existing', c, (r) => r.rps))} | ${fmt(2 * med('java', 'new', c, (r) => r.rps))} | ${fmt(2 * med('node', 'new', c, (r) => r.rps))} |`);
}
say();

say('### The function\'s own overhead');
say();
say('End to end minus the stub measured directly at the same connection count (existing: − 1 query; new: − query − insert), medians of per-run differences:');
say();
say('| conns | Java existing p50 | Node existing p50 | Java new p50 | Node new p50 | Java existing p99 / stub p99 |');
say('|---:|---:|---:|---:|---:|---:|');
for (const c of conns) {
  const over = (t, p, q) => perRep(c, (get) => {
    const stub = get('stub', 'stub-query').wrk[q] + (p === 'new' ? get('stub', 'stub-insert').wrk[q] : 0);
    return get(t, p).wrk[q] - stub;
  });
  const p99ratio = perRep(c, (get) => get('java', 'existing').wrk.p99_us / get('stub', 'stub-query').wrk.p99_us);
  say(`| ${c} | ${ms(over('java', 'existing', 'p50_us'), 3)} ms | ${ms(over('node', 'existing', 'p50_us'), 3)} ms | ${ms(over('java', 'new', 'p50_us'), 3)} ms | ${ms(over('node', 'new', 'p50_us'), 3)} ms | ${fmt(p99ratio, 2)}× |`);
}
say();
say('CPU time per request of the handler\'s whole process (Java: JVM with the local host\'s HTTP server, GC and JIT; Node: the seed server), from /proc:');
say();
say('| conns | Java existing µs | Node existing µs | Java new µs | Node new µs | stub µs per upstream call |');
say('|---:|---:|---:|---:|---:|---:|');
for (const c of conns) {
  const stubPerCall = med('stub', 'stub-query', c, (r) => ((r.stub_cpu_ticks / r.clk_tck) * 1e6) / r.wrk.requests);
  say(`| ${c} | ${fmt(med('java', 'existing', c, (r) => r.cpuUsPerReq))} | ${fmt(med('node', 'existing', c, (r) => r.cpuUsPerReq))} | ${fmt(med('java', 'new', c, (r) => r.cpuUsPerReq))} | ${fmt(med('node', 'new', c, (r) => r.cpuUsPerReq))} | ${fmt(stubPerCall)} |`);
}
// In-process probes: rows of older runs have no target (they were Java only) and no rep.
const probes = rows.filter((r) => r.kind === 'probe-loop').map((r) => ({ target: 'java', rep: 1, ...r }));
const probeOf = (t, p) => probes.filter((r) => r.target === t && r.path === p);
const probeMed = (t, p, f) => median(probeOf(t, p).map((r) => f(r.probe)));
const probeRatio = (p) => median(probeOf('java', p).map((j) => {
  const n = probes.find((r) => r.target === 'node' && r.path === p && r.rep === j.rep);
  return n ? j.probe.cpu_us_per_call / n.probe.cpu_us_per_call : NaN;
}));
const probeOverhead = (p) => {
  if (!probeOf('java', p).length) return NaN;
  const stub = med('stub', 'stub-query', conns[0], (x) => x.wrk.p50_us) + (p === 'new' ? med('stub', 'stub-insert', conns[0], (x) => x.wrk.p50_us) : 0);
  return probeMed('java', p, (x) => x.p50_us) - stub;
};
if (probes.length) {
  const probeReps = new Set(probes.map((r) => r.rep)).size;
  const loads = probes.map((r) => r.load_average).filter((x) => Number.isFinite(x));
  say();
  say('### Each handler alone, in-process (no HTTP host), as its worker calls it');
  say();
  say(`One call at a time against the same stub, after a warm-up; Java: \`FunctionProbe loop\` (the function's \`run\`, a new instance per call), Node: \`bench/node/probe.js\` (the seed's \`handler(context, req)\`, body parsed per call as its worker does). CPU is the whole process's user + system time over the measurement divided by the calls (Java: JIT, GC and OkHttp's threads included; "caller" is the calling thread alone). Medians of ${probeReps} repetition(s); Java and Node back to back in each${loads.length ? `, load average ${fmt(Math.min(...loads), 1)} to ${fmt(Math.max(...loads), 1)} when they started` : ''}.`);
  say();
  say('| path | Java CPU µs per call (caller thread) | Node CPU µs per call | Java / Node CPU | Java p50 / p99 ms | Node p50 / p99 ms | Java / Node calls/s |');
  say('|---|---:|---:|---:|---|---|---|');
  for (const p of ['existing', 'new']) {
    if (!probeOf('java', p).length) continue;
    say(`| ${p === 'existing' ? 'existing user (1 upstream call)' : 'new user (2 upstream calls)'} | ${fmt(probeMed('java', p, (x) => x.cpu_us_per_call))} (${fmt(probeMed('java', p, (x) => x.caller_cpu_us_per_call))}) | ${fmt(probeMed('node', p, (x) => x.cpu_us_per_call))} | **${fmt(probeRatio(p), 2)}×** | ${ms(probeMed('java', p, (x) => x.p50_us), 3)} / ${ms(probeMed('java', p, (x) => x.p99_us), 2)} | ${ms(probeMed('node', p, (x) => x.p50_us), 3)} / ${ms(probeMed('node', p, (x) => x.p99_us), 2)} | ${fmt(probeMed('java', p, (x) => x.rps))} / ${fmt(probeMed('node', p, (x) => x.rps))} |`);
  }
  say();
  say(`The function's own overhead without the host, p50 minus the stub's p50 at 1 connection: existing ${ms(probeOverhead('existing'), 3)} ms, new ${ms(probeOverhead('new'), 3)} ms.`);
}
say();

const mem = rows.filter((r) => r.kind === 'mem');
if (mem.length >= 2) {
  const [a, b] = [mem[0], mem[mem.length - 1]];
  say('### Memory (fresh host, mixed soak: half existing, half new users, 32 connections)');
  say();
  say(`Soak JVM options: \`${a.jvm_options || 'default'}\` (fixed heap, so RSS moves only with what is outside it).`);
  say();
  say('| after requests | RSS MiB | heap used / committed MiB | committed outside the heap MiB (NMT) | live heap after full GC MiB | OkHttp connections alive | local host connection objects |');
  say('|---:|---:|---|---:|---:|---:|---:|');
  for (const m of mem) {
    say(`| ${m.requests} | ${fmt(m.rss_kb / 1024, 1)} | ${fmt(m.heap_used_kb / 1024, 1)} / ${fmt(m.heap_committed_kb / 1024)} | ${fmt((m.nmt_committed_kb - m.nmt_heap_committed_kb) / 1024, 1)} | ${fmt(m.heap_live_kb / 1024, 1)} | ${m.okhttp_connections} | ${m.host_connections} |`);
  }
  say();
  say(`RSS change ${a.requests} → ${b.requests}: ${pct((100 * (b.rss_kb - a.rss_kb)) / a.rss_kb)}; outside the heap: ${pct((100 * ((b.nmt_committed_kb - b.nmt_heap_committed_kb) - (a.nmt_committed_kb - a.nmt_heap_committed_kb))) / (a.nmt_committed_kb - a.nmt_heap_committed_kb))}; live heap: ${pct((100 * (b.heap_live_kb - a.heap_live_kb)) / a.heap_live_kb)}.`);
  say();
}

const cold = rows.filter((r) => r.kind === 'cold');
const first = rows.filter((r) => r.kind === 'first');
const probeFirst = rows.filter((r) => r.kind === 'probe-first' && (r.variant || 'default') === 'default').map((r) => r.probe);
const probeFirstCds = rows.filter((r) => r.kind === 'probe-first' && r.variant === 'appcds').map((r) => r.probe);
const coldDefault = median(cold.filter((r) => r.label === 'default').map((r) => r.ms));
const coldCds = median(cold.filter((r) => r.label === 'appcds').map((r) => r.ms));
if (cold.length) {
  say('### Cold start (medians of ' + cold.filter((r) => r.label === 'default').length + ' runs)');
  say();
  say('| what | ms | |');
  say('|---|---:|---|');
  const coldAzure = median(cold.filter((r) => r.label === 'azure-flags').map((r) => r.ms));
  const coldAzureCds = median(cold.filter((r) => r.label === 'azure-flags+appcds').map((r) => r.ms));
  say(`| fresh JVM → first 200 (local host, default CDS of the JDK only) | ${fmt(coldDefault)} | |`);
  say(`| fresh JVM → first 200 with an AppCDS archive (-XX:SharedArchiveFile) | ${fmt(coldCds)} | ${pct((100 * (coldCds - coldDefault)) / coldDefault)} |`);
  if (Number.isFinite(coldAzure)) {
    say(`| fresh JVM → first 200 with the Azure Java worker's JVM flags (-XX:TieredStopAtLevel=1 ...) | ${fmt(coldAzure)} | ${pct((100 * (coldAzure - coldDefault)) / coldDefault)} |`);
    say(`| the same flags + AppCDS | ${fmt(coldAzureCds)} | ${pct((100 * (coldAzureCds - coldAzure)) / coldAzure)} against the flags alone |`);
  }
  if (first.length) {
    say(`| first invocation in a started local host (existing user; Application built at host start) | ${fmt(median(first.map((r) => r.first_existing_ms)), 1)} | loads ${fmt(median(first.map((r) => r.classes_first_existing)))} classes |`);
    say(`| then the first new-user invocation | ${fmt(median(first.map((r) => r.first_new_ms)), 1)} | loads ${fmt(median(first.map((r) => r.classes_first_new)))} classes |`);
  }
  if (probeFirst.length) {
    const init = median(probeFirst.map((p) => p.init_ms));
    const f = median(probeFirst.map((p) => p.first_existing_ms));
    say(`| as on Azure, in-process: building the Application (settings, OkHttp client, cipher) | ${fmt(init, 1)} | loads ${fmt(median(probeFirst.map((p) => p.init_classes)))} classes |`);
    say(`| as on Azure, in-process: the first call after it (existing user) | ${fmt(f, 1)} | loads ${fmt(median(probeFirst.map((p) => p.first_existing_classes)))} classes |`);
    say(`| as on Azure: the first invocation = both | ${fmt(median(probeFirst.map((p) => p.init_ms + p.first_existing_ms)), 1)} | |`);
    if (probeFirstCds.length) {
      say(`| as on Azure with an AppCDS archive: building the Application / the first call / both | ${fmt(median(probeFirstCds.map((p) => p.init_ms)), 1)} / ${fmt(median(probeFirstCds.map((p) => p.first_existing_ms)), 1)} / ${fmt(median(probeFirstCds.map((p) => p.init_ms + p.first_existing_ms)), 1)} | |`);
    }
    say(`| in-process: first new-user call after that / second existing / second new | ${fmt(median(probeFirst.map((p) => p.first_new_ms)), 1)} / ${fmt(median(probeFirst.map((p) => p.second_existing_ms)), 1)} / ${fmt(median(probeFirst.map((p) => p.second_new_ms)), 1)} | |`);
    say(`| JVM start → main (probe) | ${fmt(median(probeFirst.map((p) => p.jvm_to_main_ms)))} | ${fmt(median(probeFirst.map((p) => p.classes_at_main)))} classes loaded by then |`);
  }
  say();
}

const loadRows = rows.filter((r) => r.kind === 'probe-load');
const loadMed = (scheme, wait, f) => median(loadRows.filter((r) => r.scheme === scheme && r.wait_ms === wait).map((r) => f(r.probe)));
if (loadRows.length) {
  const injector = loadRows[0].probe.injector;
  say('### Worker-like load path, in-process (medians of ' + loadRows.filter((r) => r.scheme === 'http' && r.wait_ms === 0).length + ' fresh JVMs each)');
  say();
  say(`\`FunctionProbe load\`: the function class loaded without being initialised and the FunctionInstanceInjector looked up through ServiceLoader, as the Azure Java worker does at FunctionLoad (injector found: ${injector ? '`' + injector + '`' : 'none, so instances come from the no-argument constructor'}), then the first invocation through it. https goes to the local TLS stand-in (a certificate made for the run; the JVM trusts only it).`);
  say();
  say('| what | http ms | https ms | classes loaded (http / https) |');
  say('|---|---:|---:|---|');
  say(`| the load itself (FunctionLoad) | ${fmt(loadMed('http', 0, (x) => x.load_ms), 1)} | ${fmt(loadMed('https', 0, (x) => x.load_ms), 1)} | ${fmt(loadMed('http', 0, (x) => x.load_classes))} / ${fmt(loadMed('https', 0, (x) => x.load_classes))} |`);
  say(`| load → first answer (the first call right after the load) | ${fmt(loadMed('http', 0, (x) => x.load_to_first_answer_ms), 1)} | ${fmt(loadMed('https', 0, (x) => x.load_to_first_answer_ms), 1)} | ${fmt(loadMed('http', 0, (x) => x.first_call_classes))} / ${fmt(loadMed('https', 0, (x) => x.first_call_classes))} in the call |`);
  say(`| a first call 1 s after the load | ${fmt(loadMed('http', 1000, (x) => x.first_call_ms), 1)} | ${fmt(loadMed('https', 1000, (x) => x.first_call_ms), 1)} | ${fmt(loadMed('http', 1000, (x) => x.classes_during_wait))} / ${fmt(loadMed('https', 1000, (x) => x.classes_during_wait))} during the second, ${fmt(loadMed('http', 1000, (x) => x.first_call_classes))} / ${fmt(loadMed('https', 1000, (x) => x.first_call_classes))} in the call |`);
  say(`| JVM start → main (probe) | ${fmt(loadMed('http', 0, (x) => x.jvm_to_main_ms))} | ${fmt(loadMed('https', 0, (x) => x.jvm_to_main_ms))} | |`);
  say();
}

// Goals
const leak = rows.find((r) => r.kind === 'leak');
const c32 = conns[conns.length - 1];
const ratio32 = perRep(c32, (get) => get('java', 'existing').rps / get('node', 'existing').rps);
const over1 = perRep(conns[0], (get) => get('java', 'existing').wrk.p50_us - get('stub', 'stub-query').wrk.p50_us);
const p99r = conns.map((c) => perRep(c, (get) => get('java', 'existing').wrk.p99_us / get('stub', 'stub-query').wrk.p99_us));
const firstInHost = first.length ? median(first.map((r) => r.first_existing_ms)) : NaN;
const firstAzure = probeFirst.length ? median(probeFirst.map((p) => p.init_ms + p.first_existing_ms)) : NaN;
const firstAzureCds = probeFirstCds.length ? median(probeFirstCds.map((p) => p.init_ms + p.first_existing_ms)) : NaN;
const rssChange = mem.length >= 2 ? (100 * (mem[mem.length - 1].rss_kb - mem[0].rss_kb)) / mem[0].rss_kb : NaN;
const mark = (ok) => (ok ? 'met' : '**not met**');
say('### Goals');
say();
say('| goal | measured | |');
say('|---|---|---|');
say(`| existing path ≥ 3× Node's throughput at ${c32} connections | ${fmt(ratio32, 2)}× | ${mark(ratio32 >= 3)} |`);
say(`| own overhead p50 < 0.2 ms (existing, 1 connection) | through the local host ${ms(over1, 3)} ms; the function alone ${ms(probeOverhead('existing'), 3)} ms | ${mark(over1 < 200)} / ${mark(probeOverhead('existing') < 200)} |`);
say(`| p99 end to end ≤ 2× the stub's p99 (existing; ${conns.join(' / ')} conns) | ${p99r.map((x) => fmt(x, 2) + '×').join(' / ')} | ${mark(p99r.every((x) => x <= 2))} |`);
say(`| first invocation in a started JVM < 300 ms | local host ${fmt(firstInHost)} ms; as on Azure (lazy Application) ${fmt(firstAzure)} ms, with AppCDS ${fmt(firstAzureCds)} ms | ${mark(firstInHost < 300)} / ${mark(firstAzure < 300)} / ${mark(firstAzureCds < 300)} |`);
say(`| fresh process to first answer < 1.5 s | ${fmt(coldDefault)} ms (AppCDS: ${fmt(coldCds)} ms) | ${mark(coldDefault < 1500)} |`);
say(`| RSS flat within 10 % (${mem.length >= 2 ? mem[0].requests + ' → ' + mem[mem.length - 1].requests : 'n/a'} requests) | ${pct(rssChange)} | ${mark(Math.abs(rssChange) <= 10)} |`);
if (probes.length) {
  const r1 = probeRatio('existing');
  const r2 = probeRatio('new');
  say(`| CPU per call in-process ≤ ⅓ of the Node handler's (existing / new) | ${fmt(r1, 2)}× / ${fmt(r2, 2)}× | ${mark(r1 <= 1 / 3)} / ${mark(r2 <= 1 / 3)} |`);
}
if (loadRows.length) {
  const l = loadMed('http', 0, (x) => x.load_to_first_answer_ms);
  const h = loadMed('http', 1000, (x) => x.first_call_ms);
  const s2 = loadMed('https', 1000, (x) => x.first_call_ms);
  say(`| load → first answer ≤ 150 ms in-process on the worker-like path (http) | ${fmt(l)} ms (https ${fmt(loadMed('https', 0, (x) => x.load_to_first_answer_ms))} ms) | ${mark(l <= 150)} |`);
  say(`| a first call 1 s after load ≤ 50 ms over http, ≤ 60 ms over https | ${fmt(h)} / ${fmt(s2)} ms | ${mark(h <= 50)} / ${mark(s2 <= 60)} |`);
}
say(`| no leaked OkHttp connection in the host's output | ${leak && leak.leaked ? 'LEAK REPORTED' : 'none'} | ${mark(!(leak && leak.leaked))} |`);
const end = rows.find((r) => r.kind === 'end');
if (end) {
  say();
  say(`Load average at the end: ${end.load_average}.`);
}
console.log(out.join('\n'));
