// `pnpm bench idle`: what an idle cluster costs, side by side with JetStream.
// Three Eddy servers holding `--replicas` partition replicas each (one RF-3
// topic plus __consumer_offsets), then three nats-server processes holding as
// many R3 stream replicas each; both settle (JIT warm-up, first elections,
// quiescence), then every thread's CPU is read from
// /proc/<pid>/task/*/schedstat over the window. Rounds alternate the systems.
//
//   pnpm bench idle [--replicas 100] [--settle 150] [--seconds 40] [--repeat 1] [--only eddy|jetstream]
import { parseArgs } from 'node:util';
import { connect } from 'nats';
import { waitFor } from '../support/harness.js';
import { ServerCluster } from '../support/server-cluster.js';
import { WireClient } from '../support/wire-client.js';
import { NatsCluster } from './nats-cluster.js';
import { threadCpuMs } from './thread-cpu.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    replicas: { type: 'string', default: '100' },
    settle: { type: 'string', default: '150' },
    seconds: { type: 'string', default: '40' },
    repeat: { type: 'string', default: '1' },
    only: { type: 'string', default: '' },
  },
});
class UsageError extends Error {}

function usage(message: string): never {
  console.error(`pnpm bench idle: ${message}`);
  process.exit(2);
}
function whole(name: 'replicas' | 'settle' | 'seconds' | 'repeat'): number {
  const v = Number(values[name]);
  if (!/^[0-9]+$/.test(values[name]) || v < 1) usage(`--${name} must be a positive whole number, got "${values[name]}"`);
  return v;
}
const replicas = whole('replicas');
const settle = whole('settle');
const seconds = whole('seconds');
const repeat = whole('repeat');
if (values.only !== '' && values.only !== 'eddy' && values.only !== 'jetstream') usage(`--only must be eddy or jetstream, got "${values.only}"`);

/** CPU ms so far of a process's main thread (its id is the pid) and of all its threads. */
function cpuMs(pid: number): { main: number; all: number } {
  const threads = threadCpuMs(pid);
  return { main: threads.get(pid) ?? 0, all: [...threads.values()].reduce((a, b) => a + b, 0) };
}

/** Percent of a core each process used over `seconds`, main thread and all threads. */
async function window(pids: number[]): Promise<{ mainPct: number; allPct: number }[]> {
  const before = pids.map(cpuMs);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return pids.map((pid, i) => {
    const after = cpuMs(pid);
    const pct = (ms: number) => Math.round((ms / (seconds * 1e3)) * 10_000) / 100;
    return { mainPct: pct(after.main - before[i]!.main), allPct: pct(after.all - before[i]!.all) };
  });
}

async function eddyIdle(): Promise<{ replicasPerNode: number[]; servers: { mainPct: number; allPct: number }[] }> {
  const cluster = new ServerCluster({ nodes: 3, roles: 'combined', raftTickMs: 50 });
  await cluster.start();
  const w = new WireClient(cluster);
  try {
    const offsets = '__consumer_offsets';
    // The servers create __consumer_offsets themselves; the topic makes up the rest.
    const internal = await waitFor('__consumer_offsets', async () => (await w.metadata([offsets])).topics[0]?.partitions.length, 60_000);
    // Thrown, not exited: the finally below stops the cluster first.
    if (internal >= replicas) throw new UsageError(`--replicas must be above the ${internal} partitions of __consumer_offsets, which every node also holds; got ${replicas}`);
    await w.admin('createTopic', { name: 'idle', partitions: replicas - internal, replicationFactor: 3 });
    await waitFor('leaders', async () => (await w.metadata(['idle', offsets])).topics.every((t) => t.partitions.every((p) => p.leaderId > 0)), 60_000);
    const md = await w.metadata(['idle', offsets]);
    const replicasPerNode = cluster.nodes.map((_, i) => md.topics.reduce((n, t) => n + t.partitions.filter((p) => p.replicas.includes(i + 1)).length, 0));
    // The bench's own channels stay quiet while the window runs (closing again below does nothing).
    w.close();
    await new Promise((r) => setTimeout(r, settle * 1000));
    return { replicasPerNode, servers: await window(cluster.nodes.map((n) => n.child!.pid!)) };
  } finally {
    w.close();
    await cluster.stop('SIGKILL');
  }
}

async function jetstreamIdle(): Promise<{ replicasPerNode: number[]; servers: { mainPct?: number; allPct: number }[] }> {
  const nats = new NatsCluster();
  await nats.start(3);
  try {
    const nc = await waitFor('nats connect', () => connect({ servers: nats.clientUrls }), 30_000);
    // JetStream answers only once the cluster has elected its meta leader.
    const jsm = await waitFor('jetstream', () => nc.jetstreamManager({ timeout: 2000 }), 60_000);
    for (let i = 0; i < replicas; i++) {
      await waitFor(`stream idle${i}`, () => jsm.streams.add({ name: `idle${i}`, subjects: [`idle${i}`], num_replicas: 3 }).then(() => true), 60_000);
    }
    await nc.close();
    await new Promise((r) => setTimeout(r, settle * 1000));
    // Every R3 stream has a replica on each of the three servers. Go spreads a
    // server over many threads, so only the all-threads figure means anything.
    const servers = (await window(nats.pids)).map((s) => ({ allPct: s.allPct }));
    return { replicasPerNode: nats.pids.map(() => replicas), servers };
  } finally {
    await nats.stop();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rows: Record<string, unknown>[] = [];
const all: Record<'eddy' | 'jetstream', number[]> = { eddy: [], jetstream: [] };
for (let round = 1; round <= repeat; round++) {
  for (const system of ['eddy', 'jetstream'] as const) {
    if (values.only !== '' && values.only !== system) continue;
    const r = await (system === 'eddy' ? eddyIdle() : jetstreamIdle()).catch((err: unknown) => {
      if (err instanceof UsageError) usage(err.message);
      throw err;
    });
    const shown = r.servers.map((s) => (system === 'eddy' ? `${s.allPct}% (main ${s.mainPct}%)` : `${s.allPct}%`)).join(', ');
    console.log(`round ${round}, ${system}: replicas per node ${r.replicasPerNode.join('/')}; CPU per server, all threads, % of a core: ${shown}`);
    all[system].push(...r.servers.map((s) => s.allPct));
    rows.push({ round, system, replicasPerNode: r.replicasPerNode, servers: r.servers });
  }
}
const med = (s: 'eddy' | 'jetstream') => (all[s].length > 0 ? median(all[s]) : undefined);
const ratio = med('eddy') !== undefined && med('jetstream') ? Math.round((med('eddy')! / med('jetstream')!) * 100) / 100 : undefined;
console.log(`median per server: eddy ${med('eddy') ?? '-'}%, jetstream ${med('jetstream') ?? '-'}%, ratio ${ratio ?? '-'}`);
console.log(JSON.stringify({ bench: 'idle', node: process.version, replicas, settle, seconds, rows, medianPct: { eddy: med('eddy'), jetstream: med('jetstream') }, ratio }));
