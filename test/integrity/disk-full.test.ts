// A full disk is survived (docs/architecture.md §8.1): real `eddy server` processes whose
// data directory is a small tmpfs, so the volume really fills.
//   1. Free space below --storage-min-free-bytes (a filler file): produce gets
//      STORAGE_FULL (retriable), Fetch, ListOffsets and a consumer keep
//      serving every acknowledged record, the node stays up with
//      eddy_storage_full 1; once the filler is deleted produce is accepted
//      again by itself (an @eddy/client send made while full, which the
//      client kept retrying, completes), and nothing acknowledged is lost.
//   2. No minimum (0), so LevelDB itself runs out of space mid-write (ENOSPC):
//      the node neither exits nor loses anything; produce gets STORAGE_FULL,
//      reads go on, it takes writes again once space is freed, and after a
//      SIGKILL and restart every acknowledged record is still there (a write
//      made on the database after its failed one would be lost at this open).
//   3. Three nodes, one of them full: it hands the leaderships it holds to
//      the others (producers see NOT_LEADER, then succeed there), and once
//      its space is back the preferred leader takes them back.
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { Writable } from 'node:stream';
import { status } from '@grpc/grpc-js';
import type * as grpc from '@grpc/grpc-js';
import { createLogger, type EddyError, type wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { call, client } from '../support/grpc.js';
import { waitFor } from '../support/harness.js';
import type { ServerProcess } from '../support/server-cluster.js';
import { mountTmpfs, type Tmpfs } from '../support/tmpfs.js';
import { keyedBatch } from '../support/wire-client.js';

const MiB = 1024 * 1024;

let fx: ClusterFixture | undefined;
const volumes: Tmpfs[] = [];
const stubs: grpc.Client[] = [];
afterEach(async () => {
  for (const s of stubs.splice(0)) s.close();
  await fx?.close();
  fx = undefined;
  for (const v of volumes.splice(0)) v.unmount();
});

/** The i-th value of partition p: its position, random filler of `bytes` hex characters, and a hash of both. */
function value(p: number, i: number, bytes: number): string {
  const body = `${p}:${i}:${randomBytes(bytes / 2).toString('hex')}`;
  return `${body}:${createHash('sha256').update(body).digest('hex').slice(0, 16)}`;
}

/** What a node's /metrics says of one unlabelled gauge. */
async function gauge(node: ServerProcess, name: string): Promise<number | undefined> {
  const text = await (await fetch(node.metricsUrl!)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.split(' ')[1]);
}

function stub<S extends Parameters<typeof client>[0]>(service: S, node: ServerProcess): grpc.Client {
  const c = client(service, node.address) as unknown as grpc.Client;
  stubs.push(c);
  return c;
}

/** Acknowledged records by partition: offset → value. */
type Acked = Map<number, Map<bigint, string>>;

/** One Produce of `values` to `node`; records them as acknowledged when it is. */
async function produce(node: ServerProcess, topic: string, p: number, values: string[], acked: Acked, timeoutMs = 0): Promise<void> {
  const res = await call<wire.ProduceResponse__Output>(
    stub('ProduceService', node),
    'produce',
    { topic, partition: p, acks: 'ACKS_ALL', timeoutMs, recordBatch: keyedBatch(values.map((v, i) => ({ key: `k${i}`, value: v }))) },
    30_000,
  );
  let m = acked.get(p);
  if (!m) acked.set(p, (m = new Map()));
  values.forEach((v, i) => m.set(BigInt(res.baseOffset) + BigInt(i), v));
}

/** Reads partition p from offset 0 to its high watermark through Fetch on `node`. */
async function readAll(node: ServerProcess, topic: string, p: number): Promise<Map<bigint, string>> {
  const out = new Map<bigint, string>();
  let next = 0n;
  for (;;) {
    const res = await call<wire.FetchResponse__Output>(
      stub('FetchService', node),
      'fetch',
      { partitions: [{ topic, partition: p, offset: String(next) }], maxBytes: 4 * MiB, format: 'RECORD_FORMAT_RECORDS' },
      10_000,
    );
    const part = res.partitions[0];
    if (!part || part.error) throw new Error(`fetch ${topic}-${p} from node ${node.id}: ${part?.error?.code} ${part?.error?.message}`);
    for (const r of part.records) out.set(BigInt(r.offset), r.value ? Buffer.from(r.value).toString() : '');
    next = BigInt(part.nextOffset);
    if (next >= BigInt(part.highWatermark)) return out;
  }
}

/** Every acknowledged record is read back at its offset with its value; the problems found, if any. */
function missing(acked: Map<bigint, string> | undefined, read: Map<bigint, string>): string[] {
  const out: string[] = [];
  for (const [offset, v] of acked ?? []) if (read.get(offset) !== v) out.push(`offset ${offset}: ${read.has(offset) ? 'another value' : 'absent'}`);
  return out;
}

async function latestOffset(node: ServerProcess, topic: string, p: number): Promise<bigint> {
  const res = await call<wire.ListOffsetsResponse__Output>(stub('FetchService', node), 'listOffsets', { partitions: [{ topic, partition: p, spec: 'OFFSET_SPEC_LATEST' }] });
  const part = res.partitions[0];
  if (!part || part.error) throw new Error(`listOffsets ${topic}-${p}: ${part?.error?.code} ${part?.error?.message}`);
  return BigInt(part.offset);
}

/** The error a call failed with, or undefined when it succeeded. */
async function failure(p: Promise<unknown>): Promise<EddyError | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err as EddyError;
  }
}

function logLines(node: ServerProcess, msg: RegExp): string[] {
  return node.stdout.filter((l) => msg.test(l));
}

describe('a full disk', () => {
  it('below the minimum free space: produce refused with STORAGE_FULL, reads go on, writes resume once space is freed, nothing lost', { timeout: 180_000 }, async () => {
    const vol = mountTmpfs(64 * MiB);
    volumes.push(vol);
    const minFree = 8 * MiB;
    const topic = `disk-full-${Date.now()}`;
    const partitions = 2;
    // What the client's producer met on its way (its debug lines).
    const clientFailures: string[] = [];
    const clientLog = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString('utf8').split('\n')) if (line.includes('"produce failed"')) clientFailures.push((JSON.parse(line) as { err?: { code?: string } }).err?.code ?? 'unknown');
        done();
      },
    });
    fx = await startCluster({
      nodes: 1,
      logLevel: 'info',
      serverArgs: () => ['--data-dir', path.join(vol.dir, 'node-1'), '--storage-min-free-bytes', String(minFree)],
      topics: [{ name: topic, partitions, replicationFactor: 1 }],
      client: { logger: createLogger({ level: 'debug', destination: clientLog }) },
    });
    const node = fx.cluster.node(1);
    const acked: Acked = new Map();
    for (let round = 0; round < 20; round++) for (let p = 0; p < partitions; p++) await produce(node, topic, p, Array.from({ length: 10 }, (_, i) => value(p, round * 10 + i, 1024)), acked);
    expect(await gauge(node, 'eddy_storage_full')).toBe(0);
    expect(await gauge(node, 'eddy_storage_disk_min_free_bytes')).toBe(minFree);

    // Half the minimum left free: within a reading, produce is refused.
    vol.fill('filler', minFree / 2);
    let seq = 1000;
    const refused = await waitFor('produce refused with STORAGE_FULL', async () => {
      const err = await failure(produce(node, topic, 0, [value(0, seq++, 1024)], acked));
      if (err && err.code !== 'STORAGE_FULL') throw err;
      return err;
    });
    expect(refused.retriable).toBe(true);
    expect(refused.grpcStatus).toBe(status.RESOURCE_EXHAUSTED);
    expect(refused.message).toMatch(/node 1 is storage full: .* below its minimum of 8\.0 MiB/);
    expect(refused.message).toMatch(/Free space on the volume .* or grow it: writes resume by themselves/);
    expect((await failure(produce(node, topic, 1, [value(1, seq++, 1024)], acked)))?.code).toBe('STORAGE_FULL');
    expect(await gauge(node, 'eddy_storage_full')).toBe(1);
    expect(logLines(node, /"storage full: node 1 is storage full/)).toHaveLength(1);

    // Reads go on: Fetch and ListOffsets give every acknowledged record, and a consumer reads them.
    for (let p = 0; p < partitions; p++) {
      const read = await readAll(node, topic, p);
      expect(missing(acked.get(p), read)).toEqual([]);
      expect(await latestOffset(node, topic, p)).toBe(BigInt(acked.get(p)!.size));
    }
    const consumer = fx.client.consumer({ autoOffsetReset: 'earliest' });
    await consumer.assign([0, 1].map((partition) => ({ topic, partition })));
    let consumed = 0;
    const want = [...acked.values()].reduce((n, m) => n + m.size, 0);
    for await (const r of consumer) {
      expect(r.value?.toString()).toBe(acked.get(r.partition)?.get(r.offset));
      if (++consumed === want) break;
    }
    await consumer.close();
    expect(node.child?.exitCode).toBeNull();

    // The client's producer retries STORAGE_FULL (retriable) until it is accepted.
    const producer = fx.client.producer();
    const pending = value(1, seq++, 1024);
    const sent = producer.send({ topic, messages: [{ value: pending, partition: 1 }] });
    await waitFor('the client producer met STORAGE_FULL', () => clientFailures.includes('STORAGE_FULL'));

    // Space back: produce is accepted again, with no one asking.
    vol.unfill('filler');
    const [meta] = await sent;
    acked.get(1)!.set(meta!.offset, pending);
    await producer.close();
    expect(clientFailures.filter((c) => c !== 'STORAGE_FULL')).toEqual([]);
    await waitFor('produce accepted again', async () => {
      const err = await failure(produce(node, topic, 0, [value(0, seq++, 1024)], acked));
      if (err && err.code !== 'STORAGE_FULL') throw err;
      return err === undefined;
    });
    for (let round = 0; round < 5; round++) for (let p = 0; p < partitions; p++) await produce(node, topic, p, Array.from({ length: 10 }, () => value(p, seq++, 1024)), acked);
    expect(await gauge(node, 'eddy_storage_full')).toBe(0);
    expect(logLines(node, /"storage no longer full/)).toHaveLength(1);
    for (let p = 0; p < partitions; p++) expect(missing(acked.get(p), await readAll(node, topic, p))).toEqual([]);
    const total = [...acked.values()].reduce((n, m) => n + m.size, 0);
    console.log(
      `disk-full (minimum ${minFree / MiB} MiB on a 64 MiB tmpfs): ${want} records acknowledged before STORAGE_FULL, ${total} in all, every one read back; ` +
      `the client producer met STORAGE_FULL ${clientFailures.length} times before its send went through; STORAGE_FULL: ${refused.message}`,
    );
  });

  it('when LevelDB itself runs out of space: no exit, nothing lost, writes resume once space is freed, and a restart finds every acknowledged record', { timeout: 240_000 }, async () => {
    const vol = mountTmpfs(64 * MiB);
    volumes.push(vol);
    const topic = `disk-enospc-${Date.now()}`;
    const args = (): string[] => ['--data-dir', path.join(vol.dir, 'node-1'), '--storage-min-free-bytes', '0'];
    fx = await startCluster({ nodes: 1, logLevel: 'info', serverArgs: args, topics: [{ name: topic, partitions: 1, replicationFactor: 1 }] });
    const node = fx.cluster.node(1);
    const acked: Acked = new Map();
    for (let i = 0; i < 20; i++) await produce(node, topic, 0, [value(0, i, 1024)], acked);

    // 12 MiB left: 256 KiB batches fill it; the write that finds no space waits
    // (its produce times out, outcome unknown) and the next ones are refused.
    vol.fill('filler', 12 * MiB);
    let seq = 100;
    const errors = new Map<string, number>();
    let refused: EddyError | undefined;
    for (let n = 0; refused === undefined; n++) {
      if (n > 400) throw new Error(`produced ${n} batches of 256 KiB into 12 MiB without STORAGE_FULL (errors: ${JSON.stringify([...errors])})`);
      const err = await failure(produce(node, topic, 0, Array.from({ length: 8 }, () => value(0, seq++, 32 * 1024)), acked, 2000));
      if (!err) continue;
      errors.set(err.code, (errors.get(err.code) ?? 0) + 1);
      if (err.code === 'STORAGE_FULL') refused = err;
      else if (err.code !== 'TIMEOUT') throw err;
    }
    expect(refused.message).toMatch(/a write failed for lack of space \(.*No space left on device/);
    expect(logLines(node, /a write failed for lack of space/).length).toBeGreaterThanOrEqual(1);
    expect(await gauge(node, 'eddy_storage_full')).toBe(1);
    const before = acked.get(0)!.size;
    expect(missing(acked.get(0), await readAll(node, topic, 0))).toEqual([]);
    expect(node.child?.exitCode).toBeNull();

    vol.unfill('filler');
    await waitFor('produce accepted again', async () => {
      const err = await failure(produce(node, topic, 0, [value(0, seq++, 1024)], acked, 2000));
      if (err && err.code !== 'STORAGE_FULL' && err.code !== 'TIMEOUT') throw err;
      return err === undefined;
    }, 60_000);
    for (let i = 0; i < 20; i++) await produce(node, topic, 0, [value(0, seq++, 1024)], acked);
    expect(logLines(node, /the database was reopened and takes writes again/)).toHaveLength(1);
    expect(missing(acked.get(0), await readAll(node, topic, 0))).toEqual([]);

    // What is on disk: SIGKILL (no clean close) and start again with the same command line.
    await fx.cluster.kill(node);
    await fx.cluster.restart(node);
    const afterRestart = await waitFor('the partition readable after the restart', async () => readAll(node, topic, 0), 60_000);
    expect(missing(acked.get(0), afterRestart)).toEqual([]);
    console.log(`disk-full (ENOSPC, no minimum, 12 MiB left): ${before} records acknowledged before STORAGE_FULL (errors on the way: ${JSON.stringify([...errors])}), ${acked.get(0)!.size} in all, every one read back before and after a SIGKILL and restart`);
  });

  it('of one node of three: it hands its leaderships to nodes with space, producers carry on there, and it leads again once space is back', { timeout: 240_000 }, async () => {
    const vol = mountTmpfs(64 * MiB);
    volumes.push(vol);
    const minFree = 8 * MiB;
    const topic = `disk-full-rf3-${Date.now()}`;
    const partitions = 3;
    fx = await startCluster({
      nodes: 3,
      logLevel: 'info',
      serverArgs: (n) => (n.id === 1 ? ['--data-dir', path.join(vol.dir, 'node-1'), '--storage-min-free-bytes', String(minFree)] : []),
      topics: [{ name: topic, partitions, replicationFactor: 3 }],
    });
    const { wire: w } = fx;
    const full = fx.cluster.node(1);
    const leaders = async (): Promise<number[]> => (await w.metadata([topic])).topics[0]!.partitions.map((p) => p.leaderId);
    const led = await waitFor('node 1 leads a partition (preferred leaders are spread)', async () => ((await leaders()).includes(1) ? leaders() : undefined));
    const producer = fx.client.producer();
    const acked: Acked = new Map();
    let seq = 0;
    const send = async (n: number): Promise<void> => {
      for (let k = 0; k < n; k++) {
        for (let p = 0; p < partitions; p++) {
          const v = value(p, seq++, 1024);
          const [meta] = await producer.send({ topic, messages: [{ value: v, partition: p }] });
          let m = acked.get(p);
          if (!m) acked.set(p, (m = new Map()));
          m.set(meta!.offset, v);
        }
      }
    };
    await send(20);

    vol.fill('filler', minFree / 2);
    await waitFor('node 1 storage full', async () => (await gauge(full, 'eddy_storage_full')) === 1);
    // It gives up every leadership (the others have space and are caught up), while producing goes on.
    await waitFor(
      'no partition led by node 1',
      async () => {
        await send(1);
        return !(await leaders()).includes(1);
      },
      60_000,
    );
    expect(logLines(full, /"action":"transfer to \d+","reason":"this node is storage full"/).length).toBeGreaterThanOrEqual(led.filter((l) => l === 1).length);
    await send(20);
    expect(full.child?.exitCode).toBeNull();

    // Space back: the preferred leader takes its partitions back (after it has been healthy a while).
    vol.unfill('filler');
    await waitFor('node 1 not storage full', async () => (await gauge(full, 'eddy_storage_full')) === 0);
    await waitFor(
      'node 1 leads its preferred partitions again',
      async () => {
        await send(1);
        const now = await leaders();
        return led.every((l, p) => l !== 1 || now[p] === 1);
      },
      90_000,
    );
    await send(10);
    await producer.close();
    // Every acknowledged record, read from the leaders, node 1 among them: it kept following while full.
    const now = await leaders();
    for (let p = 0; p < partitions; p++) {
      const leader = fx.cluster.node(now[p]!);
      expect(missing(acked.get(p), await readAll(leader, topic, p))).toEqual([]);
    }
    const total = [...acked.values()].reduce((n, m) => n + m.size, 0);
    console.log(`disk-full (1 of 3 nodes full): leaders before ${JSON.stringify(led)}, after recovery ${JSON.stringify(now)}; ${total} records acknowledged, every one read back`);
  });
});
