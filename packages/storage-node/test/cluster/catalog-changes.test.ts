// The data plane follows its catalog: config changes apply to live replicas,
// and a removed topic's replicas leave the Raft host with their data deleted.
import { afterEach, describe, expect, it } from 'vitest';
import { TestCluster, batchOf, waitFor } from '../helpers.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('catalog changes', () => {
  it('applies config changes and removes replicas of deleted topics with their data', async () => {
    cluster = new TestCluster([1], [{ topic: 'cfg', topicId: 'K1', partitions: [[1], [1]] }]);
    await cluster.start();
    const node = cluster.nodes[0]!;
    await cluster.waitLeader('cfg', 0);
    await cluster.produce({ topic: 'cfg', partition: 0, batch: batchOf(['x'.repeat(2000)]) });

    node.catalog.setConfigs('cfg', { 'max.message.bytes': '1000' });
    await node.plane.replicas.settled();
    const tooBig = await cluster.produce({ topic: 'cfg', partition: 0, batch: batchOf(['x'.repeat(2000)]) }).catch((e: { code?: string }) => e.code);
    expect(tooBig).toBe('MESSAGE_TOO_LARGE');

    const groupId = node.plane.replicas.replica('cfg', 0).groupId;
    node.catalog.removeTopic('cfg');
    await node.plane.replicas.settled();
    expect(node.host.group(groupId)).toBeUndefined();
    await waitFor('data deleted', async () => (await node.store.readEntries(groupId, 0, Number.MAX_SAFE_INTEGER)).length === 0);
    const gone = await node.plane.produce.produce({ topic: 'cfg', partition: 0, acks: 'all', timeoutMs: 1000, batch: batchOf(['y']) }).catch((e: { code?: string }) => e.code);
    expect(gone).toBe('UNKNOWN_TOPIC');
  });
});
