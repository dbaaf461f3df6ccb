// A replica whose stored entries fail their checksums never serves them: it
// repairs them from its peers (docs/architecture.md, "Integrity"). Below the
// snapshot the range is copied again (reads held meanwhile, a leader hands its
// leadership over first); in the log tail a restart cuts the log and the
// leader re-sends it, while the replica does not vote.
import { GroupKeys, LevelRaftStore } from '@eddy/raft';
import { EddyError } from '@eddy/protocol';
import { Level } from 'level';
import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster, batchOf, flipped, readAll, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('damaged stored entries', () => {
  it('below the snapshot, on the leader: never served; the leader hands over, copies the range again, then serves it intact', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'd', topicId: 'D1', partitions: [[1, 2, 3]], configs: {} }], Date.now, { raftCacheEntries: 5 });
    await cluster.start();
    for (let i = 0; i < 40; i++) await cluster.produce({ topic: 'd', partition: 0, batch: batchOf([`v${i}`]) });
    const { node: leader, replica: lr } = await cluster.waitLeader('d', 0);
    const expected = await readAll(lr);
    expect(expected).toHaveLength(40);
    const storage = lr.group.storage;
    await waitFor('a snapshot past the first batches', () => storage.snapshotIndex > 10);
    // An entry holding a batch, below the snapshot: stored on disk only.
    const index = 6;
    const key = new GroupKeys(lr.groupId).entry(index);
    await leader.store.db.put(key, flipped((await leader.store.db.get(key)) as Buffer));

    const err = await readAll(lr).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EddyError);
    expect((err as EddyError).code).toBe('UNAVAILABLE');
    expect((err as Error).message).toMatch(/failed its checksum and is being repaired/);

    await waitFor('leadership moved off the damaged replica', () => cluster!.leader('d', 0)?.node !== leader);
    await waitFor('the range was copied again', () => lr.heldFromIndex === 0 && !lr.backfill.status().bytesMissing, 30_000);
    expect(await readAll(lr)).toEqual(expected);
    // What is stored now passes its checks.
    expect((await leader.store.readEntries(lr.groupId, index, index + 1))[0]?.index).toBe(index);
  });

  it('in the log tail of a stopped follower: it restarts, cuts the log there, does not vote until it has committed the old end again, and catches up', async () => {
    let repairs = 0;
    cluster = new TestCluster([1, 2, 3], [{ topic: 't', topicId: 'T1', partitions: [[1, 2, 3]], configs: {} }], Date.now, { onRepaired: () => repairs++ });
    await cluster.start();
    for (let i = 0; i < 30; i++) await cluster.produce({ topic: 't', partition: 0, batch: batchOf([`a${i}`]) });
    const { node: leader } = await cluster.waitLeader('t', 0);
    const follower = cluster.nodes.find((n) => n !== leader)!;
    const fr = follower.plane.replicas.replica('t', 0);
    await waitFor('the follower holds the whole log', () => fr.state.highWatermark === 30);
    const last = fr.group.storage.lastIndex();
    const damagedAt = last - 5;
    expect(damagedAt).toBeGreaterThan(fr.group.storage.snapshotIndex);
    await cluster.stopNode(follower);
    const db = new Level<Buffer, Buffer>(follower.dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    const key = new GroupKeys(fr.groupId).entry(damagedAt);
    await db.put(key, flipped((await db.get(key)) as Buffer));
    await db.close();

    // What the load makes of it (the store alone, before the node runs again).
    const probe = await LevelRaftStore.open({ path: follower.dir });
    const loaded = await probe.openGroup(fr.groupId);
    expect(loaded.repairUntil).toBe(last);
    expect(loaded.lastIndex()).toBe(damagedAt - 1);
    await probe.close();

    const restarted = await cluster.restartNode(follower);
    const rr = restarted.plane.replicas.replica('t', 0);
    for (let i = 30; i < 40; i++) await cluster.produce({ topic: 't', partition: 0, batch: batchOf([`a${i}`]) });
    await waitFor('the repaired follower committed its old end again', () => rr.group.storage.repairUntil === 0 && rr.state.highWatermark === 40, 30_000);
    expect(repairs).toBe(1);
    const values = (await readAll(rr)).map((r) => r.value);
    expect(values).toEqual(Array.from({ length: 40 }, (_, i) => `a${i}`));
  });

  it('damaged on the way to a follower: the follower stores nothing of the append, and the leader sends it again', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 'w', topicId: 'W1', partitions: [[1, 2, 3]], configs: {} }]);
    await cluster.start();
    await cluster.produce({ topic: 'w', partition: 0, batch: batchOf(['first']) });
    const { node: leader } = await cluster.waitLeader('w', 0);
    const victim = cluster.nodes.find((n) => n !== leader)!;
    let damaged = 0;
    cluster.net.tamper = (from, to, messages) =>
      messages.map((gm) => {
        const m = gm.message;
        if (from !== leader.id || to !== victim.id || damaged >= 3 || !m.entries.some((e) => e.data.byteLength > 40)) return gm;
        damaged++;
        // A copy: the leader's own entries stay intact.
        const entries = m.entries.map((e) => {
          if (e.data.byteLength <= 40) return e;
          const data = Buffer.from(e.data);
          data[data.length - 3] = (data[data.length - 3] as number) ^ 0x20;
          return { ...e, data };
        });
        return { ...gm, message: { ...m, entries } };
      });
    for (let i = 0; i < 20; i++) await cluster.produce({ topic: 'w', partition: 0, batch: batchOf([`v${i}`]) });
    expect(damaged).toBeGreaterThan(0);
    cluster.net.tamper = undefined;
    const vr = victim.plane.replicas.replica('w', 0);
    await waitFor('the follower caught up', () => vr.state.highWatermark === 21);
    expect((await readAll(vr)).map((r) => r.value)).toEqual(['first', ...Array.from({ length: 20 }, (_, i) => `v${i}`)]);
  });

  it('a follower whose snapshot record was lost starts empty from the voters it is assigned, repairs, and can lead again', async () => {
    cluster = new TestCluster([1, 2, 3], [{ topic: 's', topicId: 'S1', partitions: [[1, 2, 3]], configs: {} }]);
    await cluster.start();
    for (let i = 0; i < 20; i++) await cluster.produce({ topic: 's', partition: 0, batch: batchOf([`s${i}`]) });
    const { node: leader } = await cluster.waitLeader('s', 0);
    const follower = cluster.nodes.find((n) => n !== leader)!;
    const fr = follower.plane.replicas.replica('s', 0);
    await waitFor('the follower holds the whole log', () => fr.state.highWatermark === 20);
    await cluster.stopNode(follower);
    // Lost with a damaged table block: the record holding the group's configuration.
    const db = new Level<Buffer, Buffer>(follower.dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    await db.del(new GroupKeys(fr.groupId).snapshotMeta);
    await db.close();

    const restarted = await cluster.restartNode(follower);
    const rr = restarted.plane.replicas.replica('s', 0);
    await waitFor('repaired', () => !rr.repairing && rr.state.highWatermark === 20, 30_000);
    expect(rr.group.confState.voters).toEqual([1, 2, 3]);
    cluster.leader('s', 0)!.replica.group.transferLeadership(restarted.id);
    await waitFor('the repaired replica leads', () => rr.isLeader, 15_000);
    expect((await readAll(rr)).map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`));
  });
});
