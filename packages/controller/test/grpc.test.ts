// The controller's gRPC services on a real server (127.0.0.1, random port)
// with the in-memory log, driven by real grpc-js clients: AdminService end to
// end, every validation error as a status with the eddy-error-code trailer,
// NOT_CONTROLLER with the active controller, ControllerService including the
// metadata stream, and a server that keeps serving after malformed bytes.
import * as grpc from '@grpc/grpc-js';
import { fromGrpcError, type ErrorCode, type wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/harness.js';
import { registerReq } from './controller-fixture.js';
import { call, expectEddyError, startGrpcController, type GrpcHarness } from './grpc-fixture.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

type Harness = GrpcHarness;

function startServer(): Promise<Harness> {
  return startGrpcController(cleanups);
}

async function registerStorageNodes(h: Harness, n: number): Promise<void> {
  for (let id = 1; id <= n; id++) await call(h.nodes, 'RegisterNode', registerReq(id, `rack-${id}`));
}

describe('AdminService over gRPC', () => {
  it('creates, describes, lists, extends, configures and deletes a topic', async () => {
    const h = await startServer();
    await registerStorageNodes(h, 3);
    const created = await call<wire.CreateTopicResponse__Output>(h.admin, 'CreateTopic', {
      name: 'grpc-orders',
      partitions: 6,
      replicationFactor: 3,
      configs: { 'retention.ms': '3600000' },
    });
    expect(created.topic).toMatchObject({ name: 'grpc-orders', replicationFactor: 3, configs: { 'retention.ms': '3600000' } });
    expect(created.topic!.topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.topic!.partitions).toHaveLength(6);

    const described = await call<wire.DescribeTopicResponse__Output>(h.admin, 'DescribeTopic', { name: 'grpc-orders' });
    expect(described.topic).toEqual(created.topic);

    const list = await call<wire.ListTopicsResponse__Output>(h.admin, 'ListTopics', {});
    expect(list.topics).toEqual([{ name: 'grpc-orders', topicId: created.topic!.topicId, partitions: 6, replicationFactor: 3, internal: false }]);

    const grown = await call<wire.CreatePartitionsResponse__Output>(h.admin, 'CreatePartitions', { topic: 'grpc-orders', totalCount: 9 });
    expect(grown.topic!.partitions).toHaveLength(9);

    await call(h.admin, 'AlterConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'grpc-orders', set: { 'cleanup.policy': 'compact' }, delete: ['retention.ms'] });
    const configs = await call<wire.DescribeConfigsResponse__Output>(h.admin, 'DescribeConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'grpc-orders' });
    const byName = new Map(configs.entries.map((e) => [e.name, e]));
    expect(byName.get('cleanup.policy')).toMatchObject({ value: 'compact', source: 'CONFIG_SOURCE_TOPIC' });
    expect(byName.get('retention.ms')).toMatchObject({ value: '604800000', source: 'CONFIG_SOURCE_DEFAULT' });

    const cluster = await call<wire.DescribeClusterResponse__Output>(h.admin, 'DescribeCluster', {});
    expect(cluster).toMatchObject({ activeControllerId: 100, topicCount: 1, partitionCount: 9, offlinePartitionCount: 9 });
    expect(cluster.nodes.map((n) => n.nodeId)).toEqual([1, 2, 3]);

    const md = await call<wire.GetMetadataResponse__Output>(h.metadata, 'GetMetadata', { topics: ['grpc-orders'] });
    expect(md.topics[0]!.partitions).toHaveLength(9);

    await call(h.admin, 'DeleteTopic', { name: 'grpc-orders' });
    await expectEddyError(call(h.admin, 'DescribeTopic', { name: 'grpc-orders' }), 'UNKNOWN_TOPIC', /does not exist/);
  });

  it('answers every validation error as a status with the eddy-error-code trailer, and keeps serving', async () => {
    const h = await startServer();
    await registerStorageNodes(h, 2);
    await call(h.admin, 'CreateTopic', { name: 'exists', partitions: 1, replicationFactor: 1 });
    const cases: [string, object, ErrorCode, grpc.status][] = [
      ['CreateTopic', { name: 'bad name!', partitions: 1, replicationFactor: 1 }, 'INVALID_TOPIC_NAME', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: '', partitions: 1, replicationFactor: 1 }, 'INVALID_TOPIC_NAME', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: '..', partitions: 1, replicationFactor: 1 }, 'INVALID_TOPIC_NAME', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: 'x'.repeat(250), partitions: 1, replicationFactor: 1 }, 'INVALID_TOPIC_NAME', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: '__reserved', partitions: 1, replicationFactor: 1 }, 'INVALID_TOPIC_NAME', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: 'exists', partitions: 1, replicationFactor: 1 }, 'TOPIC_ALREADY_EXISTS', grpc.status.ALREADY_EXISTS],
      ['CreateTopic', { name: 'p0', partitions: 0, replicationFactor: 1 }, 'INVALID_PARTITIONS', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: 'p-big', partitions: 10_001, replicationFactor: 1 }, 'INVALID_PARTITIONS', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: 'rf0', partitions: 1, replicationFactor: 0 }, 'INVALID_REPLICATION_FACTOR', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: 'rf9', partitions: 1, replicationFactor: 9 }, 'NOT_ENOUGH_REPLICAS', grpc.status.FAILED_PRECONDITION],
      ['CreateTopic', { name: 'cfg', partitions: 1, replicationFactor: 1, configs: { 'retention.mss': '1' } }, 'INVALID_CONFIG', grpc.status.INVALID_ARGUMENT],
      ['CreateTopic', { name: 'cfg', partitions: 1, replicationFactor: 1, configs: { 'retention.ms': 'never' } }, 'INVALID_CONFIG', grpc.status.INVALID_ARGUMENT],
      ['DeleteTopic', { name: 'missing' }, 'UNKNOWN_TOPIC', grpc.status.NOT_FOUND],
      ['DescribeTopic', { name: 'missing' }, 'UNKNOWN_TOPIC', grpc.status.NOT_FOUND],
      ['CreatePartitions', { topic: 'exists', totalCount: 1 }, 'INVALID_PARTITIONS', grpc.status.INVALID_ARGUMENT],
      ['CreatePartitions', { topic: 'missing', totalCount: 3 }, 'UNKNOWN_TOPIC', grpc.status.NOT_FOUND],
      ['AlterConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'exists', set: { nope: '1' } }, 'INVALID_CONFIG', grpc.status.INVALID_ARGUMENT],
      ['AlterConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'missing', set: {} }, 'UNKNOWN_TOPIC', grpc.status.NOT_FOUND],
      ['AlterConfigs', { resourceName: 'exists', set: {} }, 'INVALID_REQUEST', grpc.status.INVALID_ARGUMENT],
      ['DescribeConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: 'exists', keys: ['nope'] }, 'INVALID_CONFIG', grpc.status.INVALID_ARGUMENT],
      // Internal topics are Eddy's own: no client deletes, grows or re-configures one.
      ['DeleteTopic', { name: '__consumer_offsets' }, 'UNAUTHORIZED', grpc.status.PERMISSION_DENIED],
      ['CreatePartitions', { topic: '__consumer_offsets', totalCount: 64 }, 'UNAUTHORIZED', grpc.status.PERMISSION_DENIED],
      ['AlterConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: '__consumer_offsets', set: { 'cleanup.policy': 'delete' } }, 'UNAUTHORIZED', grpc.status.PERMISSION_DENIED],
    ];
    for (const [method, request, code, status] of cases) {
      const err = await expectEddyError(call(h.admin, method, request), code);
      expect(err.code, `${method} ${JSON.stringify(request).slice(0, 80)}`).toBe(status);
      expect(err.details.length).toBeGreaterThan(10);
    }
    const fieldErr = await expectEddyError(call(h.admin, 'CreateTopic', { name: 'cfg', partitions: 1, replicationFactor: 1, configs: { 'retention.mss': '1' } }), 'INVALID_CONFIG');
    const field = fromGrpcError(fieldErr);
    expect(field.details.field).toBe('retention.mss');
    // Nothing changed, and the server still serves.
    const list = await call<wire.ListTopicsResponse__Output>(h.admin, 'ListTopics', {});
    expect(list.topics.map((t) => t.name)).toEqual(['exists']);
  });

  it('survives malformed protobuf bytes sent with a raw unary request', async () => {
    const h = await startServer();
    const raw = new grpc.Client(h.address, grpc.credentials.createInsecure());
    cleanups.push(() => raw.close());
    const identity = (b: Buffer): Buffer => b;
    const garbage = [
      Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), // string length far past the end
      Buffer.from([0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]), // over-long varint
      Buffer.from([0x0f]), // wire type 7 does not exist
      Buffer.from('not protobuf at all, just text'),
    ];
    for (const bytes of garbage) {
      for (const method of ['/eddy.v1.AdminService/CreateTopic', '/eddy.v1.AdminService/AlterConfigs', '/eddy.v1.ControllerService/RegisterNode']) {
        const err = await new Promise<grpc.ServiceError | null>((resolve) => {
          raw.makeUnaryRequest(method, identity, identity, bytes, (e) => resolve(e));
        });
        expect(err, method).not.toBeNull();
        expect([grpc.status.INTERNAL, grpc.status.INVALID_ARGUMENT]).toContain(err!.code);
      }
    }
    await registerStorageNodes(h, 1);
    const ok = await call<wire.CreateTopicResponse__Output>(h.admin, 'CreateTopic', { name: 'after-garbage', partitions: 1, replicationFactor: 1 });
    expect(ok.topic!.name).toBe('after-garbage');
  });

  it('answers NOT_CONTROLLER naming the active controller when this one is not active', async () => {
    const h = await startServer();
    h.fixture.log.setActive(false, { id: 7, address: '10.1.2.3:9093' });
    for (const [client, method, request] of [
      [h.admin, 'CreateTopic', { name: 'x', partitions: 1, replicationFactor: 1 }],
      [h.admin, 'DescribeCluster', {}],
      [h.nodes, 'RegisterNode', registerReq(1)],
    ] as const) {
      const err = await expectEddyError(call(client, method, request), 'NOT_CONTROLLER');
      expect(fromGrpcError(err).details).toEqual({ leaderId: 7, leaderAddress: '10.1.2.3:9093' });
      expect(fromGrpcError(err).retriable).toBe(true);
    }
  });
});

describe('ControllerService over gRPC', () => {
  it('registers, heartbeats, allocates producer ids, reports leaders and streams metadata', async () => {
    const h = await startServer();
    const reg = await call<wire.RegisterNodeResponse__Output>(h.nodes, 'RegisterNode', registerReq(1, 'a'));
    expect(reg).toMatchObject({ heartbeatIntervalMs: 2000, sessionTimeoutMs: 1000 });
    const epoch = reg.nodeEpoch;
    const hb = await call<wire.NodeHeartbeatResponse__Output>(h.nodes, 'NodeHeartbeat', { nodeId: 1, nodeEpoch: epoch });
    expect(hb.registered).toBe(true);
    await expectEddyError(call(h.nodes, 'NodeHeartbeat', { nodeId: 1, nodeEpoch: '1' }), 'STALE_NODE_EPOCH');
    await expectEddyError(call(h.nodes, 'NodeHeartbeat', { nodeId: 1, nodeEpoch: '-5' }), 'INVALID_REQUEST');
    const ids = await call<wire.AllocateProducerIdsResponse__Output>(h.nodes, 'AllocateProducerIds', { nodeId: 1, nodeEpoch: epoch });
    expect(ids).toEqual({ firstProducerId: '0', count: 1000 });

    const stream = (h.nodes as unknown as { WatchMetadata(r: object): grpc.ClientReadableStream<wire.WatchMetadataResponse__Output> }).WatchMetadata({ fromVersion: 0 });
    cleanups.push(() => stream.cancel());
    const events: wire.WatchMetadataResponse__Output[] = [];
    stream.on('data', (e: wire.WatchMetadataResponse__Output) => events.push(e));
    stream.on('error', () => undefined);
    await waitFor('the image', () => events.length >= 1, 5000, { pollMs: 10 });
    expect(events[0]!.event).toBe('image');
    expect(events[0]!.image!.records.some((r) => r.nodeRegistered?.nodeId === 1)).toBe(true);

    const created = await call<wire.CreateTopicResponse__Output>(h.admin, 'CreateTopic', { name: 'streamed', partitions: 2, replicationFactor: 1 });
    const topicId = created.topic!.topicId;
    await call(h.nodes, 'ReportLeaders', { nodeId: 1, nodeEpoch: epoch, leaders: [{ topicId, partition: 0, leaderId: 1, leaderEpoch: 1 }] });
    await waitFor('two deltas after the image', () => events.length >= 3, 5000, { pollMs: 10 });
    // A topic arrives with its partitions in one delta; the leader report is the next one.
    expect(events.slice(1).map((e) => e.delta!.records.map((r) => r.record))).toEqual([['topicCreated', 'partition', 'partition'], ['partitionLeader']]);
    expect(events.slice(1).map((e) => Number(e.delta!.version))).toEqual([3, 4].map((i) => Number(events[0]!.image!.version) + i));
    const md = await call<wire.GetMetadataResponse__Output>(h.metadata, 'GetMetadata', {});
    expect(md.topics[0]!.partitions.map((p) => p.leaderId)).toEqual([1, -1]);
  });
});

describe('WatchMetadata over gRPC', () => {
  it('refuses a bad from_version and drops the subscription when the client cancels', async () => {
    const h = await startServer();
    const client = h.nodes as unknown as { WatchMetadata(r: object): grpc.ClientReadableStream<wire.WatchMetadataResponse__Output> };
    const bad = client.WatchMetadata({ fromVersion: '-3' });
    const err = await new Promise<grpc.ServiceError>((resolve) => {
      bad.on('error', resolve);
      bad.on('data', () => undefined);
    });
    expect(fromGrpcError(err).code).toBe('INVALID_REQUEST');

    const stream = client.WatchMetadata({ fromVersion: 0 });
    stream.on('error', () => undefined);
    const first = await new Promise<wire.WatchMetadataResponse__Output>((resolve) => stream.once('data', resolve));
    expect(first.event).toBe('image');
    expect(h.fixture.controller.metadataSubscribers).toBe(1);
    stream.cancel();
    await waitFor('no metadata subscriber', () => h.fixture.controller.metadataSubscribers === 0, 5000, { pollMs: 10 });
  });
});

