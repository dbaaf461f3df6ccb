// Tiered storage under faults (docs/architecture.md §14.1), real `eddy server`
// processes and a real S3-protocol server (s3rver):
//   1. The partition leader is SIGKILLed while segments upload under produce
//      load: nothing acknowledged is lost or duplicated (idempotent producer,
//      every value checked in order); the new leader continues the manifest
//      where the applied one ends (remote segments and the remote end keep
//      growing, no object overlaps another); and after the orphan clean-up
//      interval the bucket holds exactly one object per remote segment — what
//      the crash may have left and two objects planted as a crashed leader's
//      (one below the tier's end, one above it from an older term) are gone.
//   2. The object store unreachable for a while (s3rver stopped, then started
//      again on its port and directory): produce is never refused for it,
//      upload errors and the upload lag count up, the local log grows past
//      local.retention.bytes (nothing not yet uploaded leaves the disk); once
//      the store is back uploads resume, the lag returns to 0, the local log
//      falls back near its bound, and a consumer from the beginning reads
//      every record.
import { afterEach, describe, expect, it } from 'vitest';
import type { S3Client } from '@aws-sdk/client-s3';
import type * as grpc from '@grpc/grpc-js';
import type { wire } from '@eddy/protocol';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { call, client } from '../support/grpc.js';
import { logSizes, waitFor } from '../support/harness.js';
import { S3RVER_ENV, startS3, type TestS3 } from '../support/s3.js';
import type { ServerProcess } from '../support/server-cluster.js';
import {
  KiB,
  MiB,
  bucketClient,
  consumeFromBeginning,
  describeJson,
  listBucket,
  listOffset,
  metric,
  objectProblems,
  putObject,
  startTieredProducer,
  tieredBatch,
  type DescribedTopic,
  type TiersJson,
} from './tiered-support.js';

const PREFIX = 'faults/';
const SEGMENT = 256 * KiB;
const INDEX_GRANULARITY = 256 * KiB;

let s3: TestS3 | undefined;
let fx: ClusterFixture | undefined;
let bucket: S3Client | undefined;
afterEach(async () => {
  bucket?.destroy();
  bucket = undefined;
  await fx?.close();
  fx = undefined;
  await s3?.stop();
  s3 = undefined;
});

async function start(nodes: number, extraArgs: string[] = []): Promise<ClusterFixture> {
  s3 = await startS3();
  bucket = bucketClient(s3);
  fx = await startCluster({
    nodes,
    extraEnv: S3RVER_ENV,
    serverArgs: () => ['--remote-storage', s3!.url(PREFIX), '--retention-check-interval-ms', '1000', ...extraArgs],
  });
  return fx;
}

function tieredConfigs(localRetention: number): string[] {
  return ['remote.storage.enable=true', `segment.bytes=${SEGMENT}`, `local.retention.bytes=${localRetention}`, 'segment.ms=5000'];
}

async function createTopic(topic: string, partitions: number, replicationFactor: number, configs: string[]): Promise<void> {
  const config = Object.fromEntries(configs.map((c) => c.split('=') as [string, string]));
  await fx!.wire.admin('createTopic', { name: topic, partitions, replicationFactor, configs: config });
  await waitFor(`every partition of ${topic} has a leader`, async () => {
    const md = await fx!.wire.metadata([topic]);
    const online = new Set(md.nodes.filter((n) => n.online).map((n) => n.nodeId));
    const ps = md.topics[0]?.partitions ?? [];
    return ps.length === partitions && ps.every((p) => online.has(p.leaderId));
  });
}

/** Partition 0's tiers once `ok` holds for them (describe is polled); the description. */
async function waitForLog(topic: string, what: string, ok: (log: TiersJson, d: DescribedTopic) => boolean | Promise<boolean>, timeoutMs = 60_000): Promise<DescribedTopic> {
  let last: DescribedTopic | undefined;
  try {
    return await waitFor(what, async () => {
      last = await describeJson(fx!.cluster, topic);
      const log = last.partitions[0]?.log;
      return log && (await ok(log, last)) ? last : undefined;
    }, timeoutMs, { pollMs: 500 });
  } catch (err) {
    (err as Error).message += `\nlast describe: ${JSON.stringify(last?.partitions.map((p) => ({ leader: p.leader, ...p.log })))}`;
    throw err;
  }
}

const pad = (n: number) => String(n).padStart(20, '0');

describe('tiered storage under faults (s3rver)', () => {
  it('SIGKILL of the leader while segments upload: nothing lost or duplicated, the new leader continues the manifest, orphans are cleaned up', { timeout: 150_000 }, async () => {
    const t0 = Date.now();
    const steps: string[] = [];
    const trace = (step: string) => steps.push(`${((Date.now() - t0) / 1000).toFixed(1)}s ${step}`);
    await start(3, ['--remote-cleanup-interval-ms', '2000']);
    trace('started');
    const topic = 'tiered-kill';
    await createTopic(topic, 1, 3, tieredConfigs(1 * MiB));
    // A steady ~250 KiB/s: about what one partition's uploads of 256 KiB segments carry, so they run all along.
    const producer = await startTieredProducer(fx!.wire, topic, 1, { batch: 64, pauseMs: 250 });

    // Uploads under way: a few segments remote, and the producer still going.
    const before = await waitForLog(topic, 'a few remote segments', (log) => log.remoteSegments >= 4);
    const killed = fx!.cluster.node(before.partitions[0]!.leader);
    const { remoteSegments: segmentsBefore, remoteEndOffset: endBefore } = before.partitions[0]!.log!;
    const prefix = `${PREFIX}${before.topicId}/0/`;
    const oldTerm = Math.max(...(await listBucket(bucket!, s3!.bucket, prefix)).map((o) => o.term));
    const ackedAtKill = producer.total();
    await fx!.cluster.kill(killed);
    trace('killed');

    // What a crashed leader can leave: an upload of a range already remote, and one never recorded past the end.
    const planted = [`${prefix}${pad(0)}-${pad(9)}-${oldTerm}-0badc0de.seg`, `${prefix}${pad(endBefore + 1_000_000)}-${pad(endBefore + 1_000_063)}-${oldTerm}-0badf00d.seg`];
    for (const key of planted) await putObject(bucket!, s3!.bucket, key, 'an upload cut short');

    // The new leader takes over the uploads: more segments, the remote end further on.
    const during = await waitForLog(
      topic,
      'a new leader to upload further',
      (log, d) => d.partitions[0]!.leader !== killed.id && log.remoteSegments >= segmentsBefore + 3 && log.remoteEndOffset > endBefore,
    );
    const newLeader = fx!.cluster.node(during.partitions[0]!.leader);
    trace('new leader uploads');
    expect(producer.total(), 'records acknowledged after the kill').toBeGreaterThan(ackedAtKill);
    expect(await metric(newLeader, 'eddy_remote_upload_segments_total'), `segments uploaded by node ${newLeader.id}`).toBeGreaterThan(0);

    // The killed node comes back (it may lead again: it is the preferred replica of some).
    await fx!.cluster.restart(killed);
    trace('restarted');
    const atRestart = producer.total();
    await waitFor('more records acknowledged after the restart', () => producer.total() >= atRestart + 512, 60_000, { pollMs: 100 });
    await producer.stop();
    const acked = producer.acked[0]!;
    trace('producer stopped');

    // Quiet again: everything uploaded (segment.ms), and the clean-up has run on whoever leads now.
    const latest = Number((await listOffset(fx!.cluster, fx!.wire, topic, 0, 'OFFSET_SPEC_LATEST')).offset);
    let objects: Awaited<ReturnType<typeof listBucket>> = [];
    const after = await waitForLog(topic, 'the whole log uploaded and the bucket holding exactly the manifest\'s objects', async (log) => {
      if (log.remoteEndOffset !== latest) return false;
      objects = await listBucket(bucket!, s3!.bucket, prefix);
      return objectProblems(objects, log).length === 0;
    }, 90_000).catch(async (err: Error) => {
      const d = await describeJson(fx!.cluster, topic);
      err.message += `\nbucket vs manifest: ${JSON.stringify(objectProblems(await listBucket(bucket!, s3!.bucket, prefix), d.partitions[0]!.log!))}`;
      throw err;
    });
    const log = after.partitions[0]!.log!;
    trace('quiet');
    expect(log.remoteSegments).toBeGreaterThan(segmentsBefore + 3);
    for (const key of planted) expect(objects.map((o) => o.key)).not.toContain(key);
    const orphanDeletes = await Promise.all(fx!.cluster.nodes.map((n) => metric(n, 'eddy_remote_deletes_total', { reason: 'orphan' })));
    expect(orphanDeletes.reduce((a, b) => a + b, 0), 'orphan deletes counted').toBeGreaterThanOrEqual(planted.length);

    // Every acknowledged record, once, in order, intact; and every one below the remote end lies in an object.
    const [read] = await consumeFromBeginning(fx!.client, topic, [acked]);
    trace('consumed');
    expect(read!.problems).toEqual([]);
    expect(read!.offsets.length).toBe(acked);
    const uncovered = read!.offsets.filter((o) => Number(o) < log.remoteEndOffset && !objects.some((x) => x.baseOffset <= Number(o) && Number(o) <= x.lastOffset));
    expect(uncovered.slice(0, 5), 'offsets below the remote end that no object holds').toEqual([]);
    console.log(`tiered-kill: node ${killed.id} killed after ${ackedAtKill} records; ${acked} acknowledged in all, every one read back; ${log.remoteSegments} remote segments (${segmentsBefore} before the kill), ${objects.length} objects; orphan deletes ${JSON.stringify(orphanDeletes)}; ${steps.join(', ')}`);
  });

  it('the object store unreachable for a while: produce goes on, uploads wait and local data stays, then uploads resume and nothing is lost', { timeout: 150_000 }, async () => {
    await start(1);
    const topic = 'tiered-outage';
    const localRetention = 512 * KiB;
    const bound = localRetention + SEGMENT + INDEX_GRANULARITY + 128 * KiB;
    await createTopic(topic, 1, 1, tieredConfigs(localRetention));
    const node = fx!.cluster.node(1);
    const stub = client('ProduceService', node.address) as unknown as grpc.Client;
    let next = 0;
    let producedBytes = 0;
    /** `batches` batches of 64 records, each refused on any error (no retries: a refusal fails the test). */
    const produce = async (batches: number): Promise<void> => {
      for (let b = 0; b < batches; b++) {
        const body = tieredBatch(0, next, 64);
        const res = await call<wire.ProduceResponse__Output>(stub, 'produce', { topic, partition: 0, recordBatch: body, acks: 'ACKS_ALL' }, 30_000);
        expect(res.baseOffset).toBe(String(next));
        next += 64;
        producedBytes += body.length;
      }
    };
    const localSize = async (n: ServerProcess): Promise<number> => (await logSizes(n.metricsUrl!, topic)).get(0) ?? -1;

    try {
      // Healthy: uploaded, and the local log cut to its bound.
      await produce(24); // ~1.5 MiB
      const healthy = await waitForLog(topic, 'uploaded and cut locally', (log) => log.remoteEndOffset === next && log.localLogStartOffset > 0 && log.localSizeBytes <= bound);
      const remoteEnd = healthy.partitions[0]!.log!.remoteEndOffset;
      const uploadErrors = await metric(node, 'eddy_remote_errors_total', { op: 'upload' });
      const segmentsUploaded = await metric(node, 'eddy_remote_upload_segments_total');

      // The store goes away; produce goes on (every produce above is accepted, none retried).
      await s3!.pause();
      const bytesAtOutage = producedBytes;
      await produce(16); // ~1 MiB
      await waitFor('an upload to fail', async () => (await metric(node, 'eddy_remote_errors_total', { op: 'upload' })) > uploadErrors, 30_000, { pollMs: 250 });
      const lagEarly = await metric(node, 'eddy_remote_upload_lag_bytes');
      await produce(32); // ~2 MiB more
      const lagLate = await waitFor('the upload lag to grow', async () => {
        const lag = await metric(node, 'eddy_remote_upload_lag_bytes');
        return lag > lagEarly && lag >= producedBytes - bytesAtOutage - SEGMENT ? lag : undefined;
      }, 30_000, { pollMs: 250 });
      expect(lagEarly).toBeGreaterThan(0);
      // Nothing not yet uploaded leaves the disk: the local log holds everything past the remote end, well past its bound.
      await new Promise((r) => setTimeout(r, 2500)); // retention runs every second: give it the chance to do wrong
      const grown = await localSize(node);
      expect(grown).toBeGreaterThanOrEqual(producedBytes - bytesAtOutage);
      expect(grown).toBeGreaterThan(bound);
      expect(Number((await listOffset(fx!.cluster, fx!.wire, topic, 0, 'OFFSET_SPEC_EARLIEST')).offset)).toBe(0);
      const errorsDuringOutage = (await metric(node, 'eddy_remote_errors_total', { op: 'upload' })) - uploadErrors;

      // The store is back (same port, same objects): uploads resume by themselves.
      await s3!.resume();
      const recovered = await waitForLog(topic, 'uploads to catch up and the local log to be cut again', (log) => log.remoteEndOffset === next && log.localSizeBytes <= bound, 90_000);
      await waitFor('the upload lag back to 0', async () => (await metric(node, 'eddy_remote_upload_lag_bytes')) === 0, 30_000, { pollMs: 250 });
      await waitFor(`the local log within ${bound} bytes`, async () => (await localSize(node)) <= bound, 30_000, { pollMs: 250 });
      const log = recovered.partitions[0]!.log!;
      expect(log.remoteEndOffset).toBeGreaterThan(remoteEnd);
      expect(log.logStartOffset).toBe(0);
      expect(await metric(node, 'eddy_remote_upload_segments_total')).toBeGreaterThan(segmentsUploaded);
      const objects = await listBucket(bucket!, s3!.bucket, `${PREFIX}${recovered.topicId}/0/`);
      expect(objectProblems(objects, log)).toEqual([]);

      const [read] = await consumeFromBeginning(fx!.client, topic, [next]);
      expect(read!.problems).toEqual([]);
      expect(read!.offsets.length).toBe(next);
      console.log(`tiered-outage: ${next} records (${(producedBytes / MiB).toFixed(1)} MiB); during the outage ${errorsDuringOutage} upload errors, lag ${lagEarly} -> ${lagLate} bytes, local log ${grown} bytes (bound ${bound}); after it ${log.remoteSegments} remote segments, local ${log.localSizeBytes} bytes`);
    } finally {
      stub.close();
    }
  });
});
