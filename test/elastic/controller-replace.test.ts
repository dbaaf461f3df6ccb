// Replacing a controller (docs/architecture.md §7.10, KIP-853's idea): the
// quorum's membership lives in its own log. A dead voter is removed, a new
// controller node started with the quorum's --controllers list (which does
// not name it) is added — it catches up as a learner, then votes — and the
// quorum then survives losing another of its first voters: admin operations
// keep working throughout.
import type { wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';

let fx: ClusterFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const voterIds = (controllers: wire.ControllerInfo__Output[]) => controllers.map((c) => c.nodeId).sort((a, b) => a - b);

describe('the controller quorum', () => {
  it('replaces a dead controller: remove the dead voter, add a new one, and keep working without another first voter', { timeout: 240_000 }, async () => {
    fx = await startCluster({ nodes: 3, topics: [{ name: 'before', partitions: 1, replicationFactor: 3 }] });
    const { cluster: c, wire: w } = fx;

    await c.kill(c.node(3));
    const removed = await w.admin<wire.RemoveControllerVoterResponse__Output>('removeControllerVoter', { nodeId: 3 }, 60_000);
    expect(voterIds(removed.controllers)).toEqual([1, 2]);

    const fresh = await c.addNode('controller');
    const added = await w.admin<wire.AddControllerVoterResponse__Output>('addControllerVoter', { nodeId: fresh.id, internalAddress: fresh.internalAddress }, 90_000);
    expect(voterIds(added.controllers)).toEqual([1, 2, fresh.id]);
    const described = await w.admin<wire.DescribeClusterResponse__Output>('describeCluster', {});
    expect(voterIds(described.controllers)).toEqual([1, 2, fresh.id]);

    // Losing node 1 leaves voters 2 and the new one: still a majority of three.
    await c.kill(c.node(1));
    await waitFor(
      'an admin operation after losing a first voter',
      async () => {
        await w.admin('createTopic', { name: 'after', partitions: 1, replicationFactor: 1 }, 10_000).catch((err: { code?: string }) => {
          if (err.code !== 'TOPIC_ALREADY_EXISTS') throw err;
        });
        return true;
      },
      90_000,
    );
    const cluster = await w.admin<wire.DescribeClusterResponse__Output>('describeCluster', {});
    expect([2, fresh.id]).toContain(cluster.activeControllerId);
    const topics = await w.admin<wire.ListTopicsResponse__Output>('listTopics', {});
    expect(topics.topics.map((t) => t.name)).toEqual(expect.arrayContaining(['before', 'after']));
  });
});
