import type { wire } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { MetadataCache } from '../../src/internal.js';

function meta(version: number, leaders: number[], nodes = [1, 2, 3], controllerId = 1): wire.GetMetadataResponse__Output {
  return {
    clusterId: 'c',
    metadataVersion: String(version),
    controllerId,
    nodes: nodes.map((id) => ({ nodeId: id, address: `127.0.0.1:900${id}`, rack: '', online: true, roles: [], state: 'NODE_STATE_ACTIVE' as const })),
    topics: [
      {
        name: 'temps',
        topicId: 'id',
        internal: false,
        partitions: leaders.map((leaderId, partition) => ({ partition, leaderId, leaderEpoch: 1, replicas: [1, 2, 3], inSyncReplicas: [], offlineReplicas: [], targetReplicas: [] })),
      },
    ],
  };
}

describe('MetadataCache routing', () => {
  it('routes a partition to its leader node', () => {
    const c = new MetadataCache();
    c.update(meta(5, [1, 2, 3]), 0, true);
    expect(c.route('temps', 1)).toEqual({ kind: 'leader', nodeId: 2, address: '127.0.0.1:9002', leaderEpoch: 1 });
    expect(c.partitionCount('temps')).toBe(3);
  });

  it('distinguishes unknown topic, unknown partition and no leader', () => {
    const c = new MetadataCache();
    c.update(meta(5, [1, -1]), 0, true);
    expect(c.route('nope', 0)).toEqual({ kind: 'unknown-topic' });
    expect(c.route('temps', 7)).toEqual({ kind: 'unknown-partition', partitionCount: 2 });
    expect(c.route('temps', 1)).toEqual({ kind: 'no-leader' });
  });

  it('ignores answers from an older metadata image (a lagging node)', () => {
    const c = new MetadataCache();
    c.update(meta(5, [1, 2]), 0, true);
    expect(c.update(meta(4, [3, 3]), 1, true)).toBe(false);
    expect(c.route('temps', 0)).toMatchObject({ nodeId: 1 });
    expect(c.update(meta(6, [3, 3]), 2, true)).toBe(true);
    expect(c.route('temps', 0)).toMatchObject({ nodeId: 3 });
  });

  it('follows a NOT_LEADER hint at once, learning the address if new', () => {
    const c = new MetadataCache();
    c.update(meta(5, [1, 2]), 0, true);
    expect(c.applyLeaderHint('temps', 0, 2, undefined)).toBe(true);
    expect(c.route('temps', 0)).toMatchObject({ kind: 'leader', nodeId: 2, address: '127.0.0.1:9002', leaderEpoch: 2 });
    expect(c.applyLeaderHint('temps', 1, 9, '10.0.0.9:7000')).toBe(true);
    expect(c.route('temps', 1)).toMatchObject({ nodeId: 9, address: '10.0.0.9:7000' });
  });

  it('an unusable hint (unknown leader, unknown node without address) is refused', () => {
    const c = new MetadataCache();
    c.update(meta(5, [1]), 0, true);
    expect(c.applyLeaderHint('temps', 0, -1, undefined)).toBe(false);
    expect(c.applyLeaderHint('temps', 0, undefined, undefined)).toBe(false);
    expect(c.applyLeaderHint('temps', 0, 42, undefined)).toBe(false);
    expect(c.route('temps', 0)).toMatchObject({ nodeId: 1 });
  });

  it('invalidateLeader forces a refresh before the next route', () => {
    const c = new MetadataCache();
    c.update(meta(5, [1]), 0, true);
    c.invalidateLeader('temps', 0);
    expect(c.route('temps', 0)).toEqual({ kind: 'no-leader' });
  });

  it('lists online nodes first for requests any node can answer', () => {
    const c = new MetadataCache();
    const m = meta(1, [1]);
    m.nodes[0]!.online = false;
    c.update(m, 0, true);
    expect(c.nodeAddresses()).toEqual(['127.0.0.1:9002', '127.0.0.1:9003', '127.0.0.1:9001']);
    expect(c.controllerId).toBe(1);
  });
});
