// pnpm bench reassign — moving a partition replica to a new node (docs/architecture.md §7.10;
// issue "elastic cluster", Speed).
//
// Three combined nodes and a fourth, storage-only one; the balancer is off so
// only the bench moves anything. One partition, RF 3, is filled with --mib of
// 1 KiB records (random values, batches of --batch, acks=all). Then:
//   1. a probe producer sends one record at a time (acks=all, --rate per
//      second) for --seconds: the latency before any move;
//   2. the replica on node 3 moves to node 4 ([1,2,3] -> [1,2,4]) while the
//      probe runs: time until the controller records the move done, the
//      move's throughput (partition bytes / time) and the probe's latency
//      during the move;
//   3. the serving nodes restart with --throttle-mib per second of backfill
//      (replication.throttle.bytes) and the replica moves back to node 3
//      ([1,2,4] -> [1,2,3]; node 3 dropped its copy, so it is a full copy again):
//      the same figures, throttled.
// How the new replica got the log (Raft appends from the leader's disk, or the
// leader's snapshot then a backfill) is read from its metrics and printed.
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { randomBytes } from 'node:crypto';
import { encodeRecordBatch, loadEddyProto, type wire } from '@eddy/protocol';
import { call } from '../support/grpc.js';
import { waitFor } from '../support/harness.js';
import { Eddy, type Producer } from '@eddy/client';
import { ServerCluster, type ServerProcess } from '../support/server-cluster.js';
import { WireClient } from '../support/wire-client.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    mib: { type: 'string', default: '1024' },
    batch: { type: 'string', default: '1000' },
    'in-flight': { type: 'string', default: '4' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
    'throttle-mib': { type: 'string', default: '20' },
  },
});
const TOPIC = 'reassign-bench';
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const throttleBytes = Math.round(Number(values['throttle-mib']) * 1024 * 1024);

/** Server flags per node; the throttled phase restarts nodes with the throttle set. */
let throttle = 0;
const cluster = new ServerCluster({
  nodes: 3,
  roles: 'combined',
  raftTickMs: 50,
  serverArgs: () => ['--balancer-interval-ms', '0', ...(throttle > 0 ? ['--replication-throttle-bytes', String(throttle)] : [])],
});

function q(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

async function metric(node: ServerProcess, name: string): Promise<number> {
  const text = await (await fetch(node.metricsUrl!)).text();
  let sum = 0;
  for (const m of text.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

/** Produces --mib of 1 KiB records; returns the bytes stored. */
async function fill(w: WireClient): Promise<number> {
  const v1 = loadEddyProto().proto.eddy.v1;
  const perBatch = Number(values.batch);
  const batches = Math.ceil((Number(values.mib) * 1024 * 1024) / (perBatch * 1024));
  let next = 0;
  let bytes = 0;
  await Promise.all(
    Array.from({ length: Number(values['in-flight']) }, async () => {
      while (next < batches) {
        next++;
        const batch = encodeRecordBatch({ records: Array.from({ length: perBatch }, (_, i) => ({ key: Buffer.from(`k${i % 100}`), value: randomBytes(1024), timestamp: Date.now() })) });
        for (;;) {
          const leader = await waitFor('leader', () => w.leaderAddress(TOPIC, 0), 60_000);
          const pc = new v1.ProduceService(leader.address, grpc.credentials.createInsecure(), { 'grpc.max_send_message_length': 64 << 20 });
          try {
            await call(pc as unknown as grpc.Client, 'produce', { topic: TOPIC, partition: 0, recordBatch: batch, acks: 'ACKS_ALL' }, 60_000);
            break;
          } catch (err) {
            if (!(err as { retriable?: boolean }).retriable) throw err;
          } finally {
            pc.close();
          }
        }
        bytes += batch.length;
      }
    }),
  );
  return bytes;
}

/**
 * Sends one 100-byte record at a time at `rate`/s with @eddy/client's producer
 * (acks=all, idempotent, no linger), as an application would, until stop();
 * records each send's latency (the producer retries NOT_LEADER itself).
 */
function probe(producer: Producer): { stop: () => Promise<number[]> } {
  const latencies: number[] = [];
  let stopping = false;
  const run = (async () => {
    const t0 = performance.now();
    for (let i = 0; !stopping; i++) {
      const wait = t0 + (i * 1000) / rate - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const sent = performance.now();
      void producer.send({ topic: TOPIC, messages: [{ value: Buffer.alloc(100), partition: 0 }] }).then(() => latencies.push(performance.now() - sent), () => undefined);
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await run;
      // Let the last sends settle.
      await new Promise((r) => setTimeout(r, 2000));
      return latencies.sort((a, b) => a - b);
    },
  };
}

async function replicas(w: WireClient): Promise<wire.PartitionDescription__Output> {
  return (await w.admin<wire.DescribeTopicResponse__Output>('describeTopic', { name: TOPIC })).topic!.partitions[0]!;
}

/** Moves the partition to `target`; resolves with the seconds until the controller recorded it done and every replica was in sync. */
async function move(w: WireClient, target: number[]): Promise<number> {
  const started = performance.now();
  await w.admin('alterPartitionReassignments', { reassignments: [{ topic: TOPIC, partition: 0, replicas: target }] });
  await waitFor(
    `the move to ${target.join(',')} done`,
    async () => {
      const p = await replicas(w);
      return p.targetReplicas.length === 0 && p.replicas.join() === target.join() && p.inSyncReplicas.length === target.length;
    },
    1_800_000,
    { pollMs: 200 },
  );
  return (performance.now() - started) / 1000;
}

const lat = (l: number[]) => ({ p50: +q(l, 0.5).toFixed(1), p99: +q(l, 0.99).toFixed(1), samples: l.length });

async function main(): Promise<void> {
  await cluster.start();
  const node4 = await cluster.addNode('storage');
  const w = new WireClient(cluster);
  try {
    await waitFor('an active controller', async () => (await w.admin<wire.DescribeClusterResponse__Output>('describeCluster', {})).activeControllerId > 0);
    await w.admin('createTopic', { name: TOPIC, partitions: 1, replicationFactor: 3, configs: {} });
    await w.admin('alterPartitionReassignments', { reassignments: [{ topic: TOPIC, partition: 0, replicas: [1, 2, 3] }] });
    await waitFor('replicas 1,2,3 in sync', async () => {
      const p = await replicas(w);
      return p.targetReplicas.length === 0 && p.replicas.join() === '1,2,3' && p.inSyncReplicas.length === 3;
    }, 120_000);
    const filledAt = performance.now();
    const bytes = await fill(w);
    const fillSecs = (performance.now() - filledAt) / 1000;
    console.log(`filled ${(bytes / 1048576).toFixed(0)} MiB in ${fillSecs.toFixed(1)} s`);

    const eddy = new Eddy({ bootstrap: cluster.bootstrap });
    const producer = eddy.producer({ lingerMs: 0, acks: 'all' });
    // Warm the producer and the path (metadata, producer id, JIT) before measuring.
    let p = probe(producer);
    await new Promise((r) => setTimeout(r, 5000));
    await p.stop();
    const phases: Record<string, unknown> = {};
    p = probe(producer);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    phases.before = lat(await p.stop());

    const backfilled4 = await metric(node4, 'eddy_storage_backfill_bytes_total');
    p = probe(producer);
    const secs = await move(w, [1, 2, 4]);
    phases.unthrottled = { ...lat(await p.stop()), moveSecs: +secs.toFixed(1), moveMiBps: +(bytes / 1048576 / secs).toFixed(1), backfilledMiB: +(((await metric(node4, 'eddy_storage_backfill_bytes_total')) - backfilled4) / 1048576).toFixed(1) };
    console.log('unthrottled', JSON.stringify(phases.unthrottled));

    // The throttle is a node setting: restart the nodes that serve the copy (1, 2, 4) with it.
    throttle = throttleBytes;
    for (const id of [1, 2, 4]) {
      const n = cluster.node(id);
      await cluster.kill(n, 'SIGTERM');
      await cluster.restart(n);
      await waitFor('replicas in sync after the restart', async () => (await replicas(w)).inSyncReplicas.length === 3, 120_000).catch(() => undefined);
    }
    const node3 = cluster.node(3);
    const backfilled3 = await metric(node3, 'eddy_storage_backfill_bytes_total');
    p = probe(producer);
    const tsecs = await move(w, [1, 2, 3]);
    phases.throttled = {
      ...lat(await p.stop()),
      throttleMiBps: Number(values['throttle-mib']),
      moveSecs: +tsecs.toFixed(1),
      moveMiBps: +(bytes / 1048576 / tsecs).toFixed(1),
      backfilledMiB: +(((await metric(node3, 'eddy_storage_backfill_bytes_total')) - backfilled3) / 1048576).toFixed(1),
    };
    console.log('throttled', JSON.stringify(phases.throttled));
    await producer.close();
    await eddy.close();
    console.log(JSON.stringify({ bench: 'reassign', node: process.version, cpus: 2, partitionMiB: +(bytes / 1048576).toFixed(0), rate, ...phases }));
  } finally {
    w.close();
    await cluster.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
