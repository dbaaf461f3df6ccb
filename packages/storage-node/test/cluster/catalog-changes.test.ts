// The data plane follows its catalog: config changes apply to live replicas,
// and a removed topic's replicas leave the Raft host with their data deleted;
// a change that arrives while the node opens its replicas opens none twice.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { LevelRaftStore, MemoryNetwork, RaftHost } from '@eddy/raft';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { StaticPartitionCatalog } from '../../src/catalog/static-catalog.js';
import { DataPlane } from '../../src/data-plane.js';
import { TestCluster, batchOf, readAll, waitFor } from '../helpers.js';

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

/** A catalog that runs `onList` once, the first time the node lists what it hosts (as it starts). */
class CatalogChangingAtStart extends StaticPartitionCatalog {
  onList: (() => void) | undefined;
  override assignments(): ReturnType<StaticPartitionCatalog['assignments']> {
    const listed = super.assignments();
    const f = this.onList;
    this.onList = undefined;
    f?.();
    return listed;
  }
}

describe('catalog changes while the node starts', () => {
  it('a change to a partition being opened opens it once: the replica served is the one its Raft group applies to', async () => {
    // Seen in a chaos run: a restarted node got a replica-set change for a partition its start-up
    // was opening; both opened a replica of the one Raft group, and the one served (never told
    // of its leadership, never applied to) refused reads forever as "still catching up".
    const dir = mkdtempSync(path.join(tmpdir(), 'eddy-sn-start-'));
    const store = await LevelRaftStore.open({ path: dir });
    const host = new RaftHost({ nodeId: 1, store, transport: new MemoryNetwork().transport(1), tickMs: 10, electionTicks: 10, heartbeatTicks: 2 });
    const catalog = new CatalogChangingAtStart(1);
    catalog.addTopic({ topic: 'starting', topicId: 'S1', partitions: [[1], [1]] });
    // What the metadata feed does when a move of partition 0 starts or ends as the node comes up.
    catalog.onList = () => catalog.reassign('starting', 0, [1], [1]);
    const plane = new DataPlane({ nodeId: 1, host, store, catalog, registry: new Registry(), retentionIntervalMs: 3_600_000, defaultProduceTimeoutMs: 5_000 });
    try {
      await host.start();
      await plane.start();
      await plane.replicas.settled();
      // The change itself was applied, after the open, to the replica the node serves.
      expect(plane.replicas.replica('starting', 0).assignment.targetReplicas).toEqual([1]);
      for (const partition of [0, 1]) {
        const replica = plane.replicas.replica('starting', partition);
        await waitFor(`partition ${partition} readable`, () => {
          try {
            replica.ensureReadable();
            return true;
          } catch {
            return false;
          }
        });
        await plane.produce.produce({ topic: 'starting', partition, acks: 'all', timeoutMs: 5_000, batch: batchOf([`v${partition}`]) });
        expect((await readAll(replica)).map((r) => r.value)).toEqual([`v${partition}`]);
      }
    } finally {
      await host.stop();
      await plane.stop();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
