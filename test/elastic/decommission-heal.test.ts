// Emptying and replacing nodes (docs/architecture.md §7.10), real processes:
//  - `DecommissionNode` under load moves every replica off the node, which
//    ends DECOMMISSIONED with none; nothing acknowledged is lost;
//  - a node SIGKILLed for good has its replicas re-created on the other nodes
//    once it has been offline for the replacement timeout (shortened here),
//    and every partition is back at its replication factor.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';
import { expectAllAcknowledged, listNodes, replicaCounts, settled, startProducer } from './elastic-support.js';

let fx: ClusterFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const PARTITIONS = 3;
const RF = 3;

describe('an elastic cluster', () => {
  it('decommissions a node under load: it ends with no replicas and nothing is lost', { timeout: 300_000 }, async () => {
    const topic = `payments-${Date.now()}`;
    // Three controllers (combined) and a fourth, storage-only node.
    fx = await startCluster({ nodes: 3, serverArgs: () => ['--balancer-interval-ms', '500'] });
    const { wire: w } = fx;
    await fx.cluster.addNode('storage');
    await waitFor('4 storage nodes online', async () => (await listNodes(w)).filter((n) => n.online).length === 4, 60_000);
    await fx.createTopic({ name: topic, partitions: PARTITIONS, replicationFactor: RF });
    const victim = [...(await replicaCounts(w, topic)).entries()].sort((a, b) => b[1] - a[1])[0]![0];

    const producer = await startProducer(w, topic, PARTITIONS);
    await waitFor('some records acknowledged', () => producer.acked.every((n) => n >= 200), 60_000);
    await w.admin('decommissionNode', { nodeId: victim });
    await waitFor(
      `node ${victim} emptied and every partition settled`,
      async () => {
        const node = (await listNodes(w)).find((n) => n.nodeId === victim);
        return node?.replicaCount === 0 && node.state === 'NODE_STATE_DECOMMISSIONED' && (await settled(w, topic, RF));
      },
      180_000,
    );
    await producer.stop();
    expect((await replicaCounts(w, topic)).get(victim) ?? 0).toBe(0);
    await expectAllAcknowledged(w, topic, producer.acked);

    // Taken back: the node may hold replicas again.
    await w.admin('recommissionNode', { nodeId: victim });
    await waitFor(`node ${victim} active again`, async () => (await listNodes(w)).find((n) => n.nodeId === victim)?.state === 'NODE_STATE_ACTIVE', 30_000);
  });

  it('re-creates the replicas of a node that stays dead past the replacement timeout', { timeout: 300_000 }, async () => {
    const topic = `telemetry-${Date.now()}`;
    fx = await startCluster({ nodes: 3, serverArgs: () => ['--balancer-interval-ms', '500', '--node-replacement-timeout-ms', '3000'] });
    const { cluster: c, wire: w } = fx;
    await c.addNode('storage');
    await waitFor('4 storage nodes online', async () => (await listNodes(w)).filter((n) => n.online).length === 4, 60_000);
    await fx.createTopic({ name: topic, partitions: PARTITIONS, replicationFactor: RF });
    const producer = await startProducer(w, topic, PARTITIONS);
    await waitFor('some records acknowledged', () => producer.acked.every((n) => n >= 200), 60_000);

    // The storage-only node dies for good (the controllers keep their quorum).
    const dead = 4;
    const before = (await replicaCounts(w, topic)).get(dead) ?? 0;
    expect(before).toBeGreaterThan(0);
    await c.kill(c.node(dead));
    await waitFor(
      'every partition back at its replication factor without the dead node',
      async () => ((await replicaCounts(w, topic)).get(dead) ?? 0) === 0 && (await settled(w, topic, RF)),
      180_000,
    );
    await producer.stop();
    await expectAllAcknowledged(w, topic, producer.acked);
  });
});
