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

  it('keeps every acknowledged batch, once and in order, across the loss of a leader mid-stream; the restarted node catches up', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'events', topicId: 'T2', partitions: [[1, 2, 3], [2, 3, 1], [3, 1, 2]] }]);
    await cluster.start();
    for (let p = 0; p < 3; p++) await cluster.waitLeader('events', p);
    const victim = (await cluster.waitLeader('events', 0)).node;
    const acked = new Map<number, string[]>([0, 1, 2].map((p) => [p, []]));
    // One idempotent producer stream per partition, each batch retried until acknowledged (like a client).
    const stream = async (p: number): Promise<void> => {
      let seq = 0;
      for (let i = 0; i < 60; i++) {
        const values = [`p${p}-${i}-a`, `p${p}-${i}-b`];
        await cluster!.produce({ topic: 'events', partition: p, batch: batchOf(values, { keys: ['x', 'y'], producerId: BigInt(100 + p), producerEpoch: 0, baseSequence: seq }) });
        seq += values.length;
        acked.get(p)!.push(...values);
      }
    };
    const streams = [0, 1, 2].map(stream);
    await waitFor('partition 0 half written', () => acked.get(0)!.length >= 40);
    await cluster.stopNode(victim);
    await Promise.all(streams);

    for (let p = 0; p < 3; p++) {
      const { node, replica } = await cluster.waitLeader('events', p);
      expect(node.id).not.toBe(victim.id);
      const read = await readAll(replica);
      expect(read.map((r) => r.value)).toEqual(acked.get(p));
      const offsets = read.map((r) => r.offset);
      expect([...offsets].sort((a, b) => a - b)).toEqual(offsets);
      expect(new Set(offsets).size).toBe(offsets.length);
    }

    const restarted = await cluster.restartNode(victim);
    for (let p = 0; p < 3; p++) {
      const leader = (await cluster.waitLeader('events', p)).replica;
      const replica = restarted.plane.replicas.replica('events', p);
      await waitFor(`restarted replica of ${p} catches up`, () => replica.state.highWatermark === leader.state.highWatermark, 20_000);
      expect((await readAll(replica)).map((r) => r.value)).toEqual(acked.get(p));
    }
  });

  it('answers NOT_LEADER on a follower with the leader id and address', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'hint', topicId: 'T3', partitions: [[1, 2, 3]] }]);
    await cluster.start();
    const { node: leader } = await cluster.waitLeader('hint', 0);
    const follower = cluster.nodes.find((n) => n !== leader)!;
    follower.catalog.setNodeAddress(leader.id, `10.0.0.${leader.id}:9092`);
    await waitFor('follower knows the leader', () => follower.plane.replicas.replica('hint', 0).leaderId === leader.id);
    const err = await follower.plane.produce.produce({ topic: 'hint', partition: 0, acks: 'all', timeoutMs: 1000, batch: batchOf(['x']) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NOT_LEADER', details: { leaderId: leader.id, leaderAddress: `10.0.0.${leader.id}:9092` } });
    const out = await follower.plane.fetch.fetch({ partitions: [{ topic: 'hint', partition: 0, offset: 0, maxBytes: 0 }], maxWaitMs: 0, minBytes: 0, maxBytes: 0, format: 'batches' });
    expect(out[0]!.error).toMatchObject({ code: 'NOT_LEADER', details: { leaderId: leader.id } });
  });

  it('reports leadership changes and hands leaderships away before a graceful shutdown', async () => {
    const events: { topic: string; partition: number; leaderId: number; isLeader: boolean }[] = [];
    cluster = new TestCluster([1, 2, 3], [{ topic: 'moving', topicId: 'T4', partitions: [[1, 2, 3], [2, 3, 1], [3, 1, 2]] }], Date.now, {
      onLeadershipChange: (l) => events.push({ topic: l.topic, partition: l.partition, leaderId: l.leaderId, isLeader: l.isLeader }),
    });
    await cluster.start();
    for (let p = 0; p < 3; p++) await cluster.waitLeader('moving', p);
    expect(events.some((e) => e.isLeader)).toBe(true);
    const node = cluster.nodes.find((n) => n.plane.leadership().some((l) => l.isLeader))!;
    expect(await node.plane.transferLeaderships(5_000)).toBe(0);
    expect(node.plane.leadership().filter((l) => l.isLeader)).toEqual([]);
    for (let p = 0; p < 3; p++) {
      const l = await cluster.waitLeader('moving', p);
      expect(l.node.id).not.toBe(node.id);
      await cluster.produce({ topic: 'moving', partition: p, batch: batchOf(['still writable']) });
    }
  });
});
