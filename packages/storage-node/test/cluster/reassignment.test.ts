// A partition's leader moves its Raft group to the replica set the catalog
// (the controller, in a server) names as target (replica-membership.ts): the
// new replica joins as a learner and catches up, leadership leaves a leaving
// replica first, one joint change swaps the voters, and once the move is
// recorded as done the old replica drops its data. Records written before and
// during the move are all on the new replica, in order.
import { afterEach, describe, expect, it } from 'vitest';
import type { PartitionReplica } from '../../src/partition/partition-replica.js';
import { TestCluster, batchOf, readAll, waitFor, type TestNode } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

function replicaOn(node: TestNode, topic: string): PartitionReplica | undefined {
  try {
    return node.plane.replicas.replica(topic, 0);
  } catch {
    return undefined;
  }
}

function start(ids: number[], replicas: number[], options: { raftCacheEntries?: number } = {}): TestCluster {
  const c: TestCluster = new TestCluster(ids, [{ topic: 'moves', topicId: 'M1', partitions: [replicas] }], Date.now, {
    ...options,
    // Leaders ask new replicas whether they hold the whole log through the transport (RaftService.ReplicaStatus).
    membershipIntervalMs: 50,
  });
  cluster = c;
  return c;
}

function reassign(c: TestCluster, replicas: number[], target: number[]): void {
  for (const n of c.live()) n.catalog.reassign('moves', 0, replicas, target);
}

describe('moving a partition replica', () => {
  it('moves [1,2,3] to [2,3,4] under writes: learner, joint change, leadership off the leaving node, nothing lost', async () => {
    const c = start([1, 2, 3], [1, 2, 3]);
    await c.start();
    let written = 0;
    for (; written < 30; written++) await c.produce({ topic: 'moves', partition: 0, batch: batchOf([`v${written}`]) });
    const { node: first } = await c.waitLeader('moves', 0);
    expect(first.id).toBe(1);

    const n4 = await c.addNode(4);
    reassign(c, [1, 2, 3], [2, 3, 4]);
    // Writes go on while the group moves.
    const writing = (async () => {
      for (; written < 80; written++) await c.produce({ topic: 'moves', partition: 0, batch: batchOf([`v${written}`]) });
    })();
    await waitFor(
      'the group has voters 2, 3, 4',
      () => {
        const l = c.leader('moves', 0);
        const cs = l?.replica.group.confState;
        return cs && [...cs.voters].sort().join() === '2,3,4' && cs.learners.length === 0 && (cs.votersOutgoing ?? []).length === 0;
      },
      30_000,
    );
    await writing;
    // Node 1 left: it does not lead; the preferred replica of the target (2) does, or will.
    expect(c.leader('moves', 0)?.node.id).not.toBe(1);

    // The controller records the move as done: node 1 no longer hosts the partition and drops its data.
    reassign(c, [2, 3, 4], []);
    await waitFor('node 1 dropped its replica', () => replicaOn(c.nodes[0]!, 'moves') === undefined);
    const r4 = replicaOn(n4, 'moves')!;
    const leader = (await c.waitLeader('moves', 0)).replica;
    await waitFor('node 4 applied everything', () => r4.state.highWatermark === leader.state.highWatermark);
    expect((await readAll(r4)).map((r) => r.value)).toEqual(Array.from({ length: 80 }, (_, i) => `v${i}`));
  });

  it('moves a single replica to another node, and a cancelled move returns the group to where it was', async () => {
    const c = start([1, 2], [1]);
    await c.start();
    for (let i = 0; i < 20; i++) await c.produce({ topic: 'moves', partition: 0, batch: batchOf([`s${i}`]) });
    reassign(c, [1], [2]);
    await waitFor('node 2 leads the group alone', () => {
      const l = c.leader('moves', 0);
      return l?.node.id === 2 && l.replica.group.confState.voters.join() === '2' && l.replica.group.confState.learners.length === 0;
    }, 30_000);
    // Cancelled before the controller recorded it done: the target is the old replica set again.
    reassign(c, [1], [1]);
    await waitFor('node 1 leads the group alone again', () => {
      const l = c.leader('moves', 0);
      return l?.node.id === 1 && l.replica.group.confState.voters.join() === '1' && l.replica.group.confState.learners.length === 0;
    }, 30_000);
    reassign(c, [1], []);
    const l = await c.waitLeader('moves', 0);
    expect((await readAll(l.replica)).map((r) => r.value)).toEqual(Array.from({ length: 20 }, (_, i) => `s${i}`));
  });

  it('a new replica gets the leader snapshot, copies the older log itself, and is promoted only once it holds all of it', async () => {
    // A small Raft cache: the leader snapshots often, so the new replica cannot be caught up by appends alone.
    const c = start([1, 2, 3], [1, 2, 3], { raftCacheEntries: 5 });
    await c.start();
    for (let i = 0; i < 60; i++) await c.produce({ topic: 'moves', partition: 0, batch: batchOf([`b${i}`]) });
    const n4 = await c.addNode(4);
    reassign(c, [1, 2, 3], [1, 2, 4]);
    await waitFor('node 4 is a voter', () => {
      const cs = c.leader('moves', 0)?.replica.group.confState;
      return cs && cs.voters.includes(4) && !cs.voters.includes(3) && (cs.votersOutgoing ?? []).length === 0;
    }, 30_000);
    const r4 = replicaOn(n4, 'moves')!;
    // Promoted only once it held the whole log: its backfill is done, and it was needed.
    expect(r4.backfill.status().complete).toBe(true);
    expect(r4.group.storage.peerSnapshotIndex).toBeGreaterThan(0);
    expect(await n4.registry.getSingleMetric('eddy_storage_backfill_bytes_total')!.get().then((m) => m.values.reduce((a, v) => a + v.value, 0))).toBeGreaterThan(0);
    reassign(c, [1, 2, 4], []);
    await waitFor('node 3 dropped its replica', () => replicaOn(c.nodes[2]!, 'moves') === undefined);
    expect((await readAll(r4)).map((r) => r.value)).toEqual(Array.from({ length: 60 }, (_, i) => `b${i}`));
  });

  it("the leader's report shape stays put while nothing changes, and changes to name the caught-up replicas when one goes away", async () => {
    const c = start([1, 2, 3], [1, 2, 3]);
    await c.start();
    for (let i = 0; i < 10; i++) await c.produce({ topic: 'moves', partition: 0, batch: batchOf([`r${i}`]) });
    const { node: leaderNode, replica: leader } = await c.waitLeader('moves', 0);
    const follower = c.live().find((n) => n !== leaderNode)!;
    const caughtUp = () => [...(leader.membership.report()?.caughtUp ?? [])].sort().join();
    await waitFor('all three caught up', () => caughtUp() === '1,2,3');
    const settled = leader.membership.shape();
    expect(settled).toBeDefined();
    // Nothing changed: the same shape, scan after scan (the reporter sends nothing).
    for (let i = 0; i < 5; i++) await c.produce({ topic: 'moves', partition: 0, batch: batchOf([`s${i}`]) });
    expect(leader.membership.shape()).toBe(settled);
    // A follower goes away: once it is no longer caught up, the shape differs and names the rest.
    await c.stopNode(follower);
    await waitFor('the stopped follower is no longer caught up', () => !caughtUp().includes(String(follower.id)), 20_000);
    const degraded = leader.membership.shape()!;
    expect(degraded).not.toBe(settled);
    const rest = [leaderNode.id, ...c.live().filter((n) => n !== leaderNode).map((n) => n.id)];
    for (const id of rest.filter((id) => id !== leaderNode.id)) expect(degraded.split('|').at(-1)).toContain(`${id},`);
    expect(degraded.split('|').at(-1)).not.toContain(`${follower.id},`);
    // A follower reports no shape.
    const other = c.live().find((n) => n !== leaderNode)!;
    expect(replicaOn(other, 'moves')!.membership.shape()).toBeUndefined();
  });
});
