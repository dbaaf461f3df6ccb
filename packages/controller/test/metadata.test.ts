import { metadataRecords } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { applyRecord } from '../src/metadata/apply-record.js';
import { cloneImage, emptyImage, NO_LEADER, topicById } from '../src/metadata/image.js';
import { records } from '../src/metadata/records.js';
import { imageFromRecords, imageToRecords } from '../src/metadata/snapshot.js';
import { liveNodes, offlinePartitions, underReplicatedPartitions } from '../src/metadata/views.js';
import { applyAll, imageWithNodes } from './helpers.js';

function withTopic() {
  const image = imageWithNodes(3, ['a', 'b', 'c']);
  applyAll(image, [
    records.topicCreated('orders', 'T1', 3, { 'retention.ms': '1000' }),
    records.partition('T1', 0, [1, 2, 3]),
    records.partition('T1', 1, [2, 3, 1]),
  ]);
  return image;
}

describe('applyRecord', () => {
  it('builds nodes, topics, partitions, leaders, configs and producer ids', () => {
    const image = withTopic();
    applyAll(image, [
      records.partitionLeader('T1', 0, 1, 1),
      records.config('CONFIG_SCOPE_TOPIC', 'T1', 'cleanup.policy', 'compact'),
      records.config('CONFIG_SCOPE_TOPIC', 'T1', 'retention.ms', undefined),
      records.producerIds(1, 1000n),
    ]);
    expect(image.clusterId).toBe('test-cluster');
    expect(image.nodes.get(2)).toMatchObject({ id: 2, rack: 'b', address: '127.0.0.1:9002', fenced: false, roles: ['NODE_ROLE_STORAGE'] });
    const topic = image.topicsByName.get('orders')!;
    expect(topicById(image, 'T1')).toBe(topic);
    expect(topic.partitions).toEqual([
      { partition: 0, replicas: [1, 2, 3], targetReplicas: [], orderPinned: false, leaderId: 1, leaderEpoch: 1 },
      { partition: 1, replicas: [2, 3, 1], targetReplicas: [], orderPinned: false, leaderId: NO_LEADER, leaderEpoch: 0 },
    ]);
    expect(Object.fromEntries(topic.configs)).toEqual({ 'cleanup.policy': 'compact' });
    expect(image.nextProducerId).toBe(1000n);
    expect(image.partitionCount).toBe(2);
    expect(image.version).toBe(11);
  });

  it('ignores, with a reason and without throwing, records that do not apply', () => {
    const image = withTopic();
    const before = JSON.stringify(imageToRecords(image));
    const bad = [
      records.partition('nope', 0, [1]),
      records.partition('T1', 5, [1]), // gap
      records.partition('T1', 2, [1, 1]), // duplicate replica
      records.partitionLeader('T1', 9, 1, 1),
      records.partitionLeader('T1', 0, 7, 1), // not a replica
      records.topicCreated('orders', 'T2', 1, {}),
      records.topicCreated('other', 'T1', 1, {}),
      records.topicDeleted('x', 'nope'),
      records.nodeFenced(1, 999),
      records.nodeUnfenced(42, 1),
      records.nodeRegistered({ nodeId: 1, epoch: 1, incarnationId: 'old', address: 'a', rack: '', roles: [] }),
      records.config('CONFIG_SCOPE_TOPIC', 'nope', 'retention.ms', '1'),
      records.config('CONFIG_SCOPE_UNSPECIFIED', 'T1', 'retention.ms', '1'),
      records.producerIds(1, 0n),
      records.clusterId('other'),
      {} as never,
      { record: 'partition' } as never,
    ];
    for (const r of bad) {
      const outcome = applyRecord(image, r, image.version + 1);
      expect(outcome.applied, JSON.stringify(r)).toBe(false);
      if (!outcome.applied) expect(outcome.reason.length).toBeGreaterThan(0);
    }
    expect(JSON.stringify(imageToRecords(image))).toBe(before);
  });

  it('accepts leader reports only at or above the current leader epoch', () => {
    const image = withTopic();
    applyAll(image, [records.partitionLeader('T1', 0, 2, 5)]);
    expect(applyRecord(image, records.partitionLeader('T1', 0, 1, 4), 100).applied).toBe(false);
    expect(applyRecord(image, records.partitionLeader('T1', 0, 3, 5), 101).applied).toBe(false); // same term, other leader
    expect(applyRecord(image, records.partitionLeader('T1', 0, 3, 6), 102).applied).toBe(true);
    expect(image.topicsByName.get('orders')!.partitions[0]).toMatchObject({ leaderId: 3, leaderEpoch: 6 });
  });

  it('fences and unfences only the current epoch, and a new registration supersedes the old', () => {
    const image = imageWithNodes(2);
    const epoch = image.nodes.get(1)!.epoch;
    applyAll(image, [records.nodeFenced(1, epoch)]);
    expect(image.nodes.get(1)!.fenced).toBe(true);
    applyAll(image, [records.nodeUnfenced(1, epoch)]);
    expect(image.nodes.get(1)!.fenced).toBe(false);
    applyAll(image, [records.nodeRegistered({ nodeId: 1, epoch: 50, incarnationId: 'new', address: 'b:1', rack: 'r', roles: [] })]);
    expect(applyRecord(image, records.nodeFenced(1, epoch), 60).applied).toBe(false);
    expect(image.nodes.get(1)).toMatchObject({ epoch: 50, incarnationId: 'new', fenced: false });
  });

  it('reassignment drops a leader that is no longer a replica; deletion removes the topic and its partitions', () => {
    const image = withTopic();
    applyAll(image, [records.partitionLeader('T1', 0, 1, 1), records.partition('T1', 0, [2, 3])]);
    expect(image.topicsByName.get('orders')!.partitions[0]).toMatchObject({ replicas: [2, 3], leaderId: NO_LEADER, leaderEpoch: 1 });
    applyAll(image, [records.topicDeleted('orders', 'T1')]);
    expect(image.topicsByName.size).toBe(0);
    expect(image.topicNamesById.size).toBe(0);
    expect(image.partitionCount).toBe(0);
    // The name is free again, under a new id.
    applyAll(image, [records.topicCreated('orders', 'T9', 1, {}), records.partition('T9', 0, [1])]);
    expect(image.topicsByName.get('orders')!.topicId).toBe('T9');
  });

  it('is deterministic: the same records give the same image', () => {
    const a = withTopic();
    const b = withTopic();
    expect(imageToRecords(a)).toEqual(imageToRecords(b));
  });
});

describe('snapshots', () => {
  it('imageToRecords rebuilds the same image, also through the protobuf codec', () => {
    const image = withTopic();
    applyAll(image, [
      records.partitionLeader('T1', 1, 3, 2),
      records.nodeFenced(2, image.nodes.get(2)!.epoch),
      records.config('CONFIG_SCOPE_NODE', '1', 'x', 'y'),
      records.producerIds(3, 5000n),
    ]);
    const list = imageToRecords(image);
    const codec = metadataRecords();
    const decoded = list.map((r) => codec.decode(codec.encode(r)));
    const rebuilt = imageFromRecords(decoded, image.version);
    expect(rebuilt).toEqual(image);
    expect(cloneImage(image)).toEqual(image);
    expect(imageToRecords(rebuilt)).toEqual(list);
  });

  it('an empty image snapshots to no records', () => {
    expect(imageToRecords(emptyImage())).toEqual([]);
    expect(imageFromRecords([], 7).version).toBe(7);
  });
});

describe('derived views', () => {
  it('offline: no leader or leader on a fenced node; under-replicated: a replica on a fenced node', () => {
    const image = withTopic();
    applyAll(image, [records.partitionLeader('T1', 0, 1, 1), records.partitionLeader('T1', 1, 2, 1)]);
    expect(offlinePartitions(image)).toHaveLength(0);
    expect(underReplicatedPartitions(image)).toHaveLength(0);
    applyAll(image, [records.nodeFenced(1, image.nodes.get(1)!.epoch)]);
    expect(offlinePartitions(image).map((r) => r.partition.partition)).toEqual([0]);
    expect(underReplicatedPartitions(image)).toHaveLength(2);
    expect(liveNodes(image).map((n) => n.id)).toEqual([2, 3]);
  });
});

describe('replica load', () => {
  it('tracks replicas and preferred leaderships per node through creation, reassignment and deletion', () => {
    const image = withTopic();
    expect(Object.fromEntries(image.replicaLoad)).toEqual({
      1: { replicas: 2, leaders: 1 },
      2: { replicas: 2, leaders: 1 },
      3: { replicas: 2, leaders: 0 },
    });
    applyAll(image, [records.partition('T1', 1, [3, 1])]);
    expect(Object.fromEntries(image.replicaLoad)).toEqual({
      1: { replicas: 2, leaders: 1 },
      2: { replicas: 1, leaders: 0 },
      3: { replicas: 2, leaders: 1 },
    });
    applyAll(image, [records.topicDeleted('orders', 'T1')]);
    expect(image.replicaLoad.size).toBe(0);
  });
});
