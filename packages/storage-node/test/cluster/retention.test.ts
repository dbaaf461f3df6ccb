// Retention with a short retention.ms and with retention.bytes: the leader
// proposes a log start advance through Raft, every replica agrees on it, and
// the removed entries leave LevelDB.
import { decodeRecordBatch } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster, batchOf, readAll, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('retention', () => {
  it('removes batches older than retention.ms on every replica and deletes their entries', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'ttl', topicId: 'R1', partitions: [[1, 2, 3]], configs: { 'retention.ms': '1000' } }]);
    await cluster.start();
    const now = Date.now();
    for (let i = 0; i < 40; i++) await cluster.produce({ topic: 'ttl', partition: 0, batch: batchOf([`old${i}`], { timestamp: now - 60_000 }) });
    for (let i = 0; i < 5; i++) await cluster.produce({ topic: 'ttl', partition: 0, batch: batchOf([`new${i}`], { timestamp: now + 60_000 }) });
    const { node, replica } = await cluster.waitLeader('ttl', 0);
    expect(await node.plane.retention.runOnce()).toBe(1);
    // Whole index intervals go: everything before the first batch newer than the cut-off.
    const start = replica.state.logStartOffset;
    expect(start).toBeGreaterThan(0);
    expect(start).toBeLessThanOrEqual(40);
    for (const n of cluster.nodes) {
      const r = n.plane.replicas.replica('ttl', 0);
      await waitFor(`replica ${n.id} agrees`, () => r.state.logStartOffset === start);
      const values = (await readAll(r, start)).map((x) => x.value);
      expect(values.slice(-5)).toEqual(['new0', 'new1', 'new2', 'new3', 'new4']);
      // Entries below the new log start are gone from this node's LevelDB.
      await waitFor(`entries deleted on ${n.id}`, async () => {
        const left = await n.store.readEntries(r.groupId, 1, r.state.logStartIndex);
        return left.length === 0;
      });
    }
    const out = await node.plane.fetch.fetch({ partitions: [{ topic: 'ttl', partition: 0, offset: 0, maxBytes: 0 }], maxWaitMs: 0, minBytes: 0, maxBytes: 0, format: 'batches' });
    expect(out[0]!.error?.code).toBe('OFFSET_OUT_OF_RANGE');
    const listed = await node.plane.fetch.listOffsets([{ topic: 'ttl', partition: 0, spec: 'earliest', timestampMs: 0 }]);
    expect(listed[0]).toMatchObject({ offset: start });
    // Nothing more to do until time passes.
    expect(await node.plane.retention.runOnce()).toBe(0);
  });

  it('keeps a partition under retention.bytes', async () => {
    cluster = new TestCluster([1], [{ topic: 'sized', topicId: 'R2', partitions: [[1]], configs: { 'retention.bytes': '20000', 'retention.ms': '-1' } }]);
    await cluster.start();
    const value = 'x'.repeat(1000);
    for (let i = 0; i < 100; i++) await cluster.produce({ topic: 'sized', partition: 0, batch: batchOf([`${i}:${value}`]) });
    const { node, replica } = await cluster.waitLeader('sized', 0);
    expect(replica.state.sizeBytes).toBeGreaterThan(100_000);
    expect(await node.plane.retention.runOnce()).toBe(1);
    expect(replica.state.sizeBytes).toBeLessThanOrEqual(20_000);
    const r = await replica.read(replica.state.logStartOffset, 1 << 20);
    const first = decodeRecordBatch(r.batches[0]!).records[0]!;
    expect(Number(first.offset)).toBe(replica.state.logStartOffset);
    expect(first.value!.toString().startsWith(`${replica.state.logStartOffset}:`)).toBe(true);
  });
});
