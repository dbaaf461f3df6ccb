// pnpm bench produce | pnpm bench e2e — Eddy and NATS JetStream side by side,
// in one run, on this machine (docs/architecture.md §18; issue: storage node, "Speed").
//
// produce: one producer, acks=all, RF 3 / R3 file storage, 1 KiB and 100 B
//   records. Eddy: 3 combined nodes (fsync before acknowledging), a 6-partition
//   topic; the producer encodes RecordBatch v2 batches of --batch records,
//   idempotent, one batch in flight per partition. JetStream: 3 nats-server nodes, an R3 file
//   stream, the `nats` client's js.publish() with --window publishes in flight
//   (its fastest acknowledged path; JetStream does not fsync per write by default).
// e2e: records produced one at a time at a fixed rate; latency from the
//   produce call to the consumer's receipt. Eddy: @eddy/client's producer,
//   send() per record (acks=all, idempotent, --linger ms, default 0), and a
//   Subscribe stream on the partition leader; JetStream: js.publish() per
//   record and an ordered push consumer. Each system first gets --warmup
//   seconds (default 10) at the same rate, not measured: a freshly started
//   Node process runs its hot path unoptimized for its first ~10^5 calls,
//   which a long-running server is past (JetStream, compiled ahead of time,
//   is not affected; it gets the same warm-up all the same). --repeat N runs N
//   interleaved rounds and reports each system's median p99 per rate.
// catchup: one partition filled and read back from offset 0 (eddyCatchup below);
//   with --remote, on a tiered topic once per object store (test/bench/tiered-catchup.ts).
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { Eddy } from '@eddy/client';
import { channelCredentials } from '@eddy/client/internal';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { createLogger, decodeRecordBatches, encodeRecordBatch, loadEddyProto, type wire } from '@eddy/protocol';
import { AckPolicy, DeliverPolicy, StorageType, connect, type JetStreamClient, type NatsConnection } from 'nats';
import { call } from '../support/grpc.js';
import { waitFor } from '../support/harness.js';
import { ServerCluster } from '../support/server-cluster.js';
import { WireClient } from '../support/wire-client.js';
import { CatchupLoad, quietWrites, writeBytes } from './catchup-load.js';
import { NatsCluster } from './nats-cluster.js';
import { threadCpuMs } from './thread-cpu.js';
import { TIERED_STORES, tieredCatchup, type TieredStoreKind } from './tiered-catchup.js';

const mode = process.env.EDDY_BENCH === 'e2e' || process.env.EDDY_BENCH === 'catchup' ? process.env.EDDY_BENCH : 'produce';
const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    seconds: { type: 'string', default: '10' },
    sizes: { type: 'string', default: '1024,100' },
    batch: { type: 'string', default: '1000' },
    partitions: { type: 'string', default: '6' },
    window: { type: 'string', default: '4000' },
    rates: { type: 'string', default: '2000,5000' },
    linger: { type: 'string', default: '0' },
    // e2e: rounds over all rates, each system in turn; prints the median p99 per rate and system.
    repeat: { type: 'string', default: '1' },
    // e2e: seconds sent at the same rate before the measured window (both systems).
    warmup: { type: 'string', default: '10' },
    mib: { type: 'string', default: '1024' },
    'in-flight': { type: 'string', default: '4' },
    'fetch-mib': { type: 'string', default: '8' },
    via: { type: 'string', default: 'raw' },
    only: { type: 'string', default: '' },
    // Extra node flags for the Eddy servers, e.g. --node-args='--cpu-prof --cpu-prof-dir=/tmp/prof'.
    'node-args': { type: 'string', default: '' },
    // produce, e2e: plain, secure, or both in turn (secure: TLS on both listeners, ACLs on,
    // the load authenticated as a user with a password and authorized per request).
    security: { type: 'string', default: 'plain' },
    // catchup --remote: the same on a tiered topic, once per object store (test/bench/tiered-catchup.ts).
    remote: { type: 'boolean', default: false },
    stores: { type: 'string', default: 'fs,s3' },
    'local-retention-mib': { type: 'string', default: '100' },
    'segment-mib': { type: 'string', default: '64' },
  },
});
const securityModes = values.security.split(',').map((m) => m.trim());
if (securityModes.some((m) => m !== 'plain' && m !== 'secure')) {
  console.error(`--security takes plain, secure or plain,secure (got "${values.security}")`);
  process.exit(2);
}
// Numbers and lists of numbers are checked before any cluster starts: a typo
// would otherwise surface as NaN deep in a run, or as a crash.
for (const name of ['seconds', 'warmup', 'batch', 'partitions', 'window', 'repeat', 'mib', 'in-flight', 'fetch-mib', 'local-retention-mib', 'segment-mib'] as const) {
  if (!/^[0-9]+$/.test(values[name]) || Number(values[name]) < (name === 'warmup' ? 0 : 1)) {
    console.error(`--${name} takes a ${name === 'warmup' ? 'whole number' : 'positive whole number'} (got "${values[name]}")`);
    process.exit(2);
  }
}
if (!/^[0-9]+(\.[0-9]+)?$/.test(values.linger)) {
  console.error(`--linger takes milliseconds, a number of 0 or more (got "${values.linger}")`);
  process.exit(2);
}
for (const name of ['rates', 'sizes'] as const) {
  if (!values[name].split(',').every((v) => /^[0-9]+$/.test(v.trim()) && Number(v) > 0)) {
    console.error(`--${name} takes positive whole numbers separated by commas (got "${values[name]}")`);
    process.exit(2);
  }
}
/** The mode the next Eddy cluster runs in. */
let secure = false;
const BENCH_USER = { username: 'bench', password: 'bench-password-1' };
const seconds = Number(values.seconds);
const warmup = Number(values.warmup);
// A profiled server writes its profile only when it exits on its own.
const stopSignal: NodeJS.Signals = values['node-args'].includes('--cpu-prof') ? 'SIGTERM' : 'SIGKILL';
const only = values.only;
const result: Record<string, unknown> = { bench: mode, node: process.version, cpus: 2, seconds, ...(mode === 'e2e' ? { warmup } : {}) };

function q(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/**
 * Sends `warm + total` values at a fixed rate, each stamped with the send time
 * (a double at byte 0) so the receiver can measure latency; waits for all
 * sends. The first `warm` are the warm-up: `onMeasure` runs just before the
 * first measured one is sent, and the receiver counts only values stamped at
 * or after `window.from`.
 */
async function sendAtRate(
  warm: number,
  total: number,
  rate: number,
  size: number,
  send: (value: Buffer) => Promise<unknown>,
  window: { from: number },
  onMeasure: () => void,
): Promise<void> {
  const t0 = performance.now();
  // Count sends in flight rather than keep every promise: tens of thousands of
  // settled promises (and their results) kept alive would be the bench's own
  // garbage, promoted and collected in both systems' measurements.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const settled = (): void => {
    if (--inFlight === 0) drained?.();
  };
  for (let i = 0; i < warm + total; i++) {
    if (i === warm) {
      window.from = performance.now();
      onMeasure();
    }
    const wait = t0 + (i * 1000) / rate - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const value = Buffer.alloc(Math.max(size, 8));
    value.writeDoubleLE(performance.now(), 0);
    inFlight++;
    send(value).then(settled, settled);
  }
  if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
}

/** CPU seconds (user + system) the processes used so far, from /proc/<pid>/stat. */
function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    ticks += Number(f[11]) + Number(f[12]);
  }
  return ticks / 100; // USER_HZ
}

/**
 * Time the processes' main threads spent on a CPU and waiting for one
 * (runnable, in the run queue), in ms so far, from /proc/<pid>/task/<pid>/schedstat.
 * The wait is CPU contention that every latency figure of this bench includes.
 * Only for Node processes, whose event loop is the main thread; Go's scheduler
 * spreads a server over many threads, so no JetStream server figure.
 */
function schedMs(pids: number[]): { onCpu: number; waiting: number } {
  let onCpu = 0;
  let waiting = 0;
  for (const pid of pids) {
    try {
      const [run, wait] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
      onCpu += run! / 1e6;
      waiting += wait! / 1e6;
    } catch {
      // the process exited
    }
  }
  return { onCpu, waiting };
}

/** Run-queue wait over the window as a percentage of the time on CPU. */
function waitPct(before: { onCpu: number; waiting: number }, after: { onCpu: number; waiting: number }): number {
  return Math.round((100 * (after.waiting - before.waiting)) / Math.max(1, after.onCpu - before.onCpu));
}

/** Each node's /metrics, read once per snapshot (a scrape takes the server's thread for a few ms). */
async function scrape(cluster: ServerCluster): Promise<string[]> {
  return Promise.all(cluster.nodes.map((n) => fetch(n.metricsUrl!).then((r) => r.text())));
}

/** Cumulative histogram buckets (le seconds -> count) of one metric, summed over every series in the scraped texts. */
function histogramBuckets(texts: string[], name: string): Map<number, number> {
  const out = new Map<number, number>();
  const re = new RegExp(`^${name}_bucket\\{[^}]*\\ble="([^"]+)"[^}]*\\} (\\d+)$`, 'gm');
  for (const text of texts) {
    for (const m of text.matchAll(re)) {
      const le = m[1] === '+Inf' ? Infinity : Number(m[1]);
      out.set(le, (out.get(le) ?? 0) + Number(m[2]));
    }
  }
  return out;
}

/** A histogram's _sum and _count, summed over its series (GC pauses: one per kind). */
function histogramTotals(text: string, name: string): { sum: number; count: number } {
  const total = (suffix: string) => [...text.matchAll(new RegExp(`^${name}_${suffix}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))].reduce((a, m) => a + Number(m[1]), 0);
  return { sum: total('sum'), count: total('count') };
}

const fsyncBuckets = (texts: string[]) => histogramBuckets(texts, 'eddy_raft_fsync_duration_seconds');
const produceBuckets = (texts: string[]) => histogramBuckets(texts, 'eddy_storage_produce_duration_seconds');

/** Upper bucket bound holding quantile p of a histogram's observations between two snapshots, in ms. */
function bucketQuantile(before: Map<number, number>, after: Map<number, number>, p: number): number {
  const les = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  for (const le of les) if ((after.get(le) ?? 0) - (before.get(le) ?? 0) >= p * total) return le * 1000;
  return Infinity;
}

/**
 * Quantile p of a histogram's observations between two snapshots, in ms,
 * interpolated linearly within its bucket as Prometheus' histogram_quantile
 * does: bucket resolution, not exact. In the +Inf bucket: the highest finite bound.
 */
function interpolatedQuantile(before: Map<number, number>, after: Map<number, number>, p: number): number {
  const les = [...after.keys()].sort((a, b) => a - b);
  const delta = (le: number) => (after.get(le) ?? 0) - (before.get(le) ?? 0);
  const rank = p * delta(Infinity);
  let lower = 0;
  let below = 0;
  for (const le of les) {
    const upTo = delta(le);
    if (upTo >= rank && upTo > 0) {
      if (le === Infinity) return lower * 1000;
      return (lower + ((le - lower) * (rank - below)) / Math.max(1, upTo - below)) * 1000;
    }
    lower = le;
    below = upTo;
  }
  return 0;
}

/** One Eddy server over the measured window. */
type ServerWindow = {
  /** Event-loop delay (eddy_event_loop_delay_seconds), interpolated within its buckets; the highest bucket reached (Infinity, null in the JSON: above 1 s). */
  eldP99Ms: number;
  eldP999Ms: number;
  eldMaxBucketMs: number;
  /** GC pauses (eddy_nodejs_gc_duration_seconds, all kinds): how many, and their total time. */
  gcCount: number;
  gcMs: number;
  /** CPU of the main thread (the event loop) and of all other threads (libuv pool, V8's, LevelDB's), per 1,000 records. */
  mainCpuMsPerK: number;
  otherCpuMsPerK: number;
};

function serverWindows(pids: number[], texts: [string[], string[]], threads: [Map<number, number>[], Map<number, number>[]], total: number): ServerWindow[] {
  return pids.map((pid, i) => {
    const [t0, t1] = [texts[0][i]!, texts[1][i]!];
    const eld0 = histogramBuckets([t0], 'eddy_event_loop_delay_seconds');
    const eld1 = histogramBuckets([t1], 'eddy_event_loop_delay_seconds');
    const gc0 = histogramTotals(t0, 'eddy_nodejs_gc_duration_seconds');
    const gc1 = histogramTotals(t1, 'eddy_nodejs_gc_duration_seconds');
    const [before, after] = [threads[0][i]!, threads[1][i]!];
    let main = 0;
    let other = 0;
    // A thread started in the window counts from 0; one that ended in it is missed (Node's and LevelDB's threads live as long as the process).
    for (const [tid, ms] of after) {
      const used = ms - (before.get(tid) ?? 0);
      if (tid === pid) main += used;
      else other += used;
    }
    const perK = (ms: number) => +((ms * 1000) / total).toFixed(1);
    return {
      eldP99Ms: +interpolatedQuantile(eld0, eld1, 0.99).toFixed(1),
      eldP999Ms: +interpolatedQuantile(eld0, eld1, 0.999).toFixed(1),
      // The highest bucket that gained an observation: the one holding all of them (Infinity: above the last bound).
      eldMaxBucketMs: bucketQuantile(eld0, eld1, 1),
      gcCount: gc1.count - gc0.count,
      gcMs: +((gc1.sum - gc0.sum) * 1000).toFixed(1),
      mainCpuMsPerK: perK(main),
      otherCpuMsPerK: perK(other),
    };
  });
}

type E2e = {
  p50: number;
  p99: number;
  p999: number;
  received: number;
  serverCpuMsPerKRecords: number;
  /** Run-queue wait of the Eddy servers' and of this process's main threads, % of their CPU time. */
  serverRunQueueWaitPct?: number;
  benchRunQueueWaitPct: number;
  ackP50?: number;
  ackP99?: number;
  fsyncP50Ms?: number;
  fsyncP99Ms?: number;
  serverProduceP50Ms?: number;
  serverProduceP99Ms?: number;
  /** Eddy: fsynced Raft writes per second per server during the window (≈ rounds), and records per round. */
  roundsPerSec?: number;
  recordsPerRound?: number;
  /** Eddy: each server over the window (event-loop delay, GC, main- and other-thread CPU). */
  servers?: ServerWindow[];
};

/**
 * The servers' and this process's CPU and run-queue counters, read at the start
 * of the measured window; the servers' run queue only for Node servers (schedMs).
 */
function startWindow(pids: number[], nodeServers: boolean): { cpu: number; servers: ReturnType<typeof schedMs> | undefined; bench: ReturnType<typeof schedMs> } {
  return { cpu: cpuSeconds(pids), servers: nodeServers ? schedMs(pids) : undefined, bench: schedMs([process.pid]) };
}

function e2eResult(latencies: number[], pids: number[], start: ReturnType<typeof startWindow>, total: number): E2e {
  latencies.sort((a, b) => a - b);
  return {
    p50: +q(latencies, 0.5).toFixed(2),
    p99: +q(latencies, 0.99).toFixed(2),
    p999: +q(latencies, 0.999).toFixed(2),
    received: latencies.length,
    serverCpuMsPerKRecords: +(((cpuSeconds(pids) - start.cpu) * 1e6) / total).toFixed(1),
    ...(start.servers ? { serverRunQueueWaitPct: waitPct(start.servers, schedMs(pids)) } : {}),
    benchRunQueueWaitPct: waitPct(start.bench, schedMs([process.pid])),
  };
}

// ---------------------------------------------------------------- Eddy

async function eddyCluster(): Promise<{ cluster: ServerCluster; w: WireClient }> {
  // Default Raft timing (50 ms ticks), as a deployment would run.
  const cluster = new ServerCluster({ nodes: 3, roles: 'combined', raftTickMs: 50, nodeArgs: values['node-args'].split(' ').filter(Boolean), ...(secure ? { tls: { authorization: true } } : {}) });
  await cluster.start();
  const w = new WireClient(cluster);
  if (secure) {
    // The load runs as a user whose ACLs allow it, not as a super user: every request is authorized.
    await waitFor('an active controller', async () => (await w.admin<{ activeControllerId: number }>('describeCluster', {})).activeControllerId > 0);
    await w.admin('createUser', { name: BENCH_USER.username, password: BENCH_USER.password });
    const allow = (operation: string) => ({ principal: 'User:bench', resourceType: 'ACL_RESOURCE_TYPE_TOPIC', resourceName: '*', patternType: 'ACL_PATTERN_TYPE_LITERAL', operation, permission: 'ACL_PERMISSION_ALLOW' });
    await w.admin('createAcls', { acls: [allow('ACL_OPERATION_WRITE'), allow('ACL_OPERATION_READ'), allow('ACL_OPERATION_DESCRIBE')] });
  }
  return { cluster, w };
}

/** Channel credentials of the load: plaintext, or TLS with the bench user's password on every call (as @eddy/client sends it). */
function loadCredentials(cluster: ServerCluster): grpc.ChannelCredentials {
  return secure && cluster.ca ? channelCredentials({ ca: cluster.ca.pem }, BENCH_USER) : grpc.credentials.createInsecure();
}

async function eddyProduce(size: number): Promise<{ recordsPerSec: number; mbPerSec: number }> {
  const { cluster, w } = await eddyCluster();
  try {
    const partitions = Number(values.partitions);
    const topic = `bench-${size}-${Date.now()}`;
    await w.admin('createTopic', { name: topic, partitions, replicationFactor: 3 });
    await waitFor('leaders', async () => (await w.metadata([topic])).topics[0]?.partitions.every((p) => p.leaderId > 0));
    const md = await w.metadata([topic]);
    const producer = await w.initProducerId();
    const perBatch = Number(values.batch);
    const value = Buffer.alloc(size, 97);
    const clients = new Map<string, wire.ProduceServiceClient>();
    const clientFor = (address: string) => {
      let c = clients.get(address);
      if (!c) clients.set(address, (c = new (loadEddyProto().proto.eddy.v1.ProduceService)(address, loadCredentials(cluster), { 'grpc.max_send_message_length': 64 << 20 })));
      return c;
    };
    let records = 0;
    let errors = 0;
    const deadline = Date.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      md.topics[0]!.partitions.map(async (p) => {
        let address = md.nodes.find((n) => n.nodeId === p.leaderId)!.address;
        let seq = 0;
        const send = async (): Promise<void> => {
          while (Date.now() < deadline) {
            const now = Date.now();
            const batch = encodeRecordBatch({
              records: Array.from({ length: perBatch }, (_, i) => ({ key: Buffer.from(`k${i % 100}`), value, timestamp: now })),
              producerId: producer.producerId,
              producerEpoch: producer.producerEpoch,
              baseSequence: seq,
            });
            // A failed call is resent with the same bytes (the leader deduplicates it) to the
            // partition's current leader: advancing past it would fail every later batch
            // with OUT_OF_ORDER_SEQUENCE.
            while (Date.now() < deadline) {
              const ok = await call(clientFor(address) as unknown as grpc.Client, 'produce', { topic, partition: p.partition, recordBatch: batch, acks: 'ACKS_ALL' }, 30_000).then(
                () => true,
                (err: Error & { code?: string }) => {
                  if (errors++ === 0) console.warn(`eddy: first produce failure: ${err.code} ${err.message}`);
                  return false;
                },
              );
              if (ok) {
                records += perBatch;
                break;
              }
              await new Promise((r) => setTimeout(r, 50));
              address = (await w.leaderAddress(topic, p.partition).catch(() => undefined))?.address ?? address;
            }
            seq += perBatch;
          }
        };
        // One batch in flight per partition (the real client keeps up to 5; see --via client).
        await send();
      }),
    );
    const secs = (performance.now() - started) / 1000;
    for (const c of clients.values()) c.close();
    if (errors > 0) console.warn(`eddy: ${errors} produce calls failed`);
    return { recordsPerSec: Math.round(records / secs), mbPerSec: +((records * size) / secs / 1e6).toFixed(1) };
  } finally {
    w.close();
    await cluster.stop(stopSignal);
  }
}

/**
 * produce --via client: the same load through @eddy/client's producer, as an
 * application sends it — send() calls of --batch keyless records, the sticky
 * partitioner, batches of about --batch records, 5 batches in flight per partition.
 */
async function eddyProduceViaClient(size: number): Promise<{ recordsPerSec: number; mbPerSec: number }> {
  const { cluster, w } = await eddyCluster();
  // The client logs each failed send at debug: count them by error code (OUT_OF_ORDER_SEQUENCE
  // sends the partition's queue serial, which is what pipelining loses to).
  const failures = new Map<string, number>();
  const logSink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.includes('"produce failed"')) continue;
        const code = (JSON.parse(line) as { err?: { code?: string } }).err?.code ?? 'unknown';
        failures.set(code, (failures.get(code) ?? 0) + 1);
      }
      done();
    },
  });
  const eddy = new Eddy({ bootstrap: cluster.bootstrap, logger: createLogger({ level: 'debug', destination: logSink }), ...cluster.clientSecurity(secure ? BENCH_USER : undefined) });
  try {
    const partitions = Number(values.partitions);
    const topic = `bench-${size}-${Date.now()}`;
    await w.admin('createTopic', { name: topic, partitions, replicationFactor: 3 });
    await waitFor('leaders', async () => (await w.metadata([topic])).topics[0]?.partitions.every((p) => p.leaderId > 0));
    const perBatch = Number(values.batch);
    const producer = eddy.producer({ acks: 'all', lingerMs: 5, batchBytes: perBatch * (size + 30), maxBufferedBytes: 64 * perBatch * (size + 30) });
    const value = Buffer.alloc(size, 97);
    const messages = Array.from({ length: perBatch }, (_, i) => ({ key: `k${i % 100}`, value, partition: undefined as number | undefined }));
    let records = 0;
    let errors = 0;
    let p = 0;
    const deadline = Date.now() + seconds * 1000;
    const started = performance.now();
    // Enough send() calls outstanding to keep every partition's window full.
    await Promise.all(
      Array.from({ length: partitions * 6 }, async () => {
        while (Date.now() < deadline) {
          // Keys would spread one call over all partitions; name the partition so each call is one batch.
          const part = p++ % partitions;
          await producer.send({ topic, messages: messages.map((m) => ({ ...m, partition: part })) }).then(
            () => (records += perBatch),
            (err: Error) => {
              if (errors++ === 0) console.warn(`eddy: first send failure: ${err.message}`);
            },
          );
        }
      }),
    );
    const secs = (performance.now() - started) / 1000;
    if (errors > 0) console.warn(`eddy: ${errors} sends failed`);
    console.warn(`eddy client, ${size} B: failed produce calls by code (retried or not): ${failures.size > 0 ? JSON.stringify(Object.fromEntries(failures)) : 'none'}`);
    await producer.close();
    return { recordsPerSec: Math.round(records / secs), mbPerSec: +((records * size) / secs / 1e6).toFixed(1) };
  } finally {
    await eddy.close();
    w.close();
    await cluster.stop(stopSignal);
  }
}

async function eddyE2e(rate: number, size: number): Promise<E2e> {
  const { cluster, w } = await eddyCluster();
  try {
    const topic = `e2e-${rate}-${Date.now()}`;
    await w.admin('createTopic', { name: topic, partitions: 1, replicationFactor: 3 });
    const leader = await waitFor('leader', () => w.leaderAddress(topic, 0));
    const v1 = loadEddyProto().proto.eddy.v1;
    const fetchClient = new v1.FetchService(leader.address, loadCredentials(cluster));
    // The producer is @eddy/client's, as an application would use it: send() per
    // record, acks=all, idempotent, --linger ms (batches grow only while the
    // partition's in-flight window is full).
    const eddy = new Eddy({ bootstrap: cluster.bootstrap, ...cluster.clientSecurity(secure ? BENCH_USER : undefined) });
    const producer = eddy.producer({ lingerMs: Number(values.linger), acks: 'all' });
    const latencies: number[] = [];
    const window = { from: Number.POSITIVE_INFINITY };
    let next = 0n;
    let stream: ReturnType<typeof fetchClient.subscribe> | undefined;
    let closed = false;
    // A new leader answers LEADER_NOT_AVAILABLE until it has applied its term's
    // first entry: reopen the stream from where it stopped until it holds.
    const open = () => {
      if (closed) return;
      const s = fetchClient.subscribe();
      stream = s;
      s.on('data', (res: wire.SubscribeResponse__Output) => {
        const now = performance.now();
        for (const b of decodeRecordBatches(res.recordBatches)) {
          for (const r of b.records) {
            const sentAt = r.value!.readDoubleLE(0);
            if (r.offset >= next && sentAt >= window.from) latencies.push(now - sentAt);
          }
        }
        next = BigInt(res.nextOffset);
      });
      s.on('error', (e: Error) => {
        if (process.env.EDDY_BENCH_DEBUG) console.warn('subscribe error', e.message);
        setTimeout(open, 50);
      });
      s.write({ start: { topic, partition: 0, offset: String(next), format: 'RECORD_FORMAT_BATCHES', initialCreditBytes: String(1 << 30) } });
    };
    open();
    const total = rate * seconds;
    const pids = cluster.nodes.map((n) => n.child!.pid!);
    let start: ReturnType<typeof startWindow> | undefined;
    let before: Promise<string[]> | undefined;
    let threads0: Map<number, number>[] = [];
    let produceErrors = 0;
    const acks: number[] = [];
    await sendAtRate(
      rate * warmup,
      total,
      rate,
      size,
      (value) => {
        const sent = performance.now();
        return producer.send({ topic, messages: [{ value, partition: 0 }] }).then(
          () => {
            if (sent >= window.from) acks.push(performance.now() - sent);
          },
          (e: Error) => {
            if (produceErrors++ === 0) console.warn(`eddy: first produce failure: ${e.message}`);
          },
        );
      },
      window,
      () => {
        start = startWindow(pids, true);
        threads0 = pids.map(threadCpuMs);
        before = scrape(cluster);
      },
    );
    const texts0 = await (before as NonNullable<typeof before>);
    acks.sort((a, b) => a - b);
    if (produceErrors > 0) console.warn(`eddy: ${produceErrors} sends failed`);
    await waitFor('all received', () => latencies.length >= total, 30_000).catch(() => undefined);
    const measured = e2eResult(latencies, pids, start!, total);
    const threads1 = pids.map(threadCpuMs);
    const windowSecs = (performance.now() - window.from) / 1000;
    const texts1 = await scrape(cluster);
    const [fsync0, produce0, fsync1, produce1] = [fsyncBuckets(texts0), produceBuckets(texts0), fsyncBuckets(texts1), produceBuckets(texts1)];
    // Each server fsyncs about once per Raft round (the leader's append, each
    // follower's copy): how many rounds the pipeline ran, and how full they were.
    const fsyncsPerServer = ((fsync1.get(Infinity) ?? 0) - (fsync0.get(Infinity) ?? 0)) / cluster.nodes.length;
    closed = true;
    stream?.cancel();
    fetchClient.close();
    await producer.close();
    await eddy.close();
    return {
      ...measured,
      ackP50: +q(acks, 0.5).toFixed(2),
      ackP99: +q(acks, 0.99).toFixed(2),
      fsyncP50Ms: bucketQuantile(fsync0, fsync1, 0.5),
      fsyncP99Ms: bucketQuantile(fsync0, fsync1, 0.99),
      serverProduceP50Ms: bucketQuantile(produce0, produce1, 0.5),
      serverProduceP99Ms: bucketQuantile(produce0, produce1, 0.99),
      roundsPerSec: Math.round(fsyncsPerServer / windowSecs),
      recordsPerRound: +(total / Math.max(1, fsyncsPerServer)).toFixed(1),
      servers: serverWindows(pids, [texts0, texts1], [threads0, threads1], total),
    };
  } finally {
    w.close();
    await cluster.stop(stopSignal);
  }
}

// ---------------------------------------------------------------- catch-up and write amplification

/**
 * catchup: fills one RF 3 partition with --mib MiB of random 1 KiB records (batches of
 * --batch records, --in-flight produce calls at once, acks=all), noting the
 * bytes the three server processes wrote to disk meanwhile and until LevelDB's
 * compactions settle; then reads the partition from offset 0 to its end with
 * Fetch (one request at a time, as a consumer catching up does, --fetch-mib per
 * request) from the leader, counting batches by their headers.
 */
async function eddyCatchup(): Promise<Record<string, number>> {
  const { cluster, w } = await eddyCluster();
  try {
    const topic = `catchup-${Date.now()}`;
    await w.admin('createTopic', { name: topic, partitions: 1, replicationFactor: 3 });
    const load = await CatchupLoad.open(w, topic);
    const pids = cluster.nodes.map((n) => n.child!.pid!);
    const before = pids.map(writeBytes);
    const produced = await load.produce({ mib: Number(values.mib), perBatch: Number(values.batch), inFlight: Number(values['in-flight']) });
    const produceSecs = produced.secs;
    const duringProduce = pids.map(writeBytes).reduce((a, b, i) => a + b - before[i]!, 0);
    // Let background compactions finish: wait until no process wrote for 5 s (at most 120 s).
    const last = await quietWrites(pids, 120);
    const settled = last.reduce((a, b, i) => a + b - before[i]!, 0);

    const read = await load.read({ from: 0n, fetchMib: Number(values['fetch-mib']) });
    const readBytes = read.bytes;
    const readSecs = read.secs;
    load.close();
    const produceMBps = produced.bytes / produceSecs / 1e6;
    const readMBps = readBytes / readSecs / 1e6;
    return {
      producedRecords: produced.records,
      producedMiB: +(produced.bytes / 1048576).toFixed(1),
      produceSecs: +produceSecs.toFixed(1),
      produceMBps: +produceMBps.toFixed(1),
      readRecords: read.records,
      readSecs: +readSecs.toFixed(1),
      readMBps: +readMBps.toFixed(1),
      readOverProduce: +(readMBps / produceMBps).toFixed(2),
      diskWrittenMiBDuringProduce: +(duringProduce / 1048576).toFixed(1),
      diskWrittenMiBSettled: +(settled / 1048576).toFixed(1),
      // Per byte stored in the partition (what the read returned), so a resent batch is not counted as produced.
      writeAmpCluster: +(settled / readBytes).toFixed(2),
      writeAmpPerReplica: +(settled / readBytes / 3).toFixed(2),
      retries: load.retries,
    };
  } finally {
    w.close();
    await cluster.stop(stopSignal);
  }
}

// ---------------------------------------------------------------- JetStream

async function natsSetup(name: string): Promise<{ nats: NatsCluster; nc: NatsConnection; js: JetStreamClient }> {
  const nats = new NatsCluster();
  await nats.start(3);
  const nc = await waitFor('nats connect', () => connect({ servers: nats.clientUrls }), 30_000);
  // JetStream answers only once the cluster has elected its meta leader.
  await waitFor(
    'stream created',
    async () => {
      const jsm = await nc.jetstreamManager({ timeout: 2000 });
      await jsm.streams.add({ name, subjects: [`${name}.>`], num_replicas: 3, storage: StorageType.File });
      return true;
    },
    60_000,
  );
  return { nats, nc, js: nc.jetstream() };
}

async function natsProduce(size: number): Promise<{ recordsPerSec: number; mbPerSec: number }> {
  const name = `BENCH${size}`;
  const { nats, nc, js } = await natsSetup(name);
  try {
    const window = Number(values.window);
    const data = Buffer.alloc(size, 97);
    let acked = 0;
    let inflight = 0;
    const deadline = Date.now() + seconds * 1000;
    const started = performance.now();
    await new Promise<void>((resolve) => {
      const pump = () => {
        while (inflight < window && Date.now() < deadline) {
          inflight++;
          js.publish(`${name}.x`, data).then(
            () => {
              acked++;
              inflight--;
              pump();
            },
            () => {
              inflight--;
              pump();
            },
          );
        }
        if (inflight === 0 && Date.now() >= deadline) resolve();
      };
      pump();
    });
    const secs = (performance.now() - started) / 1000;
    return { recordsPerSec: Math.round(acked / secs), mbPerSec: +((acked * size) / secs / 1e6).toFixed(1) };
  } finally {
    await nc.close();
    await nats.stop();
  }
}

async function natsE2e(rate: number, size: number): Promise<E2e> {
  const name = `E2E${rate}`;
  const { nats, nc, js } = await natsSetup(name);
  try {
    const latencies: number[] = [];
    const window = { from: Number.POSITIVE_INFINITY };
    const sub = await js.subscribe(`${name}.>`, { config: { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All }, mack: false, ordered: true } as never);
    void (async () => {
      for await (const m of sub) {
        const sentAt = Buffer.from(m.data).readDoubleLE(0);
        if (sentAt >= window.from) latencies.push(performance.now() - sentAt);
      }
    })();
    const total = rate * seconds;
    let start: ReturnType<typeof startWindow> | undefined;
    await sendAtRate(rate * warmup, total, rate, size, (value) => js.publish(`${name}.x`, value).catch(() => undefined), window, () => {
      start = startWindow(nats.pids, false);
    });
    await waitFor('all received', () => latencies.length >= total, 30_000).catch(() => undefined);
    const measured = e2eResult(latencies, nats.pids, start!, total);
    sub.unsubscribe();
    return measured;
  } finally {
    await nc.close();
    await nats.stop();
  }
}

// ---------------------------------------------------------------- run

if (mode === 'catchup' && values.remote) {
  const stores = values.stores.split(',').map((x) => x.trim());
  const bad = stores.filter((x) => !(TIERED_STORES as readonly string[]).includes(x));
  if (bad.length > 0 || stores.length === 0) {
    console.error(`--stores takes fs, s3 or fs,s3 (got "${values.stores}")`);
    process.exit(2);
  }
  const sizes = { mib: Number(values.mib), 'local-retention-mib': Number(values['local-retention-mib']), 'segment-mib': Number(values['segment-mib']) };
  for (const [flag, n] of Object.entries(sizes)) {
    if (!Number.isInteger(n) || n < 1) {
      console.error(`--${flag} must be a whole number of MiB, 1 or more (got "${values[flag as keyof typeof values] as string}")`);
      process.exit(2);
    }
  }
  if (sizes.mib <= sizes['local-retention-mib'] + sizes['segment-mib']) console.warn(`--mib ${sizes.mib} is not above --local-retention-mib + --segment-mib: little or nothing will leave the local disk`);
  result.tiered = await tieredCatchup(
    {
      stores: stores as TieredStoreKind[],
      mib: sizes.mib,
      perBatch: Number(values.batch),
      inFlight: Number(values['in-flight']),
      fetchMib: Number(values['fetch-mib']),
      localRetentionMib: sizes['local-retention-mib'],
      segmentMib: sizes['segment-mib'],
      nodeArgs: values['node-args'].split(' ').filter(Boolean),
      stopSignal,
    },
    (line) => console.log(line),
  );
} else if (mode === 'catchup') {
  const r = await eddyCatchup();
  console.log(
    `produced ${r.producedMiB} MiB (${r.producedRecords} records) in ${r.produceSecs} s = ${r.produceMBps} MB/s; ` +
      `read back from offset 0 at ${r.readMBps} MB/s (${r.readOverProduce}x the produce rate, ${r.readRecords} records); ` +
      `disk writes ${r.diskWrittenMiBSettled} MiB across 3 replicas (${r.diskWrittenMiBDuringProduce} MiB during produce) = ${r.writeAmpCluster}x the bytes stored, ${r.writeAmpPerReplica}x per replica; ${r.retries} retries after leadership moves`,
  );
  result.catchup = r;
} else if (mode === 'produce') {
  const rows: unknown[] = [];
  for (const size of values.sizes.split(',').map(Number)) {
    const bySecurity = new Map<string, number>();
    for (const mode of securityModes) {
      secure = mode === 'secure';
      const eddy = only === 'nats' ? undefined : values.via === 'client' ? await eddyProduceViaClient(size) : await eddyProduce(size);
      const jet = only === 'eddy' || (secure && securityModes.length > 1) ? undefined : await natsProduce(size);
      const ratio = eddy && jet ? +(eddy.recordsPerSec / jet.recordsPerSec).toFixed(2) : undefined;
      if (eddy) bySecurity.set(mode, eddy.recordsPerSec);
      rows.push({ size, security: mode, eddy, jetstream: jet, ratio });
      console.log(`${size} B (${mode}): eddy ${eddy?.recordsPerSec ?? '-'} rec/s (${eddy?.mbPerSec ?? '-'} MB/s), jetstream ${jet?.recordsPerSec ?? '-'} rec/s (${jet?.mbPerSec ?? '-'} MB/s), ratio ${ratio ?? '-'}`);
    }
    const plain = bySecurity.get('plain');
    const sec = bySecurity.get('secure');
    if (plain && sec) console.log(`${size} B: secure / plain = ${(sec / plain).toFixed(3)} (TLS + authorization costs ${(100 * (1 - sec / plain)).toFixed(1)} % of throughput)`);
  }
  result.rows = rows;
} else {
  const rows: unknown[] = [];
  const repeat = Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1) {
    console.error(`--repeat must be a whole number of rounds, 1 or more (got "${values.repeat}")`);
    process.exit(2);
  }
  const p99s = new Map<string, number[]>();
  const fmtServer = (s: ServerWindow) => `eld ${s.eldP99Ms} / ${s.eldP999Ms} / ${s.eldMaxBucketMs === Infinity ? '> 1000' : `≤ ${s.eldMaxBucketMs}`} ms, GC ${s.gcCount} (${s.gcMs} ms), CPU ${s.mainCpuMsPerK} / ${s.otherCpuMsPerK} ms/1k records`;
  const noteP99 = (key: string, r: E2e | undefined): void => {
    if (r) p99s.set(key, [...(p99s.get(key) ?? []), r.p99]);
  };
  for (let round = 1; round <= repeat; round++) for (const rate of values.rates.split(',').map(Number)) {
    for (const mode of securityModes) {
    secure = mode === 'secure';
    const eddy = only === 'nats' ? undefined : await eddyE2e(rate, 100);
    const jet = only === 'eddy' || (secure && securityModes.length > 1) ? undefined : await natsE2e(rate, 100);
    noteP99(`${rate} eddy${securityModes.length > 1 ? ` ${mode}` : ''}`, eddy);
    noteP99(`${rate} jetstream`, jet);
    rows.push({ rate, security: mode, ...(repeat > 1 ? { round } : {}), eddy, jetstream: jet });
    const fmt = (r: E2e | undefined) => (r ? `p50 ${r.p50} p99 ${r.p99} p99.9 ${r.p999} ms, ${r.received} received, server CPU ${r.serverCpuMsPerKRecords} ms/1k records, run-queue wait (main threads, % of their CPU time)${r.serverRunQueueWaitPct !== undefined ? ` servers ${r.serverRunQueueWaitPct}%,` : ''} bench ${r.benchRunQueueWaitPct}%${r.ackP50 !== undefined ? `, send() resolved p50 ${r.ackP50} p99 ${r.ackP99} ms` : ''}${r.fsyncP50Ms !== undefined ? `, fsync p50 ≤ ${r.fsyncP50Ms} ms p99 ≤ ${r.fsyncP99Ms} ms` : ''}${r.serverProduceP50Ms !== undefined ? `, leader's Produce p50 ≤ ${r.serverProduceP50Ms} ms p99 ≤ ${r.serverProduceP99Ms} ms` : ''}${r.roundsPerSec !== undefined ? `, ${r.roundsPerSec} Raft rounds/s of ${r.recordsPerRound} records` : ''}${r.servers ? `; per server (event-loop delay p99 / p99.9 interpolated in its buckets / highest bucket, GC pauses, CPU of the main / other threads): ${r.servers.map(fmtServer).join(' | ')}` : ''}` : '-');
    console.log(`${repeat > 1 ? `round ${round}, ` : ''}${rate}/s (${mode}): eddy ${fmt(eddy)}; jetstream ${fmt(jet)}`);
    }
  }
  result.rows = rows;
  if (repeat > 1) {
    // One window's p99 swings by more than most changes under study: the median
    // over interleaved rounds, with the range, is the figure to compare.
    const summary: Record<string, { p99Median: number; p99Min: number; p99Max: number }> = {};
    for (const [key, list] of p99s) {
      const sorted = [...list].sort((a, b) => a - b);
      summary[key] = { p99Median: sorted[Math.floor((sorted.length - 1) / 2)]!, p99Min: sorted[0]!, p99Max: sorted[sorted.length - 1]! };
      console.log(`${key}: p99 median ${summary[key].p99Median} ms over ${sorted.length} rounds (${summary[key].p99Min}–${summary[key].p99Max} ms)`);
    }
    result.p99OverRounds = summary;
  }
}
console.log(JSON.stringify(result));
process.exit(0);
