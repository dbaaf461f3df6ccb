// Idempotent producers across a leader change: the producer table is applied
// on every replica, so a new leader deduplicates replays of batches the old
// one acknowledged, and rejects gaps and stale epochs.
import { afterEach, describe, expect, it } from 'vitest';
import { type EddyError } from '@eddy/protocol';
import { TestCluster, batchOf, readAll, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('idempotent produce', () => {
  it('replaying batches after a leader change produces no duplicates', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'idem', topicId: 'I1', partitions: [[1, 2, 3]] }]);
    await cluster.start();
    const pid = 7n;
    const batches = Array.from({ length: 10 }, (_, i) => batchOf([`r${i}-0`, `r${i}-1`, `r${i}-2`], { producerId: pid, producerEpoch: 3, baseSequence: i * 3 }));
    const first: { baseOffset: number; lastOffset: number }[] = [];
    for (const b of batches) first.push(await cluster.produce({ topic: 'idem', partition: 0, batch: b }));
    expect(first.map((r) => r.baseOffset)).toEqual(Array.from({ length: 10 }, (_, i) => i * 3));

    const old = await cluster.waitLeader('idem', 0);
    const hw = old.replica.state.highWatermark;
    await cluster.stopNode(old.node);
    const fresh = await cluster.waitLeader('idem', 0);
    expect(fresh.node.id).not.toBe(old.node.id);

    // The last five batches are remembered: each replay answers with its original offsets.
    for (let i = 5; i < 10; i++) {
      const r = await cluster.produce({ topic: 'idem', partition: 0, batch: batches[i]! });
      expect(r).toMatchObject({ duplicate: true, baseOffset: first[i]!.baseOffset, lastOffset: first[i]!.lastOffset });
    }
    // Replays of the same batch in flight together: one is written, the rest are deduplicated at apply.
    const next = batchOf(['n0'], { producerId: pid, producerEpoch: 3, baseSequence: 30 });
    const together = await Promise.all([0, 1, 2].map(() => fresh.node.plane.produce.produce({ topic: 'idem', partition: 0, acks: 'all', timeoutMs: 5000, batch: next })));
    expect(together.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(new Set(together.map((r) => r.baseOffset)).size).toBe(1);

    // A gap in sequences and a stale epoch are refused.
    const gap = await cluster.produce({ topic: 'idem', partition: 0, batch: batchOf(['g'], { producerId: pid, producerEpoch: 3, baseSequence: 40 }) }).catch((e: EddyError) => e);
    expect((gap as EddyError).code).toBe('OUT_OF_ORDER_SEQUENCE');
    const stale = await cluster.produce({ topic: 'idem', partition: 0, batch: batchOf(['s'], { producerId: pid, producerEpoch: 2, baseSequence: 31 }) }).catch((e: EddyError) => e);
    expect((stale as EddyError).code).toBe('INVALID_PRODUCER_EPOCH');

    // A fresh producer whose second batch overtakes its first: the second waits
    // (OUT_OF_ORDER_SEQUENCE, not written), so the first is written, not called a duplicate.
    const early = await cluster.produce({ topic: 'idem', partition: 0, batch: batchOf(['f1'], { producerId: 8n, producerEpoch: 0, baseSequence: 1 }) }).catch((e: EddyError) => e);
    expect((early as EddyError).code).toBe('OUT_OF_ORDER_SEQUENCE');
    expect(await cluster.produce({ topic: 'idem', partition: 0, batch: batchOf(['f0'], { producerId: 8n, producerEpoch: 0, baseSequence: 0 }) })).toMatchObject({ duplicate: false });
    expect(await cluster.produce({ topic: 'idem', partition: 0, batch: batchOf(['f1'], { producerId: 8n, producerEpoch: 0, baseSequence: 1 }) })).toMatchObject({ duplicate: false });

    const values = (await readAll(fresh.replica)).map((r) => r.value);
    expect(values).toEqual([...Array.from({ length: 10 }, (_, i) => [`r${i}-0`, `r${i}-1`, `r${i}-2`]).flat(), 'n0', 'f0', 'f1']);
    expect(new Set(values).size).toBe(values.length);
    expect(fresh.replica.state.highWatermark).toBeGreaterThan(hw);

    // The old leader comes back, applies the same log and holds the same producer table.
    const back = await cluster.restartNode(old.node);
    const replica = back.plane.replicas.replica('idem', 0);
    await waitFor('old leader catches up', () => replica.state.highWatermark === fresh.replica.state.highWatermark, 20_000);
    expect((await readAll(replica)).map((r) => r.value)).toEqual(values);
    expect(replica.state.producers.check(pid, 3, 30, 1)).toMatchObject({ kind: 'duplicate' });
  });
});
