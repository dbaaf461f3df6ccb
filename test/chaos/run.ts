// `pnpm chaos --duration SECONDS --seed S [--partitions N] [--storage-nodes N] [--save]`: one chaos
// run against a fresh cluster; prints the verdict line, saves the history of a
// failing run under .chaos/, and exits 1 when the checker finds an anomaly.
// `--check FILE` re-runs the checker over a saved history (no cluster).
import { parseArgs } from 'node:util';
import { check, verdict } from './checker.js';
import { checkLists, listVerdict } from './lists.js';
import { adminVerdict, checkAdmin } from './admin.js';
import { checkGroup, groupVerdict } from './group.js';
import { runChaos } from './harness.js';
import { DISK_FAULTS } from './disk-nemesis.js';
import { ELASTIC_FAULTS, NETWORK_FAULTS, PROCESS_FAULTS } from './nemesis.js';
import { loadRun } from './history.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '180' },
    seed: { type: 'string' },
    partitions: { type: 'string', default: '4' },
    save: { type: 'boolean', default: false },
    check: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    network: { type: 'string', default: 'auto' },
    kinds: { type: 'string' },
    // TLS on both listeners and ACLs on; the workloads authenticate as a user.
    secure: { type: 'boolean', default: false },
    // The chaos topic in two tiers (a filesystem object store shared by the nodes), or not.
    tiered: { type: 'string', default: 'on' },
    // Storage-only nodes beside the 3 combined ones (default 1 when elastic faults run, else 0).
    'storage-nodes': { type: 'string' },
  },
});

if (values.check) {
  const run = loadRun(values.check);
  const result = check(run.history, run.drain);
  const lists = checkLists(run.history, run.drain);
  const admin = checkAdmin(run.history);
  const group = checkGroup(run.history, run.drain);
  console.log(`seed=${run.seed} duration=${run.durationS}s ${verdict(result)} ${listVerdict(lists)} ${adminVerdict(admin)} ${groupVerdict(group)}`);
  if (!admin.ok) console.log(JSON.stringify(admin.examples, null, 2));
  if (!group.ok) console.log(JSON.stringify(group.examples, null, 2));
  if (!result.ok) console.log(JSON.stringify(result.examples, null, 2));
  if (!lists.ok) console.log(JSON.stringify(lists.examples, null, 2));
  process.exit(result.ok && lists.ok && admin.ok && group.ok ? 0 : 1);
}

const seed = values.seed !== undefined ? Number(values.seed) : Math.floor(Math.random() * 2 ** 31);
const durationS = Number(values.duration);
const network = values.network as 'auto' | 'require' | 'off';
const allKinds = [...PROCESS_FAULTS, ...DISK_FAULTS, ...NETWORK_FAULTS, ...ELASTIC_FAULTS];
const storageNodes = values['storage-nodes'] !== undefined ? Number(values['storage-nodes']) : undefined;
const kinds = values.kinds?.split(',').map((name) => allKinds.find((k) => k.name === name) ?? name);
const unknownKind = kinds?.find((k) => typeof k === 'string');
if (!['on', 'off'].includes(values.tiered) || !Number.isInteger(seed) || !(durationS > 0) || !['auto', 'require', 'off'].includes(network) || unknownKind !== undefined || (storageNodes !== undefined && !(Number.isInteger(storageNodes) && storageNodes >= 0 && storageNodes <= 4))) {
  if (unknownKind !== undefined) console.error(`unknown fault kind ${JSON.stringify(unknownKind)}; kinds: ${allKinds.map((k) => k.name).join(', ')}`);
  console.error('usage: run.ts --duration SECONDS --seed S [--partitions N] [--network auto|require|off] [--kinds a,b] [--storage-nodes N] [--tiered on|off] [--secure] [--save] | --check FILE');
  process.exit(2);
}
// Ctrl-C / SIGTERM: exit through process.exit so the network lab's exit hook removes its namespaces.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
const started = Date.now();
const log = values.quiet ? undefined : (line: string): void => console.error(`[${((Date.now() - started) / 1000).toFixed(1)}s] ${line}`);
let outcome: Awaited<ReturnType<typeof runChaos>>;
try {
  outcome = await runChaos({ seed, durationS, partitions: Number(values.partitions), saveAlways: values.save, network, secure: values.secure, tiered: values.tiered === 'on', ...(storageNodes !== undefined ? { storageNodes } : {}), ...(kinds ? { kinds: kinds as typeof allKinds } : {}), ...(log ? { log } : {}) });
} catch (err) {
  // No verdict: the run broke (a node that never came back, a drain that never settled).
  console.log(`seed=${seed} duration=${durationS}s error=${JSON.stringify(String(err))}`);
  console.error(err);
  process.exit(2);
}
console.log(outcome.line);
if (outcome.historyFile) console.log(`history: ${outcome.historyFile}`);
if (!outcome.result.ok) console.log(JSON.stringify(outcome.result.examples, null, 2));
if (!outcome.lists.ok) console.log(JSON.stringify(outcome.lists.examples, null, 2));
if (!outcome.admin.ok) console.log(JSON.stringify(outcome.admin.examples, null, 2));
if (!outcome.group.ok) console.log(JSON.stringify(outcome.group.examples, null, 2));
process.exit(outcome.ok ? 0 : 1);
