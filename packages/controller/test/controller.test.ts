// The Controller service on the in-memory log: admin operations, node
// lifecycle, session expiry, the metadata stream, failover and metrics.
import {
  InvalidConfigError,
  InvalidPartitionsError,
  NotControllerError,
  NotEnoughReplicasError,
  StaleNodeEpochError,
  TopicAlreadyExistsError,
  UnknownTopicError,
} from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/harness.js';
import { MemoryMetadataLog } from '../src/log/memory-metadata-log.js';
import { applyRecord } from '../src/metadata/apply-record.js';
import { imageToRecords } from '../src/metadata/snapshot.js';
import { emptyImage } from '../src/metadata/image.js';
import type { WatchEvent } from '../src/service/metadata-watch.js';
import { Controller } from '../src/service/controller.js';
import { startSessionTimer } from '../src/service/session-timer.js';
import { SELF, alterReq, createReq, heartbeatReq, leaderEntry, registerReq, startController } from './controller-fixture.js';

describe('Controller admin operations', () => {
  it('records a cluster id when it first becomes active', async () => {
    const { controller } = await startController();
    expect(controller.image.clusterId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(controller.image.version).toBe(1);
  });

  it('creates, describes, lists, extends and deletes a topic', async () => {
    const { controller } = await startController();
    await startRegistered(controller, 3);
    const created = await controller.createTopic(createReq('orders', 6, 3, { 'retention.ms': '60000' }));
    expect(created.topic).toMatchObject({ name: 'orders', replicationFactor: 3, internal: false, configs: { 'retention.ms': '60000' } });
    expect(created.topic!.partitions).toHaveLength(6);
    for (const p of created.topic!.partitions) {
      expect(new Set(p.replicas).size).toBe(3);
      // No partition group has reported a leader yet.
      expect(p).toMatchObject({ leaderId: -1, offline: true, underReplicated: false });
    }
    const described = await controller.describeTopic({ name: 'orders' });
    expect(described.topic).toEqual(created.topic);

    await controller.createTopic(createReq('audit', 1, 1));
    const list = await controller.listTopics({ includeInternal: false });
    expect(list.topics.map((t) => [t.name, t.partitions, t.replicationFactor])).toEqual([
      ['audit', 1, 1],
      ['orders', 6, 3],
    ]);

    const grown = await controller.createPartitions({ topic: 'orders', totalCount: 8, validateOnly: false });
    expect(grown.topic!.partitions.map((p) => p.partition)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(grown.topic!.partitions.slice(0, 6)).toEqual(created.topic!.partitions);

    await controller.deleteTopic({ name: 'orders' });
    await expect(controller.describeTopic({ name: 'orders' })).rejects.toBeInstanceOf(UnknownTopicError);
    await expect(controller.deleteTopic({ name: 'orders' })).rejects.toBeInstanceOf(UnknownTopicError);
  });

  it('validate_only answers as if done and changes nothing', async () => {
    const { controller } = await startController();
    await startRegistered(controller, 2);
    const version = controller.image.version;
    const res = await controller.createTopic(createReq('dry', 4, 2, {}, true));
    expect(res.topic!.partitions).toHaveLength(4);
    await controller.createTopic(createReq('real', 1, 1));
    const grown = await controller.createPartitions({ topic: 'real', totalCount: 3, validateOnly: true });
    expect(grown.topic!.partitions).toHaveLength(3);
    await controller.alterConfigs(alterReq('real', { 'retention.ms': '5' }, [], true));
    expect(controller.image.topicsByName.has('dry')).toBe(false);
    expect(controller.image.topicsByName.get('real')!.partitions).toHaveLength(1);
    expect(controller.image.topicsByName.get('real')!.configs.size).toBe(0);
    expect(controller.image.version).toBe(version + 2);
    // validate_only still validates.
    await expect(controller.createTopic(createReq('dry', 4, 3, {}, true))).rejects.toBeInstanceOf(NotEnoughReplicasError);
  });

  it('serialises commands: concurrent creates of one name give one topic and one TOPIC_ALREADY_EXISTS', async () => {
    const { controller } = await startController();
    await startRegistered(controller, 1);
    const results = await Promise.allSettled([controller.createTopic(createReq('race')), controller.createTopic(createReq('race'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(TopicAlreadyExistsError);
    expect(controller.image.topicsByName.size).toBe(1);
  });

  it('refuses bad input with typed errors and changes nothing', async () => {
    const { controller } = await startController();
    await startRegistered(controller, 2);
    await controller.createTopic(createReq('t', 2, 1));
    const version = controller.image.version;
    await expect(controller.createTopic(createReq('t', 1, 1))).rejects.toBeInstanceOf(TopicAlreadyExistsError);
    await expect(controller.createTopic(createReq('x', 1, 5))).rejects.toBeInstanceOf(NotEnoughReplicasError);
    await expect(controller.createPartitions({ topic: 't', totalCount: 1, validateOnly: false })).rejects.toBeInstanceOf(InvalidPartitionsError);
    await expect(controller.alterConfigs(alterReq('t', { 'no.such': '1' }))).rejects.toBeInstanceOf(InvalidConfigError);
    expect(controller.image.version).toBe(version);
  });

  it('describes configs with Kafka defaults and sources, and alters them', async () => {
    const { controller } = await startController();
    await startRegistered(controller, 1);
    await controller.createTopic(createReq('cfg', 1, 1, { 'cleanup.policy': 'compact' }));
    await controller.alterConfigs(alterReq('cfg', { 'retention.ms': '1000' }));
    const all = await controller.describeConfigs({ resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'cfg', keys: [] });
    const byName = new Map(all.entries.map((e) => [e.name, e]));
    expect(byName.get('retention.ms')).toMatchObject({ value: '1000', source: 'CONFIG_SOURCE_TOPIC', readOnly: false });
    expect(byName.get('cleanup.policy')).toMatchObject({ value: 'compact', source: 'CONFIG_SOURCE_TOPIC' });
    expect(byName.get('max.message.bytes')).toMatchObject({ value: '1048588', source: 'CONFIG_SOURCE_DEFAULT' });
    expect(byName.get('segment.bytes')!.documentation.length).toBeGreaterThan(0);

    await controller.alterConfigs(alterReq('cfg', {}, ['retention.ms']));
    const one = await controller.describeConfigs({ resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'cfg', keys: ['retention.ms'] });
    expect(one.entries).toEqual([expect.objectContaining({ name: 'retention.ms', value: '604800000', source: 'CONFIG_SOURCE_DEFAULT' })]);
    await expect(controller.describeConfigs({ resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'cfg', keys: ['bogus'] })).rejects.toBeInstanceOf(InvalidConfigError);
    await expect(controller.describeConfigs({ resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'nope', keys: [] })).rejects.toBeInstanceOf(UnknownTopicError);
    const node = await controller.describeConfigs({ resourceType: 'CONFIG_RESOURCE_TYPE_NODE', resourceName: '1', keys: [] });
    expect(node.entries).toEqual([]);
  });

  it('describes the cluster and serves GetMetadata', async () => {
    const { controller } = await startController();
    await startRegistered(controller, 3, ['a', 'b', 'c']);
    await controller.createTopic(createReq('m', 3, 2));
    await controller.createTopic({ ...createReq('__internal', 1, 1) }).catch(() => undefined);
    const cluster = await controller.describeCluster();
    expect(cluster).toMatchObject({
      clusterId: controller.image.clusterId,
      activeControllerId: 100,
      controllers: [{ nodeId: 100, address: '127.0.0.1:19093', active: true }],
      topicCount: 1,
      partitionCount: 3,
      offlinePartitionCount: 3,
      underReplicatedPartitionCount: 0,
      metadataVersion: String(controller.image.version),
    });
    expect(cluster.nodes.map((n) => [n.nodeId, n.rack, n.online])).toEqual([
      [1, 'a', true],
      [2, 'b', true],
      [3, 'c', true],
    ]);
    const md = controller.getMetadata({ topics: [], includeInternal: false });
    expect(md.topics.map((t) => t.name)).toEqual(['m']);
    expect(md.controllerId).toBe(100);
    expect(() => controller.getMetadata({ topics: ['nope'], includeInternal: false })).toThrow(UnknownTopicError);
  });
});

describe('Controller node lifecycle', () => {
  it('leader reports make partitions online; an expired session fences the node and its partitions go offline; a heartbeat unfences', async () => {
    const { controller, clock } = await startController();
    const epochs = await startRegistered(controller, 2);
    const created = await controller.createTopic(createReq('life', 2, 2));
    const topicId = created.topic!.topicId;
    for (const p of created.topic!.partitions) {
      const leader = p.replicas[0]!;
      await controller.reportLeaders({ nodeId: leader, nodeEpoch: String(epochs.get(leader)), leaders: [leaderEntry(topicId, p.partition, leader, 1)] });
    }
    expect((await controller.describeCluster()).offlinePartitionCount).toBe(0);

    // Node 1 keeps heartbeating, node 2 goes silent.
    clock.now += 600;
    await controller.nodeHeartbeat(heartbeatReq(1, epochs.get(1)!));
    clock.now += 600;
    expect(await controller.tick(clock.now)).toEqual([2]);
    expect(controller.image.nodes.get(2)!.fenced).toBe(true);
    const cluster = await controller.describeCluster();
    expect(cluster.offlinePartitionCount).toBe(1);
    expect(cluster.underReplicatedPartitionCount).toBe(2);
    expect(cluster.nodes.find((n) => n.nodeId === 2)!.online).toBe(false);
    expect(await controller.tick(clock.now + 10_000)).toEqual([1]);

    const hb = await controller.nodeHeartbeat(heartbeatReq(2, epochs.get(2)!));
    expect(hb.registered).toBe(true);
    expect(controller.image.nodes.get(2)!.fenced).toBe(false);
  });

  it('a restarted node gets a new epoch; the old incarnation is refused', async () => {
    const { controller } = await startController();
    const first = await controller.registerNode(registerReq(5, 'r', 'old'));
    const second = await controller.registerNode(registerReq(5, 'r', 'new'));
    expect(Number(second.nodeEpoch)).toBeGreaterThan(Number(first.nodeEpoch));
    expect(second).toMatchObject({ heartbeatIntervalMs: 2000, sessionTimeoutMs: 1000 });
    await expect(controller.nodeHeartbeat(heartbeatReq(5, Number(first.nodeEpoch)))).rejects.toBeInstanceOf(StaleNodeEpochError);
    await expect(controller.allocateProducerIds({ nodeId: 5, nodeEpoch: first.nodeEpoch })).rejects.toBeInstanceOf(StaleNodeEpochError);
    const unknown = await controller.nodeHeartbeat(heartbeatReq(77, 1));
    expect(unknown.registered).toBe(false);
  });

  it('allocates disjoint producer-id blocks', async () => {
    const { controller } = await startController();
    const epochs = await startRegistered(controller, 1);
    const a = await controller.allocateProducerIds({ nodeId: 1, nodeEpoch: String(epochs.get(1)) });
    const b = await controller.allocateProducerIds({ nodeId: 1, nodeEpoch: String(epochs.get(1)) });
    expect([a, b]).toEqual([
      { firstProducerId: '0', count: 1000 },
      { firstProducerId: '1000', count: 1000 },
    ]);
  });

  it('a shutting-down node is fenced at once', async () => {
    const { controller } = await startController();
    const epochs = await startRegistered(controller, 1);
    await controller.nodeHeartbeat(heartbeatReq(1, epochs.get(1)!, true));
    expect(controller.image.nodes.get(1)!.fenced).toBe(true);
  });
});

describe('Controller leadership', () => {
  it('answers NOT_CONTROLLER with the active controller when it is not active; GetMetadata still works', async () => {
    const { controller, log } = await startController();
    await startRegistered(controller, 1);
    log.setActive(false, { id: 101, address: '127.0.0.1:29093' });
    for (const call of [
      () => controller.createTopic(createReq('x')),
      () => controller.describeTopic({ name: 'x' }),
      () => controller.describeCluster(),
      () => controller.registerNode(registerReq(2)),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NotControllerError);
      expect((err as NotControllerError).details).toEqual({ leaderId: 101, leaderAddress: '127.0.0.1:29093' });
    }
    expect(controller.getMetadata({ topics: [], includeInternal: false }).controllerId).toBe(101);
    expect(await controller.tick(Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it('a controller restarted on the same log reaches the same image (snapshot + log)', async () => {
    const { controller, log } = await startController();
    await startRegistered(controller, 2);
    await controller.createTopic(createReq('keep', 4, 2));
    log.compact();
    await controller.createTopic(createReq('after', 1, 1));
    const before = imageToRecords(controller.image);
    await controller.stop();
    const again = new Controller({ log });
    await again.start();
    expect(imageToRecords(again.image)).toEqual(before);
    expect(again.image.version).toBe(controller.image.version);
  });
});

describe('Controller metadata stream', () => {
  it('sends the image, then each committed batch as one delta; a subscriber can rebuild the image', async () => {
    const { controller } = await startController();
    await startRegistered(controller, 2);
    const events: WatchEvent[] = [];
    const stop = controller.watchMetadata(0, (e) => events.push(e));
    await controller.createTopic(createReq('w', 2, 2));
    stop();
    await controller.createTopic(createReq('unseen', 1, 1));
    expect(events[0]!.event).toBe('image');
    // The topic and its two partitions were committed together: one delta.
    expect(events.slice(1).map((e) => [e.event, e.delta?.records.length])).toEqual([['delta', 3]]);
    const mirror = emptyImage();
    for (const r of events[0]!.image!.records) applyRecord(mirror, r, 0);
    mirror.version = Number(events[0]!.image!.version);
    for (const e of events.slice(1)) {
      const first = Number(e.delta!.version) - e.delta!.records.length + 1;
      e.delta!.records.forEach((r, i) => applyRecord(mirror, r, first + i));
    }
    expect(mirror.topicsByName.get('w')).toEqual(controller.image.topicsByName.get('w'));
    expect(mirror.version).toBe(controller.image.version - 2);
  });

  it('replays only missed records to a subscriber that has a recent version; one too far behind gets the image', async () => {
    const { controller } = await startController({ watchReplayLimit: 3 });
    await startRegistered(controller, 1);
    const mid = controller.image.version;
    await controller.createTopic(createReq('a', 1, 1));
    const recent: WatchEvent[] = [];
    controller.watchMetadata(mid, (e) => recent.push(e));
    expect(recent.map((e) => [e.event, e.delta?.version, e.delta?.records.length])).toEqual([['delta', String(mid + 2), 2]]);
    for (let i = 0; i < 5; i++) await controller.createTopic(createReq(`b${i}`, 1, 1));
    const old: WatchEvent[] = [];
    controller.watchMetadata(mid, (e) => old.push(e));
    expect(old.map((e) => e.event)).toEqual(['image']);
    expect(old[0]!.image!.version).toBe(String(controller.image.version));
  });
});

describe('Controller metrics', () => {
  it('exposes gauges and the admin latency histogram in the given registry', async () => {
    const { controller, registry } = await startController();
    await startRegistered(controller, 2);
    await controller.createTopic(createReq('met', 3, 2));
    await controller.createTopic(createReq('bad name', 3, 2)).catch(() => undefined);
    const text = await registry.metrics();
    expect(text).toContain('eddy_controller_active 1');
    expect(text).toContain(`eddy_controller_metadata_version ${controller.image.version}`);
    expect(text).toContain('eddy_controller_nodes_registered 2');
    expect(text).toContain('eddy_controller_nodes_fenced 0');
    expect(text).toContain('eddy_controller_topics 1');
    expect(text).toContain('eddy_controller_partitions 3');
    expect(text).toContain('eddy_controller_offline_partitions 3');
    expect(text).toMatch(/eddy_controller_admin_request_duration_seconds_count\{operation="create_topic"\} 2/);
    expect(text).toMatch(/eddy_controller_admin_request_duration_seconds_count\{operation="register_node"\} 2/);
  });
});

async function startRegistered(controller: Controller, n: number, racks: string[] = ['']): Promise<Map<number, number>> {
  const epochs = new Map<number, number>();
  for (let id = 1; id <= n; id++) epochs.set(id, Number((await controller.registerNode(registerReq(id, racks[(id - 1) % racks.length]!))).nodeEpoch));
  return epochs;
}

describe('Controller internal topics and timers', () => {
  it('creates "__" topics only for internal callers; ListTopics hides them unless asked', async () => {
    const { controller } = await startController();
    await startRegistered(controller, 1);
    await expect(controller.createTopic(createReq('__consumer_offsets', 2, 1))).rejects.toThrow(/reserved/);
    const res = await controller.createTopic(createReq('__consumer_offsets', 2, 1), { internal: true });
    expect(res.topic!.internal).toBe(true);
    expect((await controller.listTopics({ includeInternal: false })).topics).toEqual([]);
    expect((await controller.listTopics({ includeInternal: true })).topics.map((t) => t.name)).toEqual(['__consumer_offsets']);
  });

  it('startSessionTimer drives tick() until stopped', async () => {
    const { controller } = await startController();
    const ticks: number[] = [];
    const stop = startSessionTimer({ tick: async (now) => (ticks.push(now), []) }, 5, () => 42);
    await waitFor('two ticks', () => ticks.length >= 2, 5000, { pollMs: 5 });
    stop();
    const seen = ticks.length;
    await new Promise((r) => setTimeout(r, 30));
    expect(ticks.length).toBe(seen);
    expect(ticks.every((t) => t === 42)).toBe(true);
    await controller.stop();
  });
});

/** A log whose appends never commit once stalled (its quorum is gone) and fail when it stops, as a Raft group's do. */
class StalledLog extends MemoryMetadataLog {
  stalled = false;
  private readonly waiting: ((err: Error) => void)[] = [];

  override append(records: Parameters<MemoryMetadataLog['append']>[0]): Promise<number> {
    if (!this.stalled) return super.append(records);
    return new Promise<number>((_resolve, reject) => this.waiting.push(reject));
  }

  override async stop(): Promise<void> {
    for (const fail of this.waiting.splice(0)) fail(new NotControllerError('the metadata log stopped'));
    await super.stop();
  }
}

describe('Controller shutdown without a quorum', () => {
  it('stop() and handOver() return although a queued command can never commit; stopping the log fails it', async () => {
    const log = new StalledLog({ self: SELF });
    const { controller } = await startController({}, log);
    await startRegistered(controller, 1);
    log.stalled = true;
    const stuck = controller.createTopic(createReq('never', 1, 1)).then(
      () => 'created',
      (err: Error) => err.name,
    );
    expect(await controller.handOver(50)).toBe(false);
    await controller.stop(50);
    expect(await stuck).toBe('NotControllerError');
  });
});
