// A follower that fell behind the leader's log start is rebuilt from a leader
// snapshot: it holds no data below it until its backfill has copied that
// range from a peer (partition/replica-backfill.ts). Until then reads of those
// offsets say so (UNAVAILABLE), never skip them; afterwards it serves every
// record as a replica that received them through Raft would — also after a
// restart, after a restart in the middle of the copy, and as the leader.
import { afterEach, describe, expect, it } from 'vitest';
import type { PartitionReplica } from '../../src/partition/partition-replica.js';
import { TestCluster, batchOf, readAll, waitFor, type TestNode } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

/** Backfill record of a replica, as stored (app key 'b' of its group). */
async function backfillRecord(node: TestNode, groupId: string): Promise<{ target: number; next: number; filled: boolean } | undefined> {
  const key = Buffer.concat([Buffer.of(0x01), Buffer.from(groupId, 'utf8'), Buffer.of(0x00, 0x61, 0x62)]);
  const [value] = await node.store.db.getMany([key]);
  return value === undefined ? undefined : (JSON.parse(value.toString('utf8')) as { target: number; next: number; filled: boolean });
}

function metric(node: TestNode, name: string): Promise<number> {
  return node.registry.getSingleMetric(name)!.get().then((m) => m.values.reduce((sum, v) => sum + v.value, 0));
}

/**
 * Three nodes; one is stopped while the others write `old` batches retention
 * removes and `kept` batches it keeps, so the stopped node comes back behind
 * the leader's log start and gets the leader's snapshot.
 */
async function rebuildFollower(options: { kept: number; value?: string; throttle?: number }): Promise<{ leader: TestNode; lr: PartitionReplica; follower: TestNode; logStart: number }> {
  cluster = new TestCluster([1, 2, 3], [{ topic: 'snap', topicId: 'S1', partitions: [[1, 2, 3]], configs: { 'retention.ms': '1000' } }], Date.now, {
    maxFollowerLagKept: 5,
    ...(options.throttle !== undefined ? { replicationThrottleBytes: options.throttle } : {}),
  });
  await cluster.start();
  const now = Date.now();
  for (let i = 0; i < 10; i++) await cluster.produce({ topic: 'snap', partition: 0, batch: batchOf([`a${i}`], { timestamp: now - 60_000 }) });
  const { node: leader } = await cluster.waitLeader('snap', 0);
  const stopped = cluster.nodes.find((n) => n !== leader)!;
  await cluster.stopNode(stopped);
  for (let i = 0; i < 40; i++) await cluster.produce({ topic: 'snap', partition: 0, batch: batchOf([`b${i}`], { timestamp: now - 60_000 }) });
  for (let i = 0; i < options.kept; i++) await cluster.produce({ topic: 'snap', partition: 0, batch: batchOf([`c${i}${options.value ?? ''}`], { timestamp: now + 60_000 }) });
  const lr = leader.plane.replicas.replica('snap', 0);
  expect(await leader.plane.retention.runOnce()).toBe(1);
  const logStart = lr.state.logStartOffset;
  // The leader snapshots past the stopped follower and deletes what retention cut.
  await waitFor('the leader dropped the entries the follower needs', async () => (await leader.store.readEntries(lr.groupId, 1, 12)).length === 0);
  const follower = await cluster.restartNode(stopped);
  return { leader, lr, follower, logStart };
}

describe('a replica rebuilt from a leader snapshot', () => {
  it('refuses reads below the snapshot until it has copied them from a peer, then serves every record, also after a restart', async () => {
    const { lr, follower, logStart } = await rebuildFollower({ kept: 20 });
    const fr = follower.plane.replicas.replica('snap', 0);
    await waitFor('the follower caught up', () => fr.state.highWatermark === lr.state.highWatermark && fr.state.logStartOffset === logStart);
    // It was rebuilt from the leader's snapshot (not caught up by appends): the case under test.
    expect(fr.group.storage.peerSnapshotIndex).toBeGreaterThan(0);
    const all = await readAll(lr, logStart);
    // Retention cuts at index points, so some of the old batches may stay: the kept ones are all there.
    expect(all.map((r) => r.value).slice(-20)).toEqual(Array.from({ length: 20 }, (_, i) => `c${i}`));
    // Before the copy is done a read below the snapshot is refused, never answered short.
    const served = (r: PartitionReplica): Promise<unknown> =>
      readAll(r, logStart).then(
        (records) => records.map((x) => ({ offset: x.offset, value: x.value })),
        (err: { code?: string }) => {
          expect(err.code).toBe('UNAVAILABLE');
          return 'unavailable';
        },
      );
    const expected = all.map((x) => ({ offset: x.offset, value: x.value }));
    const early = await served(fr);
    if (early !== 'unavailable') expect(early).toEqual(expected);

    await waitFor('the follower copied the log below the snapshot', () => fr.backfill.status().complete);
    expect(await served(fr)).toEqual(expected);
    expect(await metric(follower, 'eddy_storage_backfill_bytes_total')).toBeGreaterThan(0);
    expect(await metric(follower, 'eddy_storage_backfilling_replicas')).toBe(0);
    const record = await backfillRecord(follower, fr.groupId);
    expect(record).toMatchObject({ target: fr.group.storage.peerSnapshotIndex, filled: true });

    // After a restart it knows the range is filled: it serves at once and copies nothing again.
    await cluster!.stopNode(follower);
    const again = await cluster!.restartNode(follower);
    const ar = again.plane.replicas.replica('snap', 0);
    expect(ar.backfill.status().complete).toBe(true);
    await waitFor('the follower is back', () => ar.state.highWatermark === lr.state.highWatermark);
    expect(await served(ar)).toEqual(expected);
    expect(await metric(again, 'eddy_storage_backfill_bytes_total')).toBe(0);
  }, 60_000);

  it('resumes a copy interrupted by a restart from what it had stored', async () => {
    // ~2.5 MiB below the snapshot, copied in 1 MiB spans at 512 KiB/s: the
    // follower stops after its first span and resumes from the record.
    const value = 'x'.repeat(32 * 1024);
    const { leader, lr, follower, logStart } = await rebuildFollower({ kept: 80, value, throttle: 512 * 1024 });
    const fr = follower.plane.replicas.replica('snap', 0);
    await waitFor('the follower installed the leader snapshot', () => fr.group.storage.peerSnapshotIndex > 0);
    const first = await waitFor('the first span is stored', async () => {
      const r = await backfillRecord(follower, fr.groupId);
      return r && r.next > lr.state.logStartIndex && !r.filled ? r : undefined;
    });
    const copiedBefore = await metric(follower, 'eddy_storage_backfill_bytes_total');
    await cluster!.stopNode(follower);
    const again = await cluster!.restartNode(follower);
    const ar = again.plane.replicas.replica('snap', 0);
    // Reopened with the gap: held until the copy is complete.
    expect(ar.backfill.status().complete).toBe(false);
    await expect(ar.read(logStart, 1024)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await waitFor('the follower finished the copy', () => ar.backfill.status().complete, 30_000);
    const copiedAfter = await metric(again, 'eddy_storage_backfill_bytes_total');
    const rec = await backfillRecord(again, ar.groupId);
    expect(rec).toMatchObject({ target: first.target, filled: true });
    // It went on from the record: what it copied after the restart is less than the whole range.
    const whole = await leaderBytes(leader, lr, first.target);
    expect(copiedBefore).toBeGreaterThan(0);
    expect(copiedAfter).toBeLessThan(whole);
    expect(copiedBefore + copiedAfter).toBeGreaterThanOrEqual(whole);
    await waitFor('the follower is back', () => ar.state.highWatermark === lr.state.highWatermark);
    const all = await readAll(lr, logStart);
    expect(all.slice(-80).map((r) => r.value)).toEqual(Array.from({ length: 80 }, (_, i) => `c${i}${value}`));
    expect(await readAll(ar, logStart)).toEqual(all);
  }, 90_000);

  it('serves the old offsets once it leads', async () => {
    const { leader, lr, follower, logStart } = await rebuildFollower({ kept: 20 });
    const fr = follower.plane.replicas.replica('snap', 0);
    await waitFor('the follower copied the log below the snapshot', () => fr.group.storage.peerSnapshotIndex > 0 && fr.backfill.status().complete);
    const all = await readAll(lr, logStart);
    // Leadership moves to the rebuilt replica; its reads are the partition's reads now.
    await waitFor('the rebuilt replica leads', () => {
      if (!fr.isLeader && lr.isLeader) lr.group.transferLeadership(follower.id);
      return cluster!.leader('snap', 0)?.node.id === follower.id;
    });
    expect(leader.id).not.toBe(follower.id);
    expect(await readAll(fr, logStart)).toEqual(all);
    await cluster!.produce({ topic: 'snap', partition: 0, batch: batchOf(['after']) });
    expect((await readAll(fr, logStart)).map((r) => r.value)).toEqual([...all.map((r) => r.value), 'after']);
  }, 60_000);
});

/** Entry bytes of the leader's log from its log start up to `to` (what a whole copy brings). */
async function leaderBytes(leader: TestNode, lr: PartitionReplica, to: number): Promise<number> {
  const entries = await leader.store.readEntries(lr.groupId, lr.state.logStartIndex, to + 1);
  return entries.reduce((n, e) => n + e.data.byteLength, 0);
}
