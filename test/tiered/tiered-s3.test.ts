// Tiered storage against a real S3-protocol server (docs/architecture.md
// §14.1): three real `eddy server` processes whose --remote-storage is a
// bucket on s3rver, and tiered topics of replication factor 3.
//   1. Segments upload while producing; every replica's local log stays
//      bounded near local.retention.bytes (+ a segment, + the offset index's
//      granularity), the bucket holds the rest (one object per remote segment
//      the leader reports, contiguous from the log start); a consumer from the
//      beginning reads every acknowledged record once, in order, intact;
//      ListOffsets by time (the wire, and `eddy consume --from-time`) finds a
//      record that lives only in the remote tier; `eddy topic describe` prints
//      the tiers; the topic is created and read through the CLI as a user does.
//   2. Total retention (retention.bytes, altered through the CLI) deletes the
//      earliest remote segments: their objects leave the bucket, the log start
//      rises, a Fetch below it gets OFFSET_OUT_OF_RANGE with the valid range, a
//      consumer positioned below it resets to the log start as Kafka's does,
//      and everything from there on is still read whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import { runCli } from '../support/cli-process.js';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { logSizes, waitFor } from '../support/harness.js';
import { S3RVER_ENV, startS3, type TestS3 } from '../support/s3.js';
import {
  KiB,
  MiB,
  bucketClient,
  consumeFromBeginning,
  describeJson,
  fetchAt,
  listBucket,
  listOffset,
  liveBootstrap,
  metric,
  objectProblems,
  startTieredProducer,
  tieredTimestamp,
  valueProblem,
  type BucketObject,
  type DescribedTopic,
  type TiersJson,
} from './tiered-support.js';

/** The bucket's prefix this cluster stores under. */
const PREFIX = 'cluster-s3/';
/** Segments of 512 KiB: many segments from a few MiB, which keeps the tests short. */
const SEGMENT = 512 * KiB;
/** Deletion granularity of the local log: an offset-index point every 32 batches or 256 KiB (docs/architecture.md §14). */
const INDEX_GRANULARITY = 256 * KiB;

let s3: TestS3 | undefined;
let fx: ClusterFixture | undefined;
let bucket: S3Client | undefined;

beforeAll(async () => {
  s3 = await startS3();
  bucket = bucketClient(s3);
  fx = await startCluster({
    nodes: 3,
    extraEnv: S3RVER_ENV,
    // Clean-up every 2 s: a leader deposed under load may finish an upload its
    // successor repeats; that object is an orphan until the clean-up runs.
    serverArgs: () => ['--remote-storage', s3!.url(PREFIX), '--retention-check-interval-ms', '1000', '--remote-cleanup-interval-ms', '2000'],
  });
}, 60_000);

afterAll(async () => {
  bucket?.destroy();
  await fx?.close();
  await s3?.stop();
});

/** `eddy ARGS --bootstrap <live nodes>`; throws with its stderr unless it exits 0. */
async function eddy(...args: string[]): Promise<string> {
  const r = await runCli([...args, '--bootstrap', liveBootstrap(fx!.cluster)]);
  if (r.status !== 0) throw new Error(`eddy ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

async function waitForLeaders(topic: string, partitions: number): Promise<void> {
  await waitFor(`every partition of ${topic} has a leader`, async () => {
    const md = await fx!.wire.metadata([topic]);
    const online = new Set(md.nodes.filter((n) => n.online).map((n) => n.nodeId));
    const ps = md.topics[0]?.partitions ?? [];
    return ps.length === partitions && ps.every((p) => online.has(p.leaderId));
  });
}

/**
 * Waits until the bucket under `prefix` holds exactly the manifest's objects
 * (a deposed leader's late upload stays an orphan until the clean-up deletes
 * it), and returns them.
 */
async function waitForBucketToMatch(prefix: string, log: TiersJson): Promise<BucketObject[]> {
  let problems: string[] = [];
  try {
    return await waitFor(`the bucket under ${prefix} to hold exactly the manifest's objects`, async () => {
      const objects = await listBucket(bucket!, s3!.bucket, prefix);
      problems = objectProblems(objects, log);
      return problems.length === 0 ? objects : undefined;
    }, 30_000, { pollMs: 500 });
  } catch (err) {
    (err as Error).message += `\nbucket vs manifest: ${JSON.stringify(problems)}`;
    throw err;
  }
}

/** Waits until describe reports, for every partition, what `ok` wants; returns that description. */
async function waitForTiers(topic: string, what: string, ok: (d: DescribedTopic) => boolean, timeoutMs = 60_000): Promise<DescribedTopic> {
  let last: DescribedTopic | undefined;
  try {
    return await waitFor(what, async () => {
      last = await describeJson(fx!.cluster, topic);
      return ok(last) ? last : undefined;
    }, timeoutMs, { pollMs: 500 });
  } catch (err) {
    (err as Error).message += `\nlast describe: ${JSON.stringify(last?.partitions.map((p) => p.log))}`;
    throw err;
  }
}

describe('tiered storage on S3 (three nodes, s3rver)', () => {
  it('uploads segments, keeps local logs bounded, and serves every record across both tiers: consumer, ListOffsets by time, describe, the CLI', { timeout: 150_000 }, async () => {
    const t0 = Date.now();
    const steps: string[] = [];
    const trace = (step: string) => steps.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${step}`);
    const topic = 'tiered-s3';
    const partitions = 2;
    const localRetention = 1 * MiB;
    // Created as a user would; segment.ms uploads the tail too once it has waited 5 s.
    await eddy(
      'topic', 'create', topic, '--partitions', String(partitions), '--replication-factor', '3',
      '--config', 'remote.storage.enable=true', '--config', `segment.bytes=${SEGMENT}`, '--config', `local.retention.bytes=${localRetention}`, '--config', 'segment.ms=5000',
    );
    await waitForLeaders(topic, partitions);

    // About 5 MiB per partition: ~10 segments each, most of it to leave the local disks.
    const producer = await startTieredProducer(fx!.wire, topic, partitions, { records: 5200, batch: 64 });
    await producer.done;
    const acked = producer.acked;
    trace('produced');

    // Everything uploaded (no gaps: offset = record number), and local retention applied after it.
    const bound = localRetention + SEGMENT + INDEX_GRANULARITY + 128 * KiB;
    const d = await waitForTiers(topic, 'the whole log uploaded and the local logs cut to local.retention.bytes', (x) =>
      x.partitions.every((p) => p.log !== null && p.log.remoteEndOffset === acked[p.partition] && p.log.localLogStartOffset > 0 && p.log.localSizeBytes <= bound),
    );
    trace('uploaded');
    for (const p of d.partitions) {
      const log = p.log!;
      expect(log.logStartOffset, `partition ${p.partition}: the log still starts at 0 (in the remote tier)`).toBe(0);
      expect(log.highWatermark).toBe(acked[p.partition]);
      expect(log.remoteSegments, `partition ${p.partition}: remote segments`).toBeGreaterThanOrEqual(8);
      // The bucket holds what left the disk: one object per remote segment, contiguous from the log start.
      const objects = await waitForBucketToMatch(`${PREFIX}${d.topicId}/${p.partition}/`, log);
      expect(objects.reduce((n, o) => n + o.size, 0)).toBeGreaterThan(log.remoteSizeBytes); // data + index parts
      expect(log.remoteSizeBytes + log.localSizeBytes, `partition ${p.partition}: the two tiers cover the log`).toBeGreaterThanOrEqual(producer.bytes[p.partition]!);
    }
    // Every replica's local log is bounded, not only the leader's: all of them apply the leader's log start.
    for (const node of fx!.cluster.nodes) {
      await waitFor(`node ${node.id}: local logs within ${bound} bytes`, async () => {
        const sizes = await logSizes(node.metricsUrl!, topic);
        if (sizes.size !== partitions || [...sizes.values()].some((s) => s > bound)) throw new Error(`eddy_storage_log_size_bytes ${JSON.stringify([...sizes])}`);
        return true;
      }, 30_000, { pollMs: 500 });
    }

    // A consumer from the beginning: every acknowledged record, once, in order, intact.
    trace('bounded');
    const consumed = await consumeFromBeginning(fx!.client, topic, acked);
    trace('consumed');
    for (const [p, c] of consumed.entries()) {
      expect(c.problems, `partition ${p}`).toEqual([]);
      expect(c.offsets.length).toBe(acked[p]);
      expect(c.offsets.every((o, i) => o === BigInt(i)), `partition ${p}: offsets 0..${acked[p]! - 1}`).toBe(true);
    }
    // Those reads came from the object store.
    const fetched = await Promise.all(fx!.cluster.nodes.map((n) => metric(n, 'eddy_remote_fetch_bytes_total')));
    expect(fetched.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    const uploadedSegments = await Promise.all(fx!.cluster.nodes.map((n) => metric(n, 'eddy_remote_upload_segments_total')));
    expect(uploadedSegments.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(d.partitions.reduce((n, p) => n + p.log!.remoteSegments, 0));

    // ListOffsets by time finds a record only the remote tier holds (not at a batch start).
    const p0 = d.partitions.find((p) => p.partition === 0)!.log!;
    const i = Math.floor(p0.localLogStartOffset / 2) + 37;
    expect(i).toBeLessThan(p0.localLogStartOffset);
    const listed = await listOffset(fx!.cluster, fx!.wire, topic, 0, 'OFFSET_SPEC_TIMESTAMP', tieredTimestamp(i));
    expect(listed.offset).toBe(String(i));
    expect(listed.timestampMs).toBe(String(tieredTimestamp(i)));
    expect((await listOffset(fx!.cluster, fx!.wire, topic, 0, 'OFFSET_SPEC_EARLIEST')).offset).toBe('0');
    // The same through the CLI: the first record at or after that time, read from the remote tier.
    const fromTime = JSON.parse(await eddy('consume', topic, '--partition', '0', '--from-time', String(tieredTimestamp(i)), '--max-messages', '1', '--json')) as { offset: number; value: string; timestamp: number };
    expect(fromTime.offset).toBe(i);
    expect(fromTime.timestamp).toBe(tieredTimestamp(i));
    expect(valueProblem(0, i, BigInt(i), fromTime.value)).toBeUndefined();

    // `eddy consume --from-beginning` as a user runs it: the first records, all remote.
    const n = 300;
    const lines = (await eddy('consume', topic, '--partition', '1', '--from-beginning', '--max-messages', String(n), '--json')).split('\n').map((l) => JSON.parse(l) as { offset: number; value: string });
    expect(lines.map((l) => l.offset)).toEqual(Array.from({ length: n }, (_, k) => k));
    expect(lines.map((l, k) => valueProblem(1, k, BigInt(l.offset), l.value)).filter(Boolean)).toEqual([]);

    trace('CLI consumed');
    // describe's tiers table, for people.
    const text = await eddy('topic', 'describe', topic);
    expect(text).toContain('tiers (as each leader last reported them):');
    expect(text).toMatch(/PARTITION\s+LOG-START\s+LOCAL-START\s+END\s+REMOTE-SEGMENTS\s+REMOTE-SIZE\s+LOCAL-SIZE/);
    const row = text.split('\n').find((l) => new RegExp(`^0\\s+0\\s+\\d+\\s+${acked[0]}\\s+\\d+\\s`).test(l));
    expect(row, text).toBeDefined();
    console.log(`tiered-s3: ${producer.total()} records (${(producer.bytes.reduce((a, b) => a + b, 0) / MiB).toFixed(1)} MiB) in ${partitions} partitions; tiers ${JSON.stringify(d.partitions.map((p) => p.log))}; ${steps.join(', ')}`);
  });

  it('retention.bytes deletes the earliest remote segments: objects gone, log start up, OFFSET_OUT_OF_RANGE below it, everything above still read', { timeout: 120_000 }, async () => {
    const topic = 'tiered-s3-retention';
    await eddy('topic', 'create', topic, '--partitions', '1', '--replication-factor', '3', '--config', 'remote.storage.enable=true', '--config', `segment.bytes=${SEGMENT}`, '--config', `local.retention.bytes=${512 * KiB}`, '--config', 'segment.ms=5000');
    await waitForLeaders(topic, 1);
    const producer = await startTieredProducer(fx!.wire, topic, 1, { records: 3600, batch: 64 });
    await producer.done;
    const total = producer.acked[0]!;
    const before = await waitForTiers(topic, 'the whole log uploaded', (x) => x.partitions[0]!.log?.remoteEndOffset === total && x.partitions[0]!.log.localLogStartOffset > 0);
    const prefix = `${PREFIX}${before.topicId}/0/`;
    const objectsBefore = await waitForBucketToMatch(prefix, before.partitions[0]!.log!);
    expect(before.partitions[0]!.log!.logStartOffset).toBe(0);
    // Summed over the nodes: whichever leads when retention runs deletes the objects.
    const retentionDeletes = async () => (await Promise.all(fx!.cluster.nodes.map((n) => metric(n, 'eddy_remote_deletes_total', { reason: 'retention' })))).reduce((a, b) => a + b, 0);
    const retentionDeletesBefore = await retentionDeletes();

    // Keep 1.5 MiB of the ~4 MiB log: whole segments go from the front.
    const keep = 1536 * KiB;
    await eddy('topic', 'alter', topic, '--config', `retention.bytes=${keep}`);
    const after = await waitForTiers(topic, 'the log start to rise', (x) => (x.partitions[0]!.log?.logStartOffset ?? 0) > 0);
    const log = after.partitions[0]!.log!;
    const objects = await waitForBucketToMatch(prefix, log);
    expect(objects.length).toBeLessThan(objectsBefore.length);
    // Exactly the earliest objects went; the later ones are the same objects as before.
    expect(objectsBefore.filter((o) => o.lastOffset < log.logStartOffset).length).toBe(objectsBefore.length - objects.length);
    expect(objects.map((o) => o.key)).toEqual(objectsBefore.filter((o) => o.baseOffset >= log.logStartOffset).map((o) => o.key));
    // At least retention.bytes remain (Kafka's rule: whole segments go only while that holds).
    expect(log.remoteSizeBytes + log.localSizeBytes).toBeGreaterThanOrEqual(keep);
    // The counter moves when the store answers a DELETE, which can come just after a listing already misses the object.
    await waitFor('the retention deletes counted', async () => (await retentionDeletes()) >= retentionDeletesBefore + objectsBefore.length - objects.length, 10_000, { pollMs: 100 });
    expect((await listOffset(fx!.cluster, fx!.wire, topic, 0, 'OFFSET_SPEC_EARLIEST')).offset).toBe(String(log.logStartOffset));

    // Below the log start: OFFSET_OUT_OF_RANGE, naming the range that is there.
    const below = await fetchAt(fx!.cluster, fx!.wire, topic, 0, 0n);
    expect(below.error?.code).toBe('OFFSET_OUT_OF_RANGE');
    expect(below.error?.logStartOffset).toBe(String(log.logStartOffset));
    expect(below.error?.logEndOffset).toBe(String(total));
    expect(below.error?.message).toContain(`[${log.logStartOffset}, ${total}]`);
    // A consumer asked for offset 0 resets to the earliest offset there is (autoOffsetReset=earliest), and reads on to the end.
    const consumer = fx!.client.consumer({ autoOffsetReset: 'earliest' });
    await consumer.assign([{ topic, partition: 0, offset: 0n }]);
    const problems: string[] = [];
    let first: bigint | undefined;
    let count = 0;
    for await (const m of consumer) {
      first ??= m.offset;
      const problem = valueProblem(0, Number(m.offset), m.offset, m.value?.toString() ?? '');
      if (problem) problems.push(problem);
      if (++count >= total - log.logStartOffset || m.offset === BigInt(total - 1)) break;
    }
    await consumer.close();
    expect(first).toBe(BigInt(log.logStartOffset));
    expect(problems).toEqual([]);
    expect(count).toBe(total - log.logStartOffset);
  });
});
