// `pnpm chaos --duration SECONDS --seed S [--partitions N] [--save]`: one chaos
// run against a fresh cluster; prints the verdict line, saves the history of a
// failing run under .chaos/, and exits 1 when the checker finds an anomaly.
// `--check FILE` re-runs the checker over a saved history (no cluster).
import { parseArgs } from 'node:util';
import { check, verdict } from './checker.js';
import { runChaos } from './harness.js';
import { loadRun } from './history.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '180' },
    seed: { type: 'string' },
    partitions: { type: 'string', default: '4' },
    save: { type: 'boolean', default: false },
    check: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

if (values.check) {
  const run = loadRun(values.check);
  const result = check(run.history, run.drain);
  console.log(`seed=${run.seed} duration=${run.durationS}s ${verdict(result)}`);
  if (!result.ok) console.log(JSON.stringify(result.examples, null, 2));
  process.exit(result.ok ? 0 : 1);
}

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const durationS = Number(values.duration);
if (!Number.isInteger(seed) || !(durationS > 0)) {
  console.error('usage: run.ts --duration SECONDS --seed S [--partitions N] [--save] | --check FILE');
  process.exit(2);
}
const started = Date.now();
const log = values.quiet ? undefined : (line: string): void => console.error(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
let outcome: Awaited<ReturnType<typeof runChaos>>;
try {
  outcome = await runChaos({ seed, durationS, partitions: Number(values.partitions), saveAlways: values.save, ...(log ? { log } : {}) });
} catch (err) {
  // No verdict: the run broke (a node that never came back, a drain that never settled).
  console.log(`seed=${seed} duration=${durationS}s error=${JSON.stringify(String(err))}`);
  console.error(err);
  process.exit(2);
}
console.log(outcome.line);
if (outcome.historyFile) console.log(`history: ${outcome.historyFile}`);
if (!outcome.result.ok) console.log(JSON.stringify(outcome.result.examples, null, 2));
process.exit(outcome.result.ok ? 0 : 1);
