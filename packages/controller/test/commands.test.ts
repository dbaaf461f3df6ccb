// Commands are pure: (image, request) → records or a typed error. Applying the
// records must produce the state the command described; a refusal appends nothing.
import {
  FencedError,
  InvalidConfigError,
  InvalidPartitionsError,
  InvalidReplicationFactorError,
  InvalidRequestError,
  InvalidTopicNameError,
  NotEnoughReplicasError,
  StaleNodeEpochError,
  TopicAlreadyExistsError,
  UnauthorizedError,
  UnknownTopicError,
} from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { allocateProducerIds, PRODUCER_ID_BLOCK_SIZE } from '../src/commands/allocate-producer-ids.js';
import { alterConfigs } from '../src/commands/alter-configs.js';
import { createPartitions } from '../src/commands/create-partitions.js';
import { createTopic } from '../src/commands/create-topic.js';
import { deleteTopic } from '../src/commands/delete-topic.js';
import { fenceNode, nodeHeartbeat, unfenceNode } from '../src/commands/node-heartbeat.js';
import { registerNode } from '../src/commands/register-node.js';
import { reportLeaders } from '../src/commands/report-leaders.js';
import { cloneImage, type MetadataImage } from '../src/metadata/image.js';
import { records } from '../src/metadata/records.js';
import { applyAll, imageWithNodes, must, seededBytes } from './helpers.js';

function create(image: MetadataImage, name: string, partitions = 3, replicationFactor = 2, configs: Record<string, string> = {}) {
  return must(createTopic(image, { name, partitions, replicationFactor, configs }, seededBytes(7)));
}

describe('createTopic', () => {
  it('appends the topic and its placed partitions; applying them creates the topic', () => {
    const image = imageWithNodes(3, ['a', 'b', 'c']);
    const { records: out, value } = create(image, 'orders', 6, 3, { 'retention.ms': '1000' });
    expect(value.topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(out).toHaveLength(7);
    applyAll(image, out);
    const topic = image.topicsByName.get('orders')!;
    expect(topic).toMatchObject({ topicId: value.topicId, replicationFactor: 3 });
    expect(topic.partitions.map((p) => p.replicas)).toEqual(value.assignment);
    expect(Object.fromEntries(topic.configs)).toEqual({ 'retention.ms': '1000' });
    expect(topic.partitions.every((p) => p.leaderId === -1)).toBe(true);
  });

  it('draws the topic id from the injected randomness, avoiding ids in use', () => {
    const image = imageWithNodes(1);
    const a = create(image, 'a', 1, 1);
    const b = create(image, 'b', 1, 1);
    expect(a.value.topicId).toBe(b.value.topicId); // same seed, same draw
    applyAll(image, a.records);
    expect(create(image, 'b', 1, 1).value.topicId).not.toBe(a.value.topicId);
  });

  it.each([
    ['bad name', { name: 'a b' }, InvalidTopicNameError],
    ['reserved name', { name: '__x' }, InvalidTopicNameError],
    ['zero partitions', { partitions: 0 }, InvalidPartitionsError],
    ['too many partitions', { partitions: 10_001 }, InvalidPartitionsError],
    ['zero replication factor', { replicationFactor: 0 }, InvalidReplicationFactorError],
    ['RF above live nodes', { replicationFactor: 4 }, NotEnoughReplicasError],
    ['unknown config', { configs: { nope: '1' } }, InvalidConfigError],
    ['bad config value', { configs: { 'retention.ms': 'x' } }, InvalidConfigError],
  ])('refuses %s and appends nothing', (_label, patch, cls) => {
    const image = imageWithNodes(3);
    const result = createTopic(image, { name: 't', partitions: 1, replicationFactor: 1, configs: {}, ...patch }, seededBytes());
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBeInstanceOf(cls);
  });

  it('refuses a duplicate name', () => {
    const image = imageWithNodes(3);
    applyAll(image, create(image, 'orders').records);
    const again = createTopic(image, { name: 'orders', partitions: 1, replicationFactor: 1 }, seededBytes());
    expect(!again.ok && again.error).toBeInstanceOf(TopicAlreadyExistsError);
  });

  it('counts only live storage nodes for the replication factor', () => {
    const image = imageWithNodes(3);
    applyAll(image, [records.nodeFenced(3, image.nodes.get(3)!.epoch)]);
    const r = createTopic(image, { name: 't', partitions: 1, replicationFactor: 3 }, seededBytes());
    expect(!r.ok && r.error).toBeInstanceOf(NotEnoughReplicasError);
    const ok = must(createTopic(image, { name: 't', partitions: 4, replicationFactor: 2 }, seededBytes()));
    expect(ok.value.assignment.flat()).not.toContain(3);
  });

  it('allows internal topics for internal callers', () => {
    const image = imageWithNodes(1);
    expect(createTopic(image, { name: '__consumer_offsets', partitions: 1, replicationFactor: 1, internal: true }, seededBytes()).ok).toBe(true);
  });
});

describe('deleteTopic / createPartitions / alterConfigs', () => {
  it('deletes an existing topic and refuses an unknown one', () => {
    const image = imageWithNodes(2);
    applyAll(image, create(image, 'orders').records);
    const del = must(deleteTopic(image, 'orders'));
    applyAll(image, del.records);
    expect(image.topicsByName.has('orders')).toBe(false);
    const again = deleteTopic(image, 'orders');
    expect(!again.ok && again.error).toBeInstanceOf(UnknownTopicError);
    expect(!again.ok && again.error.message).toMatch(/does not exist; check the name/);
  });

  it('adds partitions after the existing ones, never moving them', () => {
    const image = imageWithNodes(3);
    applyAll(image, create(image, 'orders', 2, 2).records);
    const before = image.topicsByName.get('orders')!.partitions.map((p) => [...p.replicas]);
    const out = must(createPartitions(image, { topic: 'orders', totalCount: 5 }));
    expect(out.value.added).toHaveLength(3);
    applyAll(image, out.records);
    const topic = image.topicsByName.get('orders')!;
    expect(topic.partitions).toHaveLength(5);
    expect(topic.partitions.slice(0, 2).map((p) => p.replicas)).toEqual(before);
    expect(topic.partitions.every((p) => p.replicas.length === 2)).toBe(true);
  });

  it('refuses to shrink, to stay equal, an unknown topic, and too few live nodes', () => {
    const image = imageWithNodes(3);
    applyAll(image, create(image, 'orders', 3, 3).records);
    for (const total of [3, 2]) {
      const r = createPartitions(image, { topic: 'orders', totalCount: total });
      expect(!r.ok && r.error).toBeInstanceOf(InvalidPartitionsError);
    }
    const unknown = createPartitions(image, { topic: 'nope', totalCount: 9 });
    expect(!unknown.ok && unknown.error).toBeInstanceOf(UnknownTopicError);
    applyAll(image, [records.nodeFenced(1, image.nodes.get(1)!.epoch)]);
    const few = createPartitions(image, { topic: 'orders', totalCount: 4 });
    expect(!few.ok && few.error).toBeInstanceOf(NotEnoughReplicasError);
  });

  it('sets and deletes topic configs; only changes produce records', () => {
    const image = imageWithNodes(1);
    applyAll(image, create(image, 'orders', 1, 1, { 'retention.ms': '1000' }).records);
    const set = must(alterConfigs(image, { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'orders', set: { 'cleanup.policy': 'compact', 'retention.ms': '1000' }, delete: [] }));
    expect(set.records).toHaveLength(1);
    applyAll(image, set.records);
    const del = must(alterConfigs(image, { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'orders', set: {}, delete: ['retention.ms', 'segment.ms'] }));
    expect(del.records).toHaveLength(1);
    applyAll(image, del.records);
    expect(Object.fromEntries(image.topicsByName.get('orders')!.configs)).toEqual({ 'cleanup.policy': 'compact' });
  });

  it.each([
    ['unknown key', { set: { nope: '1' } }, InvalidConfigError],
    ['bad value', { set: { 'segment.bytes': '1' } }, InvalidConfigError],
    ['unknown delete', { delete: ['nope'] }, InvalidConfigError],
    ['set and delete', { set: { 'retention.ms': '1' }, delete: ['retention.ms'] }, InvalidRequestError],
    ['unknown topic', { resourceName: 'nope' }, UnknownTopicError],
    ['node resource', { resourceType: 'CONFIG_RESOURCE_TYPE_NODE' as const }, InvalidRequestError],
    ['no resource type', { resourceType: 'CONFIG_RESOURCE_TYPE_UNSPECIFIED' as const }, InvalidRequestError],
  ])('alterConfigs refuses %s', (_label, patch, cls) => {
    const image = imageWithNodes(1);
    applyAll(image, create(image, 'orders', 1, 1).records);
    const r = alterConfigs(image, { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'orders', set: {}, delete: [], ...patch });
    expect(!r.ok && r.error).toBeInstanceOf(cls);
  });
});

describe('internal topics through client commands', () => {
  const internalImage = (): MetadataImage => {
    const image = imageWithNodes(3);
    applyAll(image, must(createTopic(image, { name: '__consumer_offsets', partitions: 3, replicationFactor: 3, configs: { 'cleanup.policy': 'compact' }, internal: true }, seededBytes())).records);
    return image;
  };
  const refusals = [
    ['DeleteTopic', (image: MetadataImage, name: string) => deleteTopic(image, name), /cannot delete topic/],
    ['CreatePartitions', (image: MetadataImage, name: string) => createPartitions(image, { topic: name, totalCount: 50 }), /cannot add partitions to topic/],
    [
      'AlterConfigs',
      (image: MetadataImage, name: string) => alterConfigs(image, { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: name, set: { 'cleanup.policy': 'delete' }, delete: [] }),
      /cannot alter the configs of topic/,
    ],
    [
      'AlterConfigs (delete a key)',
      (image: MetadataImage, name: string) => alterConfigs(image, { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: name, set: {}, delete: ['cleanup.policy'] }),
      /cannot alter the configs of topic/,
    ],
  ] as const;

  it.each(refusals)('%s of __consumer_offsets is refused with UNAUTHORIZED and appends nothing', (_op, run, message) => {
    const image = internalImage();
    const before = cloneImage(image);
    const r = run(image, '__consumer_offsets');
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toBeInstanceOf(UnauthorizedError);
    expect(!r.ok && r.error.message).toMatch(message);
    expect(!r.ok && r.error.message).toMatch(/internal topics.*nothing was changed/);
    expect(!r.ok && r.error.details.topic).toBe('__consumer_offsets');
    expect(image).toEqual(before);
  });

  it.each(refusals)('%s of any "__" name is refused the same way, whether it exists or not', (_op, run) => {
    const r = run(internalImage(), '__not_there');
    expect(!r.ok && r.error.code).toBe('UNAUTHORIZED');
  });

  it('leaves ordinary topics alone, including names with "__" inside or a single leading "_"', () => {
    const image = imageWithNodes(3);
    for (const name of ['_one', 'a__b']) {
      applyAll(image, create(image, name, 1, 1).records);
      expect(createPartitions(image, { topic: name, totalCount: 2 }).ok).toBe(true);
      expect(alterConfigs(image, { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: name, set: { 'retention.ms': '1' }, delete: [] }).ok).toBe(true);
      expect(deleteTopic(image, name).ok).toBe(true);
    }
  });
});

describe('node lifecycle commands', () => {
  const reg = { nodeId: 7, incarnationId: 'i1', address: 'h:1', rack: 'r1', roles: ['NODE_ROLE_STORAGE' as const] };

  it('registers with an epoch beyond the log position; a retry of the same incarnation keeps it', () => {
    const image = imageWithNodes(2);
    const first = must(registerNode(image, reg));
    expect(first.value.epoch).toBe(image.version + 1);
    applyAll(image, first.records);
    expect(image.nodes.get(7)).toMatchObject({ epoch: first.value.epoch, address: 'h:1', rack: 'r1', fenced: false });
    const retry = must(registerNode(image, reg));
    expect(retry).toMatchObject({ records: [], value: { epoch: first.value.epoch } });
  });

  it('a new incarnation supersedes the old; the old one gets STALE_NODE_EPOCH', () => {
    const image = imageWithNodes(0);
    const first = must(registerNode(image, reg));
    applyAll(image, first.records);
    const second = must(registerNode(image, { ...reg, incarnationId: 'i2' }));
    expect(second.value.epoch).toBeGreaterThan(first.value.epoch);
    applyAll(image, second.records);
    const stale = nodeHeartbeat(image, { nodeId: 7, epoch: first.value.epoch, shuttingDown: false });
    expect(!stale.ok && stale.error).toBeInstanceOf(StaleNodeEpochError);
    const staleReport = reportLeaders(image, { nodeId: 7, epoch: first.value.epoch, leaders: [] });
    expect(!staleReport.ok && staleReport.error).toBeInstanceOf(StaleNodeEpochError);
    const staleIds = allocateProducerIds(image, { nodeId: 7, epoch: first.value.epoch });
    expect(!staleIds.ok && staleIds.error).toBeInstanceOf(StaleNodeEpochError);
    expect(must(nodeHeartbeat(image, { nodeId: 7, epoch: second.value.epoch, shuttingDown: false })).value.registered).toBe(true);
  });

  it('refuses malformed registrations', () => {
    const image = imageWithNodes(0);
    for (const bad of [
      { nodeId: -1 },
      { incarnationId: '' },
      { address: '' },
      // Every registration is in every metadata image: no unbounded strings.
      { address: `${'h'.repeat(10_000)}:1` },
      { address: 'no-port' },
      { address: 'h:1 extra:2' },
      { rack: 'r'.repeat(256) },
      { incarnationId: 'i'.repeat(129) },
    ]) {
      const r = registerNode(image, { ...reg, ...bad });
      expect(!r.ok && r.error).toBeInstanceOf(InvalidRequestError);
    }
    for (const good of [{ address: 'eddy-0.eddy.default.svc.cluster.local:9092' }, { address: '[::1]:9092' }, { address: '10.0.0.7:65535' }]) {
      expect(registerNode(image, { ...reg, ...good }).ok).toBe(true);
    }
  });

  it('heartbeat: unknown node must register; fenced node is unfenced; shutting down fences', () => {
    const image = imageWithNodes(1);
    const epoch = image.nodes.get(1)!.epoch;
    expect(must(nodeHeartbeat(image, { nodeId: 9, epoch: 1, shuttingDown: false })).value.registered).toBe(false);
    applyAll(image, fenceNode(image, 1, epoch));
    expect(image.nodes.get(1)!.fenced).toBe(true);
    expect(fenceNode(image, 1, epoch)).toEqual([]);
    const hb = must(nodeHeartbeat(image, { nodeId: 1, epoch, shuttingDown: false }));
    expect(hb.records).toEqual([records.nodeUnfenced(1, epoch)]);
    applyAll(image, hb.records);
    expect(image.nodes.get(1)!.fenced).toBe(false);
    expect(unfenceNode(image, 1, epoch)).toEqual([]);
    const bye = must(nodeHeartbeat(image, { nodeId: 1, epoch, shuttingDown: true }));
    applyAll(image, bye.records);
    expect(image.nodes.get(1)!.fenced).toBe(true);
    expect(fenceNode(image, 1, epoch + 1)).toEqual([]);
  });

  it('a fenced node re-registering with the same incarnation is unfenced at its epoch', () => {
    const image = imageWithNodes(0);
    const first = must(registerNode(image, reg));
    applyAll(image, first.records);
    applyAll(image, fenceNode(image, 7, first.value.epoch));
    const again = must(registerNode(image, reg));
    expect(again.value.epoch).toBe(first.value.epoch);
    applyAll(image, again.records);
    expect(image.nodes.get(7)!.fenced).toBe(false);
  });

  it('report leaders: accepts epochs at or above the current, skips stale and bogus entries', () => {
    const image = imageWithNodes(3);
    applyAll(image, create(image, 'orders', 2, 3).records);
    const topic = image.topicsByName.get('orders')!;
    const id = topic.topicId;
    const leaderOf0 = topic.partitions[0]!.replicas[1]!;
    const epoch = image.nodes.get(leaderOf0)!.epoch;
    const out = must(
      reportLeaders(image, {
        nodeId: leaderOf0,
        epoch,
        leaders: [
          { topicId: id, partition: 0, leaderId: leaderOf0, leaderEpoch: 3 },
          { topicId: id, partition: 0, leaderId: leaderOf0, leaderEpoch: 2 }, // older than the one just above
          { topicId: id, partition: 9, leaderId: leaderOf0, leaderEpoch: 1 },
          { topicId: 'gone', partition: 0, leaderId: 1, leaderEpoch: 1 },
          { topicId: id, partition: 1, leaderId: 99, leaderEpoch: 1 },
        ],
      }),
    );
    expect(out.value.accepted).toBe(1);
    expect(out.value.skipped).toHaveLength(4);
    applyAll(image, out.records);
    expect(topic.partitions[0]).toMatchObject({ leaderId: leaderOf0, leaderEpoch: 3 });
    const older = must(reportLeaders(image, { nodeId: leaderOf0, epoch, leaders: [{ topicId: id, partition: 0, leaderId: leaderOf0, leaderEpoch: 1 }] }));
    expect(older.records).toEqual([]);
  });

  it('report leaders: a node reports only its own leaderships, and no epoch past what elections could reach', () => {
    const image = imageWithNodes(3);
    applyAll(image, create(image, 'orders', 1, 3).records);
    const topic = image.topicsByName.get('orders')!;
    const [a, b] = topic.partitions[0]!.replicas as [number, number];
    const epochOf = (n: number) => image.nodes.get(n)!.epoch;
    // Another replica as leader, no leader (-1), and the poisoning epoch 2^31-1: all skipped, nothing recorded.
    for (const leader of [
      { leaderId: b, leaderEpoch: 5 },
      { leaderId: -1, leaderEpoch: 5 },
      { leaderId: a, leaderEpoch: 2 ** 31 - 1 },
    ]) {
      const out = must(reportLeaders(image, { nodeId: a, epoch: epochOf(a), leaders: [{ topicId: topic.topicId, partition: 0, ...leader }] }));
      expect(out.records).toEqual([]);
      expect(out.value.skipped).toHaveLength(1);
    }
    const own = must(reportLeaders(image, { nodeId: a, epoch: epochOf(a), leaders: [{ topicId: topic.topicId, partition: 0, leaderId: a, leaderEpoch: 5 }] }));
    expect(own.value.accepted).toBe(1);
    applyAll(image, own.records);
    // The real next leader's later term still counts.
    const next = must(reportLeaders(image, { nodeId: b, epoch: epochOf(b), leaders: [{ topicId: topic.topicId, partition: 0, leaderId: b, leaderEpoch: 6 }] }));
    expect(next.value.accepted).toBe(1);
  });

  it('report leaders from a fenced or unknown node is refused', () => {
    const image = imageWithNodes(1);
    const epoch = image.nodes.get(1)!.epoch;
    applyAll(image, fenceNode(image, 1, epoch));
    const r = reportLeaders(image, { nodeId: 1, epoch, leaders: [] });
    expect(!r.ok && r.error).toBeInstanceOf(FencedError);
    const u = reportLeaders(image, { nodeId: 5, epoch: 1, leaders: [] });
    expect(!u.ok && u.error).toBeInstanceOf(FencedError);
  });

  it('allocates disjoint producer-id blocks', () => {
    const image = imageWithNodes(2);
    const seen: bigint[] = [];
    for (let i = 0; i < 3; i++) {
      const nodeId = (i % 2) + 1;
      const out = must(allocateProducerIds(image, { nodeId, epoch: image.nodes.get(nodeId)!.epoch }));
      seen.push(out.value.firstProducerId);
      expect(out.value.count).toBe(PRODUCER_ID_BLOCK_SIZE);
      applyAll(image, out.records);
    }
    expect(seen).toEqual([0n, 1000n, 2000n]);
    expect(image.nextProducerId).toBe(3000n);
  });

  it('commands never modify the image they read', () => {
    const image = imageWithNodes(3);
    applyAll(image, create(image, 'orders').records);
    const copy = cloneImage(image);
    create(image, 'other');
    createPartitions(image, { topic: 'orders', totalCount: 9 });
    registerNode(image, reg);
    deleteTopic(image, 'orders');
    expect(image).toEqual(copy);
  });
});
