// Reads stop at their budget (issue 17): a Fetch asking for 2^31-1 bytes
// reads no more than its cap from LevelDB, a decoded-records Fetch leaves a
// batch that decodes past what the answer has left for the next Fetch, and a
// Subscribe's outstanding credit is clamped and its messages bounded.
import { CompressionCodec, encodeRecordBatch, type EddyError } from '@eddy/protocol';
import type { Entry } from '@eddy/raft';
import { afterEach, describe, expect, it } from 'vitest';
import { FetchService } from '../../src/fetch/fetch-service.js';
import { SubscribeSession, type SubscribeChunk } from '../../src/fetch/subscribe-session.js';
import { TestCluster, waitFor, type TestNode } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const INT32_MAX = 2 ** 31 - 1;
const KiB = 1024;

function batch(records: number, valueBytes: number, compression: CompressionCodec = CompressionCodec.none, fill = 0x61): Buffer {
  return encodeRecordBatch({ records: Array.from({ length: records }, () => ({ key: null, value: Buffer.alloc(valueBytes, fill), timestamp: Date.now() })), compression });
}

/** Counts the bytes of entries the node reads from LevelDB. */
function countDiskReads(node: TestNode): { bytes: number } {
  const counter = { bytes: 0 };
  const store = node.store;
  const readEntries = store.readEntries.bind(store);
  store.readEntries = async (...args: Parameters<typeof readEntries>) => {
    const out: Entry[] = await readEntries(...args);
    for (const e of out) counter.bytes += e.data.byteLength;
    return out;
  };
  return counter;
}

async function start(topics: { topic: string; partitions?: number }[], raftCacheBytes?: number): Promise<TestNode> {
  cluster = new TestCluster(
    [1],
    topics.map((t, i) => ({ topic: t.topic, topicId: `FL${i}`, partitions: Array.from({ length: t.partitions ?? 1 }, () => [1]) })),
    Date.now,
    raftCacheBytes === undefined ? {} : { raftCacheBytes },
  );
  await cluster.start();
  for (const t of topics) for (let p = 0; p < (t.partitions ?? 1); p++) await cluster.waitLeader(t.topic, p);
  return cluster.nodes[0]!;
}

const CAP = 1024 * KiB;

describe('fetch limits', () => {
  it('a Fetch of 2^31-1 bytes reads no more than the answer cap from LevelDB', async () => {
    const node = await start([{ topic: 'disk' }], 64 * KiB);
    const { replica } = await cluster!.waitLeader('disk', 0);
    // 48 batches of 100 KiB: 4.7 MiB, trimmed from the Raft cache, so reads go to LevelDB.
    for (let i = 0; i < 48; i++) await cluster!.produce({ topic: 'disk', partition: 0, batch: batch(1, 100 * KiB) });
    await waitFor('raft cache trimmed', () => replica.group.storage.cachedEntries < 4);
    const disk = countDiskReads(node);
    // A 1 MiB answer cap (the node's is 32 MiB) against the 4.7 MiB range.
    const capped = new FetchService({ replicas: node.plane.replicas, caps: { maxBytes: CAP } });
    for (const format of ['batches', 'records'] as const) {
      disk.bytes = 0;
      const [p] = await capped.fetch({ partitions: [{ topic: 'disk', partition: 0, offset: 0, maxBytes: INT32_MAX }], maxWaitMs: 0, minBytes: 0, maxBytes: INT32_MAX, format });
      if (!p || p.error) throw p?.error ?? new Error('no answer');
      const sent = format === 'batches' ? p.recordBatches.length : p.records.reduce((n, r) => n + (r.value?.length ?? 0), 0);
      expect(sent).toBeGreaterThan(CAP - 200 * KiB);
      expect(sent).toBeLessThanOrEqual(CAP);
      // The cap, plus the entry the iterator reads past it. Decoded records count other bytes
      // than stored ones, so a second read fills the rest: it starts at the sparse offset
      // index's point (up to 256 KiB back) and reads one entry.
      expect(disk.bytes).toBeGreaterThan(0);
      expect(disk.bytes).toBeLessThanOrEqual(CAP + (format === 'batches' ? 101 : 101 + 256 + 101) * KiB);
    }
  });

  it('decoded records: a batch decoding past what the answer has left waits for the next Fetch, which returns it whole', async () => {
    const node = await start([{ topic: 'packed', partitions: 2 }]);
    // Partition 0: 600 KiB decoded. Partition 1: one zstd batch of 2 MiB decoded, a few KiB stored.
    await cluster!.produce({ topic: 'packed', partition: 0, batch: batch(6, 100 * KiB, CompressionCodec.lz4) });
    await cluster!.produce({ topic: 'packed', partition: 1, batch: batch(32, 64 * KiB, CompressionCodec.zstd, 0x62) });
    const service = new FetchService({ replicas: node.plane.replicas, caps: { maxBytes: 1024 * KiB } });
    const both = await service.fetch({
      partitions: [
        { topic: 'packed', partition: 0, offset: 0, maxBytes: 0 },
        { topic: 'packed', partition: 1, offset: 0, maxBytes: 0 },
      ],
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 0,
      format: 'records',
    });
    const [p0, p1] = both;
    if (!p0 || p0.error || !p1 || p1.error) throw new Error('partition error');
    expect(p0.records.length).toBe(6);
    expect(p1.records).toEqual([]);
    expect(p1.nextOffset).toBe(0);
    // First in its own answer, the 2 MiB batch comes whole, over the 1 MiB cap: a consumer progresses.
    const [alone] = await service.fetch({ partitions: [{ topic: 'packed', partition: 1, offset: 0, maxBytes: 0 }], maxWaitMs: 0, minBytes: 0, maxBytes: 0, format: 'records' });
    if (!alone || alone.error) throw new Error('partition error');
    expect(alone.records.length).toBe(32);
    expect(alone.nextOffset).toBe(32);
  });

  it('answers at once when the caps cut the answer short, whatever min_bytes asks', async () => {
    const node = await start([{ topic: 'full' }]);
    for (let i = 0; i < 4; i++) await cluster!.produce({ topic: 'full', partition: 0, batch: batch(1, 400 * KiB) });
    const answer = node.plane.fetch.fetch({ partitions: [{ topic: 'full', partition: 0, offset: 0, maxBytes: 1024 * KiB }], maxWaitMs: 30_000, minBytes: INT32_MAX, maxBytes: 0, format: 'batches' });
    const first = await Promise.race([answer, new Promise<'waited'>((r) => setTimeout(() => r('waited'), 15_000).unref())]);
    expect(first).not.toBe('waited');
    if (first === 'waited' || !first[0] || first[0].error) throw new Error('no answer');
    expect(first[0].nextOffset).toBe(2);
  });

  it('refuses negative sizes before reading anything', async () => {
    const node = await start([{ topic: 'neg' }]);
    const fetch = (sizes: { maxBytes?: number; minBytes?: number; partitionMaxBytes?: number }) =>
      node.plane.fetch.fetch({ partitions: [{ topic: 'neg', partition: 0, offset: 0, maxBytes: sizes.partitionMaxBytes ?? 0 }], maxWaitMs: 0, minBytes: sizes.minBytes ?? 0, maxBytes: sizes.maxBytes ?? 0, format: 'batches' });
    await expect(fetch({ maxBytes: -1 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(fetch({ minBytes: -1 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(fetch({ partitionMaxBytes: -1 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect((await fetch({}))[0]?.error).toBeUndefined();
  });
});

describe('subscribe limits', () => {
  it('clamps the credit outstanding and bounds each message, counting the bytes sent', async () => {
    const node = await start([{ topic: 'sub' }]);
    for (let i = 0; i < 12; i++) await cluster!.produce({ topic: 'sub', partition: 0, batch: batch(1, 10 * KiB) });
    const size = batch(1, 10 * KiB).length;
    const chunks: SubscribeChunk[] = [];
    let failed: EddyError | undefined;
    const session = new SubscribeSession(node.plane.replicas, { write: (c) => chunks.push(c), fail: (e) => (failed = e) }, undefined, { maxCreditBytes: 5 * size, maxMessageBytes: 2 * size });
    session.begin({ topic: 'sub', partition: 0, offset: 0, format: 'batches', initialCreditBytes: Number.MAX_SAFE_INTEGER });
    await waitFor('five batches', () => session.sentBytes === 5 * size);
    // No more than the clamped credit, in messages of at most two batches.
    await new Promise((r) => setTimeout(r, 50));
    expect(session.sentBytes).toBe(5 * size);
    expect(session.creditBytes).toBe(0);
    expect(chunks.map((c) => c.recordBatches.length)).toEqual([2 * size, 2 * size, size]);
    session.addCredit(Number.MAX_SAFE_INTEGER);
    await waitFor('ten batches', () => session.sentBytes === 10 * size);
    expect(session.creditBytes).toBe(0);
    session.addCredit(-1);
    expect(failed?.code).toBe('INVALID_REQUEST');
    expect(failed?.message).toContain('credit.bytes');
    session.close();
  });

  it('sends a first batch larger than a message, within the credit', async () => {
    const node = await start([{ topic: 'wide' }]);
    await cluster!.produce({ topic: 'wide', partition: 0, batch: batch(1, 300 * KiB) });
    const size = batch(1, 300 * KiB).length;
    const chunks: SubscribeChunk[] = [];
    const session = new SubscribeSession(node.plane.replicas, { write: (c) => chunks.push(c), fail: () => undefined }, undefined, { maxCreditBytes: 1024 * KiB, maxMessageBytes: 100 * KiB });
    session.begin({ topic: 'wide', partition: 0, offset: 0, format: 'batches', initialCreditBytes: size - 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(chunks).toEqual([]);
    session.addCredit(1);
    await waitFor('the batch', () => chunks.length === 1);
    expect(chunks[0]!.recordBatches.length).toBe(size);
    session.close();
  });
});
