// What the tiered-storage process tests share (docs/architecture.md §14.1):
// real `eddy server` processes whose --remote-storage is a real S3-protocol
// server (s3rver) or a directory; records that prove themselves (a value that
// names its partition and position and carries its own hash, a timestamp that
// grows by one millisecond per record); an idempotent producer that resends
// the same bytes until acknowledged; a consumer from the beginning through
// @eddy/client; what is in the bucket, read with the S3 API; what `eddy topic
// describe --json` and each node's /metrics report.
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type * as grpc from '@grpc/grpc-js';
import type { Eddy } from '@eddy/client';
import { encodeRecordBatch, type EddyError, type wire } from '@eddy/protocol';
import { runCli } from '../support/cli-process.js';
import { call, client } from '../support/grpc.js';
import type { ServerCluster, ServerProcess } from '../support/server-cluster.js';
import { S3RVER_ENV, type TestS3 } from '../support/s3.js';
import type { WireClient } from '../support/wire-client.js';
import { chainedValue, sha256 } from '../support/values.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;

/** The timestamp of record 0 of every partition: an hour ago (well inside the default retention.ms). */
export const T0 = Date.now() - 3_600_000;

// ---------------------------------------------------------------------------
// records that prove themselves

/** Hex characters of filler per value: with the rest, a value of about 1 KiB. */
const FILLER_HASHES = 15;

/**
 * The i-th value of partition p: `p:i:<filler>:<hash>`, the filler a hash
 * chain (incompressible) and the last field the first 16 hex digits of the
 * SHA-256 of everything before it.
 */
export function tieredValue(p: number, i: number): string {
  return chainedValue('tiered:', p, i, FILLER_HASHES);
}

/** The timestamp of the i-th record of every partition. */
export function tieredTimestamp(i: number): number {
  return T0 + i;
}

/** Why `value`, read as the i-th record of partition p, is not it; undefined when it is. */
export function valueProblem(p: number, i: number, offset: bigint, value: string): string | undefined {
  const cut = value.lastIndexOf(':');
  const body = value.slice(0, cut);
  if (cut < 0 || sha256(body).slice(0, 16) !== value.slice(cut + 1)) return `partition ${p} offset ${offset}: damaged value ${JSON.stringify(value.slice(0, 60))}`;
  const [vp, vi] = body.split(':');
  if (Number(vp) !== p || Number(vi) !== i) return `partition ${p} offset ${offset}: record ${vp}:${vi} where ${p}:${i} was expected (lost, duplicated or reordered)`;
  if (value !== tieredValue(p, i)) return `partition ${p} offset ${offset}: record ${p}:${i} has the right hash but not the value written`;
  return undefined;
}

/** Records [from, from + count) of partition p as one batch, idempotent when a producer is given (sequence = from). */
export function tieredBatch(p: number, from: number, count: number, producer?: { producerId: bigint; producerEpoch: number }): Buffer {
  return encodeRecordBatch({
    records: Array.from({ length: count }, (_, j) => ({ key: Buffer.from(`k${(from + j) % 64}`), value: Buffer.from(tieredValue(p, from + j)), timestamp: tieredTimestamp(from + j) })),
    ...(producer ? { ...producer, baseSequence: from } : {}),
  });
}

// ---------------------------------------------------------------------------
// producing

export interface TieredProducer {
  /** Records acknowledged per partition (records 0 .. acked[p] - 1 of tieredValue). */
  readonly acked: number[];
  /** Bytes of the acknowledged batches per partition (as sent: the size they are stored at). */
  readonly bytes: number[];
  total(): number;
  /** Stops after the batches in flight; rethrows what failed a loop. */
  stop(): Promise<void>;
  /** Resolves once every loop has produced `records` per partition (then they stop by themselves). */
  done: Promise<void>;
}

/**
 * Produces batches of `batch` records to each partition in parallel, acks=all
 * and idempotent (a retry after a failure resends the same bytes, so nothing
 * is duplicated), until `records` per partition or stop(), pausing `pauseMs`
 * after each batch when asked (a steady load). A batch not
 * acknowledged within two minutes fails its loop.
 */
export async function startTieredProducer(w: WireClient, topic: string, partitions: number, options: { batch?: number; records?: number; pauseMs?: number } = {}): Promise<TieredProducer> {
  const batch = options.batch ?? 64;
  const limit = options.records ?? Number.POSITIVE_INFINITY;
  const producer = await w.initProducerId();
  const acked: number[] = new Array<number>(partitions).fill(0);
  const bytes: number[] = new Array<number>(partitions).fill(0);
  let stopping = false;
  const loops = Array.from({ length: partitions }, async (_, p) => {
    while (!stopping && acked[p]! < limit) {
      const i = acked[p]!;
      const n = Math.min(batch, limit - i);
      const body = tieredBatch(p, i, n, producer);
      const res = await w.produceUntilAcked(topic, p, body, 120_000);
      if (BigInt(res.lastOffset) - BigInt(res.baseOffset) !== BigInt(n - 1)) throw new Error(`partition ${p}: a batch of ${n} records was given offsets ${res.baseOffset}..${res.lastOffset}`);
      acked[p] = i + n;
      bytes[p] = bytes[p]! + body.length;
      if (options.pauseMs) await pause(options.pauseMs);
    }
  });
  const done = Promise.all(loops).then(() => undefined);
  done.catch(() => undefined); // reported by stop() or by whoever awaits done
  return {
    acked,
    bytes,
    total: () => acked.reduce((a, b) => a + b, 0),
    done,
    async stop() {
      stopping = true;
      await done;
    },
  };
}

// ---------------------------------------------------------------------------
// reading

/** One partition as a consumer from the beginning read it: offsets in order, and what was wrong. */
export interface ConsumedPartition {
  offsets: bigint[];
  problems: string[];
}

/**
 * Reads every partition from its earliest offset with an @eddy/client
 * consumer until `expected[p]` records of each were delivered, checking each
 * record against tieredValue in order (so a record lost, duplicated,
 * reordered or damaged is a problem). Throws when `timeoutMs` passes first.
 */
export async function consumeFromBeginning(eddy: Eddy, topic: string, expected: readonly number[], timeoutMs = 90_000): Promise<ConsumedPartition[]> {
  const out: ConsumedPartition[] = expected.map(() => ({ offsets: [], problems: [] }));
  const want = expected.reduce((a, b) => a + b, 0);
  const consumer = eddy.consumer({ autoOffsetReset: 'earliest', maxPartitionBytes: 2 * MiB });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void consumer.close();
  }, timeoutMs);
  try {
    await consumer.assign(expected.map((_, partition) => ({ topic, partition, offset: 'earliest' as const })));
    let got = 0;
    if (want > 0) {
      for await (const m of consumer) {
        const part = out[m.partition]!;
        const i = part.offsets.length;
        const problem = i >= expected[m.partition]! ? `partition ${m.partition} offset ${m.offset}: a record beyond the ${expected[m.partition]} acknowledged` : valueProblem(m.partition, i, m.offset, m.value?.toString() ?? '');
        if (problem) part.problems.push(problem);
        part.offsets.push(m.offset);
        if (++got >= want) break;
      }
    }
  } finally {
    clearTimeout(timer);
    await consumer.close();
  }
  if (timedOut) throw new Error(`consumer from the beginning: ${out.map((c, p) => `partition ${p} ${c.offsets.length}/${expected[p]}`).join(', ')} records after ${timeoutMs} ms`);
  return out;
}

function stubFor(cluster: ServerCluster, service: 'FetchService', address: string): grpc.Client {
  return client(service, address, cluster.clientCredentials()) as unknown as grpc.Client;
}

/** ListOffsets on the partition's leader (following NOT_LEADER until the deadline). */
export async function listOffset(cluster: ServerCluster, w: WireClient, topic: string, partition: number, spec: 'OFFSET_SPEC_EARLIEST' | 'OFFSET_SPEC_LATEST' | 'OFFSET_SPEC_TIMESTAMP', timestampMs = 0): Promise<wire.ListedOffset__Output> {
  let last = '';
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await pause(100)) {
    const leader = await w.leaderAddress(topic, partition).catch(() => undefined);
    if (!leader) continue;
    const stub = stubFor(cluster, 'FetchService', leader.address);
    try {
      const res = await call<wire.ListOffsetsResponse__Output>(stub, 'listOffsets', { partitions: [{ topic, partition, spec, timestampMs: String(timestampMs) }] });
      const part = res.partitions[0];
      if (part && !part.error) return part;
      last = `${part?.error?.code} ${part?.error?.message}`;
    } catch (err) {
      last = `${(err as EddyError).code} ${(err as Error).message}`;
    } finally {
      stub.close();
    }
  }
  throw new Error(`listOffsets ${topic}-${partition} ${spec}: ${last}`);
}

/** One Fetch of `offset` on the partition's leader: the partition's answer, error included. */
export async function fetchAt(cluster: ServerCluster, w: WireClient, topic: string, partition: number, offset: bigint): Promise<wire.FetchedPartition__Output> {
  const leader = await w.leaderAddress(topic, partition);
  if (!leader) throw new Error(`${topic}-${partition} has no leader`);
  const stub = stubFor(cluster, 'FetchService', leader.address);
  try {
    const res = await call<wire.FetchResponse__Output>(stub, 'fetch', { partitions: [{ topic, partition, offset: String(offset) }], maxBytes: 64 * KiB, format: 'RECORD_FORMAT_RECORDS' });
    return res.partitions[0]!;
  } finally {
    stub.close();
  }
}

// ---------------------------------------------------------------------------
// the cluster's view

/** A partition's tiers as `eddy topic describe --json` prints them (partitions[].log). */
export interface TiersJson {
  logStartOffset: number;
  localLogStartOffset: number;
  highWatermark: number;
  localSizeBytes: number;
  remoteSizeBytes: number;
  remoteSegments: number;
  remoteEndOffset: number;
}

export interface DescribedTopic {
  topicId: string;
  partitions: { partition: number; leader: number; replicas: number[]; log: TiersJson | null }[];
}

/** `eddy topic describe TOPIC --json` against the live nodes, as a user runs it. */
export async function describeJson(cluster: ServerCluster, topic: string): Promise<DescribedTopic> {
  const r = await runCli(['topic', 'describe', topic, '--json', '--bootstrap', liveBootstrap(cluster)]);
  if (r.status !== 0) throw new Error(`eddy topic describe exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as DescribedTopic;
}

export function liveBootstrap(cluster: ServerCluster): string {
  return cluster.nodes.filter((n) => n.child).map((n) => n.address).join(',');
}

/** The sum of the samples of `name` on a node's /metrics whose labels include every `labels` pair (0 when none). */
export async function metric(node: ServerProcess, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(node.metricsUrl!)).text();
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ?? '';
    if (!Object.entries(labels).every(([k, v]) => have.includes(`${k}="${v}"`))) continue;
    sum += Number(m[3]);
    found = true;
  }
  if (!found && Object.keys(labels).length === 0 && !text.includes(`# TYPE ${name} `)) throw new Error(`node has no metric ${name} on ${node.metricsUrl}`);
  return sum;
}

// ---------------------------------------------------------------------------
// the bucket

/** A segment object in the bucket, with what its key names. */
export interface BucketObject {
  key: string;
  size: number;
  baseOffset: number;
  lastOffset: number;
  term: number;
}

/** What the key of a segment object names (docs/architecture.md §14.1: <topicId>/<partition>/<base>-<last>-<term>-<random>.seg), or undefined. */
export function parseObjectKey(key: string): { baseOffset: number; lastOffset: number; term: number } | undefined {
  const m = /(\d{20})-(\d{20})-(\d+)-[0-9a-f]+\.seg$/.exec(key);
  return m ? { baseOffset: Number(m[1]), lastOffset: Number(m[2]), term: Number(m[3]) } : undefined;
}

/** An S3 client of the test's s3rver, with the credentials the nodes have (and without the SDK's warning about Node 20, as the server makes its own). */
export function bucketClient(s3: TestS3): S3Client {
  const quiet = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';
  const was = process.env[quiet];
  process.env[quiet] = 'true';
  try {
    return new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: S3RVER_ENV.AWS_ACCESS_KEY_ID, secretAccessKey: S3RVER_ENV.AWS_SECRET_ACCESS_KEY },
    });
  } finally {
    if (was === undefined) delete process.env[quiet];
    else process.env[quiet] = was;
  }
}

/** Every object under `prefix` in the bucket, in key order; segment objects parsed, others with offsets -1. */
export async function listBucket(s3c: S3Client, bucket: string, prefix: string): Promise<BucketObject[]> {
  const out: BucketObject[] = [];
  let token: string | undefined;
  do {
    const res = await s3c.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    for (const o of res.Contents ?? []) {
      const named = parseObjectKey(o.Key!) ?? { baseOffset: -1, lastOffset: -1, term: -1 };
      out.push({ key: o.Key!, size: o.Size ?? 0, ...named });
    }
    token = res.IsTruncated ? res.NextContinuationToken : undefined;
  } while (token);
  return out.sort((a, b) => (a.key < b.key ? -1 : 1));
}

/** Stores an object in the bucket (an orphan planted by the test). */
export async function putObject(s3c: S3Client, bucket: string, key: string, body: string): Promise<void> {
  await s3c.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
}

/**
 * Problems with a partition's objects against what its leader reports: as
 * many objects as remote segments, none overlapping another, none wholly
 * below the log start or reaching the remote tier's end, the first at the log
 * start. Empty when consistent.
 */
export function objectProblems(objects: readonly BucketObject[], log: TiersJson): string[] {
  const problems: string[] = [];
  const segs = [...objects].sort((a, b) => a.baseOffset - b.baseOffset);
  if (segs.length !== log.remoteSegments) problems.push(`${segs.length} objects in the bucket, ${log.remoteSegments} remote segments reported`);
  for (const o of segs) {
    if (o.baseOffset < 0) problems.push(`${o.key}: not a segment key`);
    else if (o.lastOffset < log.logStartOffset) problems.push(`${o.key}: wholly below the log start ${log.logStartOffset}`);
    else if (o.lastOffset >= log.remoteEndOffset) problems.push(`${o.key}: reaches the remote end ${log.remoteEndOffset}`);
  }
  for (let k = 1; k < segs.length; k++) {
    if (segs[k]!.baseOffset <= segs[k - 1]!.lastOffset) problems.push(`${segs[k]!.key} overlaps ${segs[k - 1]!.key}`);
  }
  if (segs.length > 0) {
    if (segs[0]!.baseOffset !== log.logStartOffset) problems.push(`the first object starts at ${segs[0]!.baseOffset}, the log at ${log.logStartOffset}`);
  }
  return problems;
}

export function pause(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
