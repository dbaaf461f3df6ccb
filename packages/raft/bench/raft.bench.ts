// pnpm bench raft: the Raft library over its real drivers — 3 kv-node
// processes on loopback, gRPC transport, LevelDB with fsync.
//   1. throughput: committed 1 KiB proposals/s with many in flight (batched into
//      shared appends and fsyncs), then p50/p99 commit latency at half that rate;
//   2. failover: SIGKILL the leader; time until a proposal commits again (default timeouts);
//   3. multi-raft idle cost: N groups hosted by all 3 processes — CPU when idle and memory per group;
//   4. store: CPU of one LevelRaftStore.write (a pass's batch: --ops puts of 300 B,
//      unsynced so the disk does not count) against abstract-level's public batch().
// Flags: --trials N (failover, default 10), --groups N (default 10000), --n N (proposals, default 30000),
// --ops N (store, default 5), --skip throughput,failover,idle,store.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LevelRaftStore, type BatchOp } from '../src/storage/level-raft-store.js';
import { waitFor } from '../../../test/support/harness.js';
import { KvCluster, type KvProcess } from '../test/process/kv-cluster.js';

const { values } = parseArgs({
  options: {
    trials: { type: 'string', default: '10' },
    groups: { type: 'string', default: '10000' },
    n: { type: 'string', default: '30000' },
    ops: { type: 'string', default: '5' },
    skip: { type: 'string', default: '' },
  },
});
const skip = new Set(values.skip.split(',').filter(Boolean));
const result: Record<string, unknown> = { bench: 'raft', node: process.version, cpus: 2 };

function quantile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function throughput(): Promise<void> {
  const c = new KvCluster();
  try {
    await c.start(3);
    const leader = await c.leader();
    await c.call(leader, `/load?n=2000&size=1024`, 'POST'); // warm-up
    const load = (await c.call<{ perSecond: number; p50: number; p99: number; seconds: number }>(leader, `/load?n=${values.n}&size=1024`, 'POST')).body;
    const half = Math.round(load.perSecond / 2);
    const rate = (await c.call<{ p50: number; p99: number }>(leader, `/rate?n=${Math.min(half * 5, 40000)}&size=1024&rate=${half}`, 'POST')).body;
    result.throughput = { entryBytes: 1024, inFlight: 512, proposalsPerSec: Math.round(load.perSecond), mbPerSec: +((load.perSecond * 1024) / 1e6).toFixed(1), latencyAtMaxP50Ms: +load.p50.toFixed(2), latencyAtMaxP99Ms: +load.p99.toFixed(2) };
    result.latencyAtHalf = { rate: half, p50Ms: +rate.p50.toFixed(2), p99Ms: +rate.p99.toFixed(2) };
    console.log(`throughput: ${Math.round(load.perSecond)} proposals/s (1 KiB, fsync, 3 processes); at ${half}/s: p50 ${rate.p50.toFixed(2)} ms, p99 ${rate.p99.toFixed(2)} ms`);
  } finally {
    await c.stop();
  }
}

async function failover(trials: number): Promise<void> {
  const c = new KvCluster();
  const times: number[] = [];
  try {
    await c.start(3);
    for (let t = 0; t < trials; t++) {
      const leader = await c.leader(30_000);
      await c.call(leader, `/put?k=warm&v=${t}`, 'POST');
      const killedAt = performance.now();
      await c.kill(leader);
      const others = c.nodes.filter((n) => n.child);
      // Propose continuously at every survivor until one commits.
      let done = false;
      const attempt = async (n: KvProcess): Promise<void> => {
        while (!done) {
          const r = await c.call(n, `/put?k=f&v=${t}`, 'POST').catch(() => undefined);
          if (r?.status === 200) {
            if (!done) times.push(performance.now() - killedAt);
            done = true;
            return;
          }
          await new Promise((res) => setTimeout(res, 5));
        }
      };
      await Promise.all(others.map(attempt));
      await c.restart(leader);
      await new Promise((res) => setTimeout(res, 1500)); // let the restarted node catch up and the cluster settle
    }
  } finally {
    await c.stop();
  }
  times.sort((a, b) => a - b);
  result.failover = { trials, tickMs: 50, electionTicks: 10, p50Ms: Math.round(quantile(times, 0.5)), p99Ms: Math.round(quantile(times, 0.99)), maxMs: Math.round(times[times.length - 1] ?? 0), allMs: times.map(Math.round) };
  console.log(`failover (SIGKILL leader → next commit), ${trials} trials: p50 ${Math.round(quantile(times, 0.5))} ms, max ${Math.round(times[times.length - 1] ?? 0)} ms`);
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100/s)
}

function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}

async function idleCost(groups: number): Promise<void> {
  const base = new KvCluster();
  let baseRss = 0;
  let baseHeap = 0;
  try {
    await base.start(3);
    await base.leader();
    await new Promise((r) => setTimeout(r, 3000));
    baseRss = base.nodes.reduce((s, n) => s + rssBytes(n.child!.pid!), 0) / 3;
    baseHeap = (await Promise.all(base.nodes.map((n) => base.status(n, { gc: true })))).reduce((s, x) => s + x.memory.heapUsed, 0) / 3;
  } finally {
    await base.stop();
  }
  const c = new KvCluster({ groups });
  try {
    const t0 = performance.now();
    await c.start(3);
    await waitFor('every group has a leader', async () => {
      const s = await Promise.all(c.nodes.map((n) => c.status(n)));
      return s.reduce((a, x) => a + x.leading, 0) >= groups + 1;
    }, 300_000);
    const startSeconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 5000)); // settle
    const pids = c.nodes.map((n) => n.child!.pid!);
    const before = pids.map(cpuTicks);
    const seconds = 10;
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const after = pids.map(cpuTicks);
    const cpuPct = pids.map((_, i) => ((after[i]! - before[i]!) / 100 / seconds) * 100);
    const rss = pids.map(rssBytes);
    // RSS as the idle process holds it; then the live JS heap after a full collection.
    const statuses = await Promise.all(c.nodes.map((n) => c.status(n, { gc: true })));
    const leading = statuses.map((s) => s.leading);
    const perGroup = rss.map((r) => (r - baseRss) / groups);
    // Where the RSS goes: the live JS heap against everything else (heap slack, LevelDB, buffers).
    const heapPerGroup = statuses.map((s) => (s.memory.heapUsed - baseHeap) / groups);
    result.idle = {
      groups,
      replicasPerProcess: groups + 1,
      leadersPerProcess: leading,
      startSeconds: +startSeconds.toFixed(1),
      idleCpuPercentOfOneCore: cpuPct.map((x) => +x.toFixed(1)),
      rssMiB: rss.map((r) => +(r / 2 ** 20).toFixed(1)),
      baselineRssMiB: +(baseRss / 2 ** 20).toFixed(1),
      bytesPerIdleGroup: perGroup.map((x) => Math.round(x)),
      activeGroups: statuses.map((s) => s.active),
      heapUsedMiB: statuses.map((s) => +(s.memory.heapUsed / 2 ** 20).toFixed(1)),
      heapTotalMiB: statuses.map((s) => +(s.memory.heapTotal / 2 ** 20).toFixed(1)),
      externalMiB: statuses.map((s) => +(s.memory.external / 2 ** 20).toFixed(1)),
      baselineHeapUsedMiB: +(baseHeap / 2 ** 20).toFixed(1),
      heapBytesPerIdleGroup: heapPerGroup.map((x) => Math.round(x)),
      loadAverage: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number),
    };
    console.log(
      `idle: ${groups} groups × 3 replicas; started in ${startSeconds.toFixed(1)} s; CPU per process ${cpuPct.map((x) => x.toFixed(1) + '%').join(', ')} of one core; ~${Math.round(perGroup.reduce((a, b) => a + b, 0) / 3)} bytes RSS (~${Math.round(heapPerGroup.reduce((a, b) => a + b, 0) / 3)} bytes of live JS heap) per group`,
    );
  } finally {
    await c.stop();
  }
}

async function storeWrite(opsPerBatch: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'eddy-bench-store-'));
  const store = await LevelRaftStore.open({ path: dir });
  try {
    const value = Buffer.alloc(300, 1);
    let seq = 0;
    const batch = (): BatchOp[] => Array.from({ length: opsPerBatch }, () => ({ type: 'put', key: Buffer.from(`g/bench/e/${String(seq++).padStart(12, '0')}`), value }));
    const ways = {
      'LevelRaftStore.write': (ops: BatchOp[]) => store.write(ops, { sync: false }),
      'db.batch (abstract-level)': (ops: BatchOp[]) => store.db.batch(ops, { sync: false }),
    };
    const n = 20_000;
    const cpuUs: Record<string, number> = {};
    // Two rounds each, interleaved; the second round of each counts (the first warms the JIT).
    for (let round = 0; round < 2; round++) {
      for (const [name, write] of Object.entries(ways)) {
        const before = process.cpuUsage();
        for (let i = 0; i < n; i++) await write(batch());
        const used = process.cpuUsage(before);
        cpuUs[name] = +((used.user + used.system) / n).toFixed(1);
      }
    }
    result.store = { opsPerBatch, valueBytes: value.length, cpuMicrosPerBatch: cpuUs };
    console.log(`store: CPU per ${opsPerBatch}-put batch (all threads, unsynced): ${Object.entries(cpuUs).map(([k, v]) => `${k} ${v} µs`).join(', ')}`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (!skip.has('throughput')) await throughput();
if (!skip.has('failover')) await failover(Number(values.trials));
if (!skip.has('idle')) await idleCost(Number(values.groups));
if (!skip.has('store')) await storeWrite(Number(values.ops));
console.log(JSON.stringify(result));
