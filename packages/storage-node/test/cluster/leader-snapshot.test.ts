// A follower that fell behind the leader's log start is rebuilt from a leader
// snapshot: it holds no data below it. Reads of those offsets on it must say
// so (UNAVAILABLE), never skip them — also after it restarts (it used to
// answer empty reads then, as if the offsets held nothing, and a consumer
// there waited for ever).
import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster, batchOf, readAll, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('a replica rebuilt from a leader snapshot', () => {
  it('refuses reads below the snapshot, before and after a restart', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'snap', topicId: 'S1', partitions: [[1, 2, 3]], configs: { 'retention.ms': '1000' } }], Date.now, { maxFollowerLagKept: 5 });
    await cluster.start();
    const now = Date.now();
    for (let i = 0; i < 10; i++) await cluster.produce({ topic: 'snap', partition: 0, batch: batchOf([`a${i}`], { timestamp: now - 60_000 }) });
    const { node: leader } = await cluster.waitLeader('snap', 0);
    const follower = cluster.nodes.find((n) => n !== leader)!;
    await cluster.stopNode(follower);
    for (let i = 0; i < 40; i++) await cluster.produce({ topic: 'snap', partition: 0, batch: batchOf([`b${i}`], { timestamp: now - 60_000 }) });
    for (let i = 0; i < 20; i++) await cluster.produce({ topic: 'snap', partition: 0, batch: batchOf([`c${i}`], { timestamp: now + 60_000 }) });
    const lr = leader.plane.replicas.replica('snap', 0);
    expect(await leader.plane.retention.runOnce()).toBe(1);
    const logStart = lr.state.logStartOffset;
    // The leader snapshots past the stopped follower and deletes what retention cut.
    await waitFor('the leader dropped the entries the follower needs', async () => (await leader.store.readEntries(lr.groupId, 1, 12)).length === 0);

    const back = await cluster.restartNode(follower);
    const fr = back.plane.replicas.replica('snap', 0);
    await waitFor('the follower caught up', () => fr.state.highWatermark === lr.state.highWatermark && fr.state.logStartOffset === logStart);
    // It was rebuilt from the leader's snapshot (not caught up by appends): the case under test.
    expect(fr.group.storage.peerSnapshotIndex).toBeGreaterThan(0);
    const all = await readAll(lr, logStart);
    const check = async (label: string, r: typeof fr): Promise<void> => {
      // What it serves is exactly the leader's data from some offset on, and anything below that is refused.
      let served: { offset: number; value: string }[] = [];
      try {
        served = (await readAll(r, logStart)).map((x) => ({ offset: x.offset, value: x.value }));
      } catch (err) {
        expect((err as { code?: string }).code, label).toBe('UNAVAILABLE');
        return;
      }
      expect(served, label).toEqual(all.map((x) => ({ offset: x.offset, value: x.value })));
    };
    await check('after the snapshot', fr);
    await cluster.stopNode(back);
    const again = await cluster.restartNode(back);
    const ar = again.plane.replicas.replica('snap', 0);
    await waitFor('the follower is back', () => ar.state.highWatermark === lr.state.highWatermark);
    await check('after a restart', ar);
  }, 60_000);
});
