#!/usr/bin/env node
// Checks that a running Eddy node exports the metrics the alerts and the
// dashboard use (deploy/observability/metric-names.txt), with the right type.
//   node scripts/deploy-check-metrics.mjs http://127.0.0.1:9100/metrics
//   node scripts/deploy-check-metrics.mjs saved-scrape.txt [more scrapes...]
// Several sources are merged (a controller and a storage node export different
// families). A missing listed metric fails; a missing "pending" one is reported
// as needed from the server; a pending one that is now exported is reported so
// its mark can be dropped. Exits 1 on any failure.
import { readFileSync } from 'node:fs';
import { readMetricNames } from './deploy-metric-names.mjs';

const sources = process.argv.slice(2);
if (sources.length === 0) {
  console.error('usage: deploy-check-metrics.mjs <metrics-url-or-file> [...]');
  process.exit(2);
}

/** family name -> type, from the exposition's # TYPE lines (untyped samples count as "untyped"). */
function families(text) {
  const found = new Map();
  for (const line of text.split('\n')) {
    const t = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\w+)/.exec(line);
    if (t) found.set(t[1], t[2]);
    else if (line && !line.startsWith('#')) {
      const name = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line)?.[0];
      if (name && !found.has(name)) found.set(name, 'untyped');
    }
  }
  return found;
}

async function load(source) {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new Error(`${source}: HTTP ${res.status}`);
    return res.text();
  }
  return readFileSync(source, 'utf8');
}

const exported = new Map();
for (const source of sources) {
  let text;
  try {
    text = await load(source);
  } catch (err) {
    console.error(`FAIL cannot read ${source}: ${err.message}`);
    process.exit(1);
  }
  for (const [name, type] of families(text)) exported.set(name, type);
}

const wanted = readMetricNames();
let failures = 0;
const pendingMissing = [];
for (const [name, { type, pending }] of wanted) {
  const got = exported.get(name);
  if (got === undefined) {
    if (pending) pendingMissing.push(name);
    else {
      failures++;
      console.error(`FAIL ${name} (${type}) is not exported`);
    }
  } else if (got !== type && got !== 'untyped') {
    failures++;
    console.error(`FAIL ${name} is exported as ${got}, expected ${type}`);
  } else if (pending) {
    console.log(`note ${name} is exported now: drop its "pending" mark in deploy/observability/metric-names.txt`);
  }
}
for (const name of pendingMissing) console.log(`pending ${name} is not exported yet (needed from the server)`);
console.log(`metrics: ${wanted.size} listed, ${wanted.size - failures - pendingMissing.length} exported, ${pendingMissing.length} pending, ${failures} missing`);
process.exit(failures ? 1 : 0);
