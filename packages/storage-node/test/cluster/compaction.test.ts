// Log compaction (cleanup.policy=compact) on every replica: the latest record
// per key survives at its original offset; expired tombstones go.
import { encodeRecordBatch } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster, readAll, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('log compaction', () => {
  it('keeps the latest record per key and drops expired tombstones on every replica', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'table', topicId: 'C1', partitions: [[1, 2, 3]], configs: { 'cleanup.policy': 'compact', 'delete.retention.ms': '1000' } }]);
    await cluster.start();
    const old = Date.now() - 60_000;
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4'];
    for (let round = 0; round < 10; round++) {
      const batch = encodeRecordBatch({ records: keys.map((k) => ({ key: Buffer.from(k), value: Buffer.from(`${k}-${round}`), timestamp: old + round })) });
      await cluster.produce({ topic: 'table', partition: 0, batch });
    }
    // A tombstone for k0 (old enough to be dropped), and a fresh one for k1 (kept).
    await cluster.produce({ topic: 'table', partition: 0, batch: encodeRecordBatch({ records: [{ key: Buffer.from('k0'), value: null, timestamp: old + 100 }] }) });
    await cluster.produce({ topic: 'table', partition: 0, batch: encodeRecordBatch({ records: [{ key: Buffer.from('k1'), value: null, timestamp: Date.now() - 10 }] }) });
    const hw = 52;
    for (const n of cluster.nodes) await waitFor(`replica ${n.id} applied`, () => n.plane.replicas.replica('table', 0).state.highWatermark === hw);

    for (const n of cluster.nodes) expect(await n.plane.retention.compactOnce()).toBe(1);
    for (const n of cluster.nodes) {
      const r = n.plane.replicas.replica('table', 0);
      const records = await readAll(r);
      expect(records.map((x) => [x.key, x.value, x.offset])).toEqual([
        ['k2', 'k2-9', 47],
        ['k3', 'k3-9', 48],
        ['k4', 'k4-9', 49],
        ['k1', '', 51],
      ]);
      expect(r.state.highWatermark).toBe(hw);
    }
    // Nothing new: nothing to do.
    expect(await cluster.nodes[0]!.plane.retention.compactOnce()).toBe(0);
    // The compacted log still serves fetches and takes new writes after the old offsets.
    const { node } = await cluster.waitLeader('table', 0);
    const out = await node.plane.fetch.fetch({ partitions: [{ topic: 'table', partition: 0, offset: 0, maxBytes: 0 }], maxWaitMs: 0, minBytes: 0, maxBytes: 0, format: 'records' });
    expect(out[0]!.error).toBeUndefined();
    const res = await cluster.produce({ topic: 'table', partition: 0, batch: encodeRecordBatch({ records: [{ key: Buffer.from('k2'), value: Buffer.from('new'), timestamp: Date.now() }] }) });
    expect(res.baseOffset).toBe(hw);
  });
});
