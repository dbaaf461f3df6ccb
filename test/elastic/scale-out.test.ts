// The cluster grows from 3 to 5 nodes while a producer writes with acks=all
// (docs/architecture.md §7.10): the balancer moves replicas onto the new nodes
// by itself, each move a reassignment the partition's leader carries out
// through Raft (learner, catch-up, joint consensus); the producer sees no
// error beyond retries; every acknowledged record reads back once, in order;
// the topic ends with its new replica sets all in sync.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';
import { expectAllAcknowledged, listNodes, reassignments, replicaCounts, settled, startProducer } from './elastic-support.js';

let fx: ClusterFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const PARTITIONS = 4;
const RF = 3;

describe('an elastic cluster', () => {
  it('spreads replicas onto new nodes while a producer runs, losing nothing', { timeout: 300_000 }, async () => {
    const topic = `orders-${Date.now()}`;
    fx = await startCluster({
      nodes: 3,
      serverArgs: () => ['--balancer-interval-ms', '500'],
      topics: [{ name: topic, partitions: PARTITIONS, replicationFactor: RF }],
    });
    const { cluster: c, wire: w } = fx;
    const producer = await startProducer(w, topic, PARTITIONS);
    await waitFor('some records acknowledged', () => producer.acked.every((n) => n >= 200), 60_000);

    const added = [await c.addNode('storage'), await c.addNode('storage')];
    const newIds = added.map((n) => n.id);
    await waitFor('5 registered nodes', async () => (await listNodes(w)).filter((n) => n.online).length === 5, 60_000);

    // The balancer evens out every node's replica count (all topics, __consumer_offsets too).
    await waitFor(
      'replicas spread onto the new nodes and every move finished in sync',
      async () => {
        const counts = (await listNodes(w)).map((n) => n.replicaCount);
        const moving = (await reassignments(w)).length;
        return moving === 0 && Math.max(...counts) - Math.min(...counts) <= 1 && (await settled(w, topic, RF)) && (await settled(w, '__consumer_offsets', RF));
      },
      180_000,
    );
    await producer.stop();
    await expectAllAcknowledged(w, topic, producer.acked);

    const nodes = await listNodes(w);
    const total = nodes.reduce((sum, n) => sum + n.replicaCount, 0);
    for (const id of newIds) expect(nodes.find((n) => n.nodeId === id)!.replicaCount).toBeGreaterThanOrEqual(Math.floor(total / 5));
    // The new nodes hold real copies: the replica sets name them and they are in sync.
    const held = [...(await replicaCounts(w, topic)).keys(), ...(await replicaCounts(w, '__consumer_offsets')).keys()];
    for (const id of newIds) expect(held).toContain(id);
  });
});
