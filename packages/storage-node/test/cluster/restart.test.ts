// A partition whose log outgrew the in-memory Raft cache: reads come from
// LevelDB through the persisted offset index, and after a restart the state
// (high watermark, producer table, index) is back from the snapshot, the
// persisted index points and the replay of the log tail.
import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster, batchOf, readAll, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('partition restart and reads from disk', () => {
  it('serves fetch and list offsets from LevelDB, and recovers its state after a restart', async () => {
    cluster = new TestCluster([1], [{ topic: 'big', topicId: 'B1', partitions: [[1]] }], Date.now, { raftCacheEntries: 64 });
    await cluster.start();
    const t0 = Date.now() - 1_000_000;
    await cluster.waitLeader('big', 0);
    const expected = Array.from({ length: 300 }, (_, i) => `v${i}`);
    for (let chunk = 0; chunk < 6; chunk++) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) => {
          const i = chunk * 50 + j;
          return cluster!.produce({ topic: 'big', partition: 0, batch: batchOf([`v${i}`], { timestamp: t0 + i * 1000, producerId: 5n, producerEpoch: 0, baseSequence: i }) });
        }),
      );
    }
    let { node, replica } = await cluster.waitLeader('big', 0);
    // Batches proposed together keep the producer's order: all accepted, offsets dense.
    expect((await readAll(replica)).map((r) => r.value)).toEqual(expected);
    expect(replica.state.highWatermark).toBe(300);
    await waitFor('raft cache trimmed', () => replica.group.storage.cachedEntries < 200);

    const fetchFrom = async (offset: number) => {
      const out = await node.plane.fetch.fetch({ partitions: [{ topic: 'big', partition: 0, offset, maxBytes: 0 }], maxWaitMs: 0, minBytes: 0, maxBytes: 0, format: 'records' });
      const p = out[0]!;
      if (p.error) throw p.error;
      return p.records.map((r) => r.value?.toString());
    };
    const byTime = async (ts: number) => (await node.plane.fetch.listOffsets([{ topic: 'big', partition: 0, spec: 'timestamp', timestampMs: ts }]))[0]!;
    expect(await fetchFrom(0)).toEqual(expected);
    expect(await fetchFrom(100)).toEqual(expected.slice(100));
    const mid = await byTime(t0 + 150_500);
    const hw = replica.state.highWatermark;

    await cluster.stopNode(node);
    node = await cluster.restartNode(node);
    ({ replica } = await cluster.waitLeader('big', 0));
    await waitFor('state recovered', () => replica.state.highWatermark === hw);
    expect(replica.state.index.length).toBeGreaterThan(1);
    expect(await fetchFrom(0)).toEqual(expected);
    expect(await fetchFrom(100)).toEqual(expected.slice(100));
    expect(await byTime(t0 + 150_500)).toEqual(mid);
    // The producer table survived: the next sequence is accepted, a replay is recognised.
    const next = await cluster.produce({ topic: 'big', partition: 0, batch: batchOf(['after'], { producerId: 5n, producerEpoch: 0, baseSequence: replica.state.producers.toJSON()[0]![1].batches.at(-1)!.lastSeq + 1 }) });
    expect(next).toMatchObject({ duplicate: false, baseOffset: hw });
  });

  it('trims the Raft cache by bytes too: large batches do not pile up in memory', async () => {
    cluster = new TestCluster([1], [{ topic: 'wide', topicId: 'W1', partitions: [[1]] }], Date.now, { raftCacheBytes: 256 * 1024 });
    await cluster.start();
    const { replica } = await cluster.waitLeader('wide', 0);
    const value = 'x'.repeat(32 * 1024);
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      expected.push(`${i}:${value}`);
      await cluster.produce({ topic: 'wide', partition: 0, batch: batchOf([`${i}:${value}`]) });
    }
    // 40 entries of 32 KiB: far below the 4,096-entry bound, above the 256 KiB one.
    await waitFor('raft cache trimmed by bytes', () => replica.group.storage.cachedEntries < 20);
    expect((await readAll(replica)).map((r) => r.value)).toEqual(expected);
  });
});
