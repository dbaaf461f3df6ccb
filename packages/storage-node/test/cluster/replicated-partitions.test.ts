// Three storage-node data planes in one process (MemoryNetwork, real LevelDB):
// produce to RF-3 partitions, read back in order, lose the leader mid-stream,
// and watch the restarted node catch up.
import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster, batchOf, readAll, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('replicated partitions (3 nodes, RF 3)', () => {
  it('produces keyed batches to several partitions and reads them back in order', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'orders', topicId: 'T1', partitions: [[1, 2, 3], [2, 3, 1], [3, 1, 2]] }]);
    await cluster.start();
    const sent = new Map<number, string[]>();
    for (let p = 0; p < 3; p++) await cluster.waitLeader('orders', p);
    await Promise.all(
      [0, 1, 2].map(async (p) => {
        const values: string[] = [];
        for (let b = 0; b < 20; b++) {
          const vs = Array.from({ length: 5 }, (_, i) => `p${p}-b${b}-r${i}`);
          const keys = vs.map((_, i) => `k${(b * 5 + i) % 7}`);
          const res = await cluster!.produce({ topic: 'orders', partition: p, batch: batchOf(vs, { keys }) });
          expect(res.lastOffset - res.baseOffset).toBe(4);
          values.push(...vs);
        }
        sent.set(p, values);
      }),
    );
    for (let p = 0; p < 3; p++) {
      const { node } = await cluster.waitLeader('orders', p);
      const out = await node.plane.fetch.fetch({ partitions: [{ topic: 'orders', partition: p, offset: 0, maxBytes: 0 }], maxWaitMs: 0, minBytes: 0, maxBytes: 0, format: 'records' });
      const part = out[0]!;
      if (part.error) throw part.error;
      expect(part.records.map((r) => r.value?.toString())).toEqual(sent.get(p));
      expect(part.records.map((r) => r.offset)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(part.highWatermark).toBe(100);
      // Every replica applied the same log.
      for (const n of cluster.nodes) {
        const r = n.plane.replicas.replica('orders', p);
        await waitFor(`replica on ${n.id} applies`, () => r.state.highWatermark === 100);
        expect((await readAll(r)).map((x) => x.value)).toEqual(sent.get(p));
      }
    }
  });

  it('keeps every acknowledged batch, once and in order, across the loss of the leader; the restarted node catches up', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'events', topicId: 'T2', partitions: [[1, 2, 3]] }]);
    await cluster.start();
    const first = await cluster.waitLeader('events', 0);
    const acked: string[] = [];
    let seq = 0;
    const producerId = 42n;
    const produceOne = async (i: number): Promise<void> => {
      const values = [`v${i}-a`, `v${i}-b`];
      await cluster!.produce({ topic: 'events', partition: 0, batch: batchOf(values, { producerId, producerEpoch: 0, baseSequence: seq }) });
      seq += values.length;
      acked.push(...values);
    };
    for (let i = 0; i < 30; i++) await produceOne(i);
    // Crash the leader mid-stream: the producer keeps going against whoever leads next.
    const stream = (async () => {
      for (let i = 30; i < 80; i++) await produceOne(i);
    })();
    await waitFor('some batches in flight', () => acked.length >= 70);
    await cluster.stopNode(first.node);
    await stream;
    const second = await cluster.waitLeader('events', 0);
    expect(second.node.id).not.toBe(first.node.id);
    const read = await readAll(second.replica);
    expect(read.map((r) => r.value)).toEqual(acked);
    const offsets = read.map((r) => r.offset);
    expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
    expect(new Set(offsets).size).toBe(offsets.length);

    const restarted = await cluster.restartNode(first.node);
    const replica = restarted.plane.replicas.replica('events', 0);
    await waitFor('restarted replica catches up', () => replica.state.highWatermark === second.replica.state.highWatermark, 20_000);
    expect((await readAll(replica)).map((r) => r.value)).toEqual(acked);
  });
});
