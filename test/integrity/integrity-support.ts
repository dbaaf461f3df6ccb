// What the corrupted-replica tests share (issue "integrity", docs/architecture.md §8): records
// whose value names its own partition and sequence number and carries a hash
// of itself, so a reader can tell a damaged record from a misplaced one; a
// producer that keeps writing them with acks=all; a reader that fetches
// partitions through their leaders as a consumer does and checks every byte
// it is given; `eddy topic describe --json` as a user runs it; and, when a
// test fails, every node's log and the damaged node's LevelDB LOG kept on
// disk, since the cluster's data directory is removed with it.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type * as grpc from '@grpc/grpc-js';
import { expect } from 'vitest';
import { decodeRecordBatch, iterateBatches, type EddyError, type wire } from '@eddy/protocol';
import { runCli } from '../support/cli-process.js';
import { damageLogTail, damageTableMiddle, levelDbDir, listLogs, listTables, type Damage } from '../support/disk-damage.js';
import { call, client } from '../support/grpc.js';
import { logSizes, waitFor } from '../support/harness.js';
import type { ServerCluster, ServerProcess } from '../support/server-cluster.js';
import { keyedBatch, type WireClient } from '../support/wire-client.js';
import { chainedValue, sha256 } from '../support/values.js';

// ---------------------------------------------------------------------------
// where the damage goes

export interface DamageCase {
  where: string;
  /** What the node's LevelDB must hold before the kill, so the damage lands on data. */
  ready(dir: string): boolean;
  damage(dir: string): Damage[];
}

const TABLE_BYTES = 64 * 1024;

export const DAMAGE_CASES: readonly DamageCase[] = [
  {
    // Entries flushed long ago: committed, below or above the snapshot.
    where: 'the middle of its two largest tables',
    ready: (dir) => listTables(dir).filter((t) => t.size >= TABLE_BYTES).length >= 2,
    damage: (dir) => damageTableMiddle(dir, { bytes: 512, tables: 2 }),
  },
  {
    // The newest writes, not yet in a table: the last 128 KiB, several group-commit passes of
    // ~60 KiB, so writes the node had acknowledged to its peers are among them (LevelDB drops the
    // log records that fail their checksum when it recovers the log, and says so only in its LOG).
    where: 'the tail of its write-ahead log',
    ready: (dir) => listTables(dir).length >= 1 && (listLogs(dir)[0]?.size ?? 0) >= 512 * 1024,
    damage: (dir) => [damageLogTail(dir, { bytes: 128 * 1024 })],
  },
];

// ---------------------------------------------------------------------------
// records that prove themselves

/** Hex characters of filler per value: with the rest, a value of about 300 bytes. */
const FILLER_HASHES = 4;


/**
 * The i-th value of partition p: `p:i:<filler>:<hash>`. The filler is a hash
 * chain (incompressible, so LevelDB's tables grow as the data does); the last
 * field is the first 16 hex digits of the SHA-256 of everything before it.
 */
export function recordValue(p: number, i: number): string {
  return chainedValue('', p, i, FILLER_HASHES);
}

export function recordKey(p: number, i: number): string {
  return `k-${p}-${i % 50}`;
}

/**
 * Why a record read as the i-th of partition p is not that record, or
 * undefined when it is. A value whose hash does not match is damaged; one
 * that matches but names another position is lost, duplicated or reordered.
 */
export function recordProblem(p: number, i: number, offset: bigint, key: string, value: string): string | undefined {
  const cut = value.lastIndexOf(':');
  const body = value.slice(0, cut);
  if (cut < 0 || sha256(body).slice(0, 16) !== value.slice(cut + 1)) return `partition ${p} offset ${offset}: damaged value (its hash does not match): ${JSON.stringify(value.slice(0, 80))}`;
  const [vp, vi] = body.split(':');
  if (Number(vp) !== p || Number(vi) !== i) return `partition ${p} offset ${offset}: record ${vp}:${vi} where ${p}:${i} was expected (lost, duplicated or reordered)`;
  if (value !== recordValue(p, i) || key !== recordKey(p, i)) return `partition ${p} offset ${offset}: record ${p}:${i} has the right hash but not the key or value written`;
  return undefined;
}

// ---------------------------------------------------------------------------
// producing

export interface RunningProducer {
  /** Records acknowledged per partition (the i-th is recordValue(p, i)). */
  readonly acked: number[];
  total(): number;
  stop(): Promise<void>;
}

/**
 * Produces batches of `batch` records to every partition in parallel, acks=all
 * and idempotent (a retry resends the same bytes and sequence: no duplicates),
 * until stop(). A produce that is not acknowledged within two minutes fails the
 * loop, and stop() rethrows that.
 */
export async function startProducer(w: WireClient, topic: string, partitions: number, batch = 200): Promise<RunningProducer> {
  const producer = await w.initProducerId();
  const acked: number[] = new Array(partitions).fill(0);
  let stopping = false;
  const loops = Array.from({ length: partitions }, async (_, p) => {
    while (!stopping) {
      const i = acked[p] as number;
      const records = Array.from({ length: batch }, (_, j) => ({ key: recordKey(p, i + j), value: recordValue(p, i + j) }));
      const res = await w.produceUntilAcked(topic, p, keyedBatch(records, { ...producer, baseSequence: i }), 120_000);
      if (BigInt(res.lastOffset) - BigInt(res.baseOffset) !== BigInt(batch - 1)) {
        throw new Error(`partition ${p}: a batch of ${batch} records was given offsets ${res.baseOffset}..${res.lastOffset}`);
      }
      acked[p] = i + batch;
    }
  });
  const done = Promise.all(loops);
  // Kept from being an unhandled rejection until stop() reports it.
  done.catch(() => undefined);
  return {
    acked,
    total: () => acked.reduce((a, b) => a + b, 0),
    async stop() {
      stopping = true;
      await done;
    },
  };
}

// ---------------------------------------------------------------------------
// reading as a consumer does, checking every byte handed over

/**
 * A consumer of one partition: fetches through the leader from where it left
 * off, checks each batch's CRC-32C and each record against recordValue.
 * Refusals by the server (an error code, no leader, a node down) are retried
 * until the deadline: a replica that will not serve damage is right. Bytes
 * that fail a check are violations, never retried away: a consumer was
 * served damage.
 */
export class PartitionReader {
  /** Records read so far, in offset order. */
  count = 0;
  readonly violations: string[] = [];
  private next = 0n;
  private lastRefusal = '';
  private readonly stubs = new Map<string, grpc.Client>();

  constructor(
    private readonly cluster: ServerCluster,
    private readonly w: WireClient,
    private readonly topic: string,
    readonly partition: number,
  ) {}

  /**
   * Reads until `until` records have been read, or without it to the high
   * watermark; with `onlyFrom`, only while that node leads. Stops at the first
   * violation. Throws when the deadline passes first.
   */
  async read(options: { until?: number; timeoutMs?: number; onlyFrom?: number } = {}): Promise<void> {
    const { topic, partition: p } = this;
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    while (this.violations.length === 0) {
      if (Date.now() > deadline) {
        throw new Error(`reading ${topic}-${p}: ${this.count} records read of ${options.until ?? 'all'} before the deadline; last refusal: ${this.lastRefusal || 'none'}`);
      }
      const leader = await this.w.leaderAddress(topic, p).catch(() => undefined);
      if (!leader || (options.onlyFrom !== undefined && leader.id !== options.onlyFrom)) {
        this.lastRefusal = leader ? `led by node ${leader.id}, not ${options.onlyFrom}` : 'no leader';
        await pause(100);
        continue;
      }
      const part = await this.fetch(leader.address);
      if (!part) {
        await pause(100);
        continue;
      }
      this.take(leader.id, part);
      if (options.until !== undefined ? this.count >= options.until : this.next >= BigInt(part.highWatermark)) return;
    }
  }

  close(): void {
    for (const s of this.stubs.values()) s.close();
    this.stubs.clear();
  }

  private async fetch(address: string): Promise<wire.FetchedPartition__Output | undefined> {
    let stub = this.stubs.get(address);
    if (!stub) this.stubs.set(address, (stub = client('FetchService', address, this.cluster.clientCredentials())));
    try {
      const request = { partitions: [{ topic: this.topic, partition: this.partition, offset: String(this.next) }], maxBytes: 1024 * 1024, format: 'RECORD_FORMAT_BATCHES' };
      const part = (await call<wire.FetchResponse__Output>(stub, 'fetch', request, 10_000)).partitions[0];
      if (part && !part.error) return part;
      this.lastRefusal = `${part?.error?.code} ${part?.error?.message}`;
    } catch (err) {
      this.lastRefusal = `${(err as EddyError).code ?? ''} ${(err as Error).message}`;
    }
    return undefined;
  }

  /** Checks and counts what one fetch answer holds. */
  private take(nodeId: number, part: wire.FetchedPartition__Output): void {
    const p = this.partition;
    for (const bytes of iterateBatches(part.recordBatches)) {
      let batch;
      try {
        batch = decodeRecordBatch(bytes);
      } catch (err) {
        this.violations.push(`partition ${p}: node ${nodeId} served a batch that fails its checks at or after offset ${this.next}: ${(err as Error).message}`);
        return;
      }
      for (const r of batch.records) {
        if (r.offset < this.next) continue;
        const problem = recordProblem(p, this.count, r.offset, r.key?.toString() ?? '', r.value?.toString() ?? '');
        if (problem) {
          this.violations.push(`node ${nodeId} served ${problem}`);
          return;
        }
        this.count++;
        this.next = r.offset + 1n;
      }
    }
    if (BigInt(part.nextOffset) > this.next) this.next = BigInt(part.nextOffset);
  }
}

/** Reads partition p from its start to the high watermark (see PartitionReader). */
export async function readPartition(cluster: ServerCluster, w: WireClient, topic: string, p: number, options: { until?: number; timeoutMs?: number; onlyFrom?: number } = {}): Promise<PartitionReader> {
  const reader = new PartitionReader(cluster, w, topic, p);
  try {
    await reader.read(options);
  } finally {
    reader.close();
  }
  return reader;
}

/** A consumer of every partition, reading on as records commit while the test runs; stop() says what it was served. */
export function startTailReader(cluster: ServerCluster, w: WireClient, topic: string, partitions: number): { stop(): Promise<{ records: number; violations: string[] }> } {
  let stopping = false;
  const readers = Array.from({ length: partitions }, (_, p) => new PartitionReader(cluster, w, topic, p));
  const violations = (): string[] => readers.flatMap((r) => r.violations);
  const loop = (async () => {
    while (!stopping && violations().length === 0) {
      // A deadline passed (a partition without a leader for a while) is no finding: read on next round.
      for (const r of readers) await r.read({ timeoutMs: 10_000 }).catch(() => undefined);
      await pause(250);
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      for (const r of readers) r.close();
      return { records: readers.reduce((a, r) => a + r.count, 0), violations: violations() };
    },
  };
}

// ---------------------------------------------------------------------------
// the cluster's view

export interface PartitionJson {
  partition: number;
  leader: number;
  replicas: number[];
  inSyncReplicas: number[];
  underReplicated: boolean;
}

/** `eddy topic describe TOPIC --json` against the live nodes. */
export async function describeTopic(cluster: ServerCluster, topic: string): Promise<PartitionJson[]> {
  const bootstrap = cluster.nodes.filter((n) => n.child).map((n) => n.address).join(',');
  const r = await runCli(['topic', 'describe', topic, '--json', '--bootstrap', bootstrap]);
  if (r.status !== 0) throw new Error(`eddy topic describe exited ${r.status}: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { partitions: PartitionJson[] }).partitions;
}

export async function activeController(w: WireClient): Promise<number> {
  return (await w.admin<wire.DescribeClusterResponse__Output>('describeCluster', {})).activeControllerId;
}

// ---------------------------------------------------------------------------
// the repaired node itself

/**
 * Makes `node` every partition's preferred leader (`eddy topic reassign`, the
 * same replicas in another order); once it is caught up the leader hands over
 * to it (docs/architecture.md §7.10), and each partition is then read whole from it alone.
 */
export async function readEveryPartitionFrom(cluster: ServerCluster, w: WireClient, topic: string, node: ServerProcess, acked: readonly number[]): Promise<void> {
  for (const p of await describeTopic(cluster, topic)) {
    const order = [node.id, ...p.replicas.filter((r) => r !== node.id)];
    const r = await runCli(['topic', 'reassign', topic, '--partition', String(p.partition), '--replicas', order.join(','), '--bootstrap', cluster.bootstrap]);
    if (r.status !== 0) throw new Error(`eddy topic reassign exited ${r.status}: ${r.stderr}`);
  }
  for (let p = 0; p < acked.length; p++) {
    const read = await readPartition(cluster, w, topic, p, { onlyFrom: node.id, timeoutMs: 90_000 });
    expect(read.violations, `partition ${p} read from node ${node.id}`).toEqual([]);
    expect(read.count, `partition ${p} read from node ${node.id}: records read vs acknowledged`).toBe(acked[p]);
  }
}

/** Waits until `node` holds as many bytes of every partition as each other node (eddy_storage_log_size_bytes). */
export async function waitForSameLogSizes(cluster: ServerCluster, topic: string, partitions: number, node: ServerProcess): Promise<void> {
  const others = cluster.nodes.filter((n) => n !== node);
  await waitFor(
    `node ${node.id} to hold as many bytes of every partition as the other replicas`,
    async () => {
      const mine = await logSizes(node.metricsUrl!, topic);
      const theirs = await Promise.all(others.map((n) => logSizes(n.metricsUrl!, topic)));
      const expected = theirs[0]!;
      const same = expected.size === partitions && theirs.every((t) => [...expected].every(([p, size]) => t.get(p) === size)) && [...expected].every(([p, size]) => mine.get(p) === size);
      if (!same) throw new Error(`eddy_storage_log_size_bytes per partition: node ${node.id} ${JSON.stringify([...mine])}, ${others.map((n, i) => `node ${n.id} ${JSON.stringify([...theirs[i]!])}`).join(', ')}`);
      return true;
    },
    60_000,
    { pollMs: 250 },
  );
}

// ---------------------------------------------------------------------------
// evidence when a test fails

/**
 * The end both corruption tests share, once the damaged node is back in sync:
 * `after` more records are acknowledged, the producer and the consumer that
 * read all along stop (it was served nothing damaged), every acknowledged
 * record is read back once, in order, intact; the node holds as many bytes as
 * its peers, serves every partition whole once it leads, and is still running.
 */
export async function checkWholeAfterRepair(
  c: ServerCluster,
  w: WireClient,
  run: { topic: string; partitions: number; node: ServerProcess; producer: RunningProducer; consumer: ReturnType<typeof startTailReader>; after: number; trace: (step: string) => void },
): Promise<void> {
  const { topic, partitions, node: v, producer, consumer, trace } = run;
  trace('in sync per eddy topic describe');
  const atRepair = producer.total();
  await waitFor('records acknowledged after the repair', () => producer.total() >= atRepair + run.after, 60_000, { pollMs: 100 });
  await producer.stop();
  const served = await consumer.stop();
  expect(served.violations, 'what the consumer reading all along was served').toEqual([]);
  expect(served.records, 'records the consumer reading all along was served').toBeGreaterThan(0);

  trace('producer and consumer stopped');
  // Nothing acknowledged is lost: every acknowledged record, once, in order, intact.
  for (let p = 0; p < partitions; p++) {
    const read = await readPartition(c, w, topic, p, { timeoutMs: 120_000 });
    expect(read.violations, `partition ${p}`).toEqual([]);
    expect(read.count, `partition ${p}: records read vs acknowledged`).toBe(producer.acked[p]);
  }

  // It holds as much as its peers, and once it leads it serves every partition whole.
  trace('every partition read back');
  await waitForSameLogSizes(c, topic, partitions, v);
  trace(`node ${v.id} holds as many bytes as its peers`);
  await readEveryPartitionFrom(c, w, topic, v, producer.acked);
  expect(v.child?.exitCode, `node ${v.id} still running`).toBeNull();
}

/**
 * Runs the test body; if it throws, writes every node's output, the metrics
 * of those still running, `eddy topic describe --json` of every topic and the
 * damaged node's LevelDB LOG (LevelDB's own account of what it found) to a directory that outlives the cluster, and
 * adds where it is and the damaged node's last lines to the error. EDDY_INTEGRITY_KEEP_LOGS=1 keeps them after
 * a pass too (to see how a repair went), and says where on stderr.
 */
export async function keepEvidenceOnFailure(name: string, cluster: () => ServerCluster | undefined, victim: () => ServerProcess | undefined, body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    const kept = await keepEvidence(name, cluster(), victim());
    if (!kept) throw err;
    const e = err as Error;
    e.message = `${e.message}\n(node logs and the damaged node's LevelDB LOG kept in ${kept.dir})${kept.tail}`;
    throw e;
  }
  if (process.env.EDDY_INTEGRITY_KEEP_LOGS === '1') {
    const kept = await keepEvidence(name, cluster(), victim());
    if (kept) process.stderr.write(`${name}: node logs kept in ${kept.dir}\n`);
  }
}

async function keepEvidence(name: string, c: ServerCluster | undefined, v: ServerProcess | undefined): Promise<{ dir: string; tail: string } | undefined> {
  if (!c) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), `eddy-integrity-${name}-`));
  // Since its last start (a restart begins them anew): stdout holds the JSON log lines, stderr the rest (and the log lines again when a log level was asked for).
  for (const n of c.nodes) {
    writeFileSync(path.join(dir, `node-${n.id}.log`), n.stdout.map((l) => `${l}\n`).join(''));
    writeFileSync(path.join(dir, `node-${n.id}.stderr`), n.stderr.join(''));
    // Its metrics as the test ended (raft and storage counters), while it still runs.
    if (n.child && n.metricsUrl) {
      const text = await fetch(n.metricsUrl, { signal: AbortSignal.timeout(5000) }).then((r) => r.text(), (e: Error) => `no metrics: ${e.message}`);
      writeFileSync(path.join(dir, `node-${n.id}.metrics`), text);
    }
  }
  // The topics as the cluster describes them at the end (in-sync replicas, leaders).
  const live = c.nodes.filter((n) => n.child).map((n) => n.address).join(',');
  if (live !== '') {
    const topics = await runCli(['topic', 'list', '--json', '--bootstrap', live]);
    const names = topics.status === 0 ? (JSON.parse(topics.stdout) as { name: string }[]).map((t) => t.name) : [];
    const described = await Promise.all(names.map(async (t) => (await runCli(['topic', 'describe', t, '--json', '--bootstrap', live])).stdout));
    writeFileSync(path.join(dir, 'topics.json'), `${topics.status === 0 ? '' : `eddy topic list: ${topics.stderr}\n`}${described.join('\n')}\n`);
  }
  if (!v) return { dir, tail: '' };
  try {
    const db = levelDbDir(v.dataDir);
    mkdirSync(path.join(dir, `node-${v.id}-leveldb`));
    for (const f of ['LOG', 'LOG.old']) if (existsSync(path.join(db, f))) copyFileSync(path.join(db, f), path.join(dir, `node-${v.id}-leveldb`, f));
  } catch {
    // No LevelDB to copy from: the node logs say why.
  }
  return { dir, tail: `\nthe damaged node ${v.id}'s last lines:\n${v.stderr.join('').split('\n').slice(-40).join('\n')}` };
}

/** With EDDY_INTEGRITY_TRACE=1, writes each step and the seconds since the test began to stderr (where a slow run spends its time). */
export function tracer(name: string): (step: string) => void {
  const start = Date.now();
  if (process.env.EDDY_INTEGRITY_TRACE !== '1') return () => undefined;
  return (step) => process.stderr.write(`${name}: ${((Date.now() - start) / 1000).toFixed(1)} s ${step}\n`);
}

export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
