// Client-reachable damage against a real 3-node cluster, with security off:
// anything that can reach a node's client port can call AdminService,
// ProduceService and GroupService. Each attack below once lost every group's
// committed offsets, made groups unusable, or evicted or impersonated another
// group member. Now each gets a clear error, no process dies, and nothing
// changes: __consumer_offsets keeps its partitions and configs, a real group
// keeps its committed offsets, and its member stays in the group, unchanged.
import type * as grpc from '@grpc/grpc-js';
import { encodeRecordBatch, partitionForKey, type EddyError, type wire } from '@eddy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, client } from '../support/grpc.js';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';
import type { ServerCluster } from '../support/server-cluster.js';
import type { WireClient } from '../support/wire-client.js';

const OFFSETS = '__consumer_offsets';
const DATA = `abuse-data-${Date.now()}`;
/** Long enough that no member of these tests expires while a test runs. */
const SESSION_MS = 120_000;

let fx: ClusterFixture | undefined;
let cluster: ServerCluster;
let wc: WireClient;
const stubs = new Map<string, grpc.Client>();

beforeAll(async () => {
  fx = await startCluster({ nodes: 3 });
  ({ cluster, wire: wc } = fx);
  await waitFor(OFFSETS, async () => (await offsetsTopic()).partitions.length > 0, 60_000);
  await fx.createTopic({ name: DATA, partitions: 2, replicationFactor: 3 });
}, 90_000);

afterAll(async () => {
  for (const s of stubs.values()) s.close();
  await fx?.close();
});

function stub(service: 'GroupService' | 'ProduceService' | 'FetchService', address: string): grpc.Client {
  const key = `${service}@${address}`;
  let s = stubs.get(key);
  if (!s) stubs.set(key, (s = client(service, address)));
  return s;
}

function live(): string[] {
  return cluster.nodes.filter((n) => n.child).map((n) => n.address);
}

/** Every node process still running. */
function allAlive(): boolean {
  return cluster.nodes.every((n) => n.child !== undefined && n.child.exitCode === null && n.child.signalCode === null);
}

/** The call's EddyError; fails the test if the call succeeded. */
async function refusal(p: Promise<unknown>): Promise<EddyError> {
  try {
    await p;
  } catch (err) {
    return err as EddyError;
  }
  throw new Error('the call succeeded; it should have been refused');
}

async function offsetsTopic(): Promise<wire.TopicDescription__Output> {
  const d = await wc.admin<wire.DescribeTopicResponse__Output>('describeTopic', { name: OFFSETS });
  return d.topic!;
}

async function offsetsConfigs(): Promise<Record<string, string>> {
  const d = await wc.admin<wire.DescribeConfigsResponse__Output>('describeConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: OFFSETS });
  return Object.fromEntries(d.entries.map((e) => [e.name, e.value]));
}

/** A group call at the group's coordinator, found again while it moves or loads; any other error is the answer. */
async function groupCall<Res>(groupId: string, method: string, request: object): Promise<Res> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const found = await call<wire.FindCoordinatorResponse__Output>(stub('GroupService', live()[0]!), 'findCoordinator', { groupId }, 3_000);
      if (found.address !== '') return await call<Res>(stub('GroupService', found.address), method, { groupId, ...request }, 5_000);
      if (Date.now() > deadline) throw new Error(`no coordinator address for ${groupId}`);
    } catch (err) {
      const e = err as EddyError;
      if (!['NOT_COORDINATOR', 'UNAVAILABLE', 'TIMEOUT', 'LEADER_NOT_AVAILABLE'].includes(e.code) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

interface RealMember {
  groupId: string;
  /** Its own member id: only it knows this. */
  memberId: string;
  epoch: number;
  owned: wire.TopicPartitions[];
}

/** A member that joined, owns both partitions of DATA, and committed 5 and 6. */
async function realGroup(name: string): Promise<RealMember> {
  const groupId = `${name}-${Date.now()}`;
  const joined = await groupCall<wire.HeartbeatResponse__Output>(groupId, 'heartbeat', { memberEpoch: 0, clientId: 'real', subscribedTopics: [DATA], sessionTimeoutMs: SESSION_MS });
  const owned = joined.assignment.map((tp) => ({ topic: tp.topic, partitions: [...tp.partitions] }));
  expect(owned).toEqual([{ topic: DATA, partitions: [0, 1] }]);
  const settled = await groupCall<wire.HeartbeatResponse__Output>(groupId, 'heartbeat', { memberId: joined.memberId, memberEpoch: joined.memberEpoch, clientId: 'real', ownedPartitions: owned, sessionTimeoutMs: SESSION_MS });
  const m: RealMember = { groupId, memberId: joined.memberId, epoch: settled.memberEpoch, owned };
  const committed = await groupCall<wire.CommitOffsetsResponse__Output>(groupId, 'commitOffsets', {
    memberId: m.memberId,
    memberEpoch: m.epoch,
    offsets: [
      { topic: DATA, partition: 0, offset: 5, metadata: 'real' },
      { topic: DATA, partition: 1, offset: 6, metadata: 'real' },
    ],
  });
  expect(committed.results.every((r) => !r.error)).toBe(true);
  return m;
}

async function committedOffsets(groupId: string): Promise<[number, string][]> {
  const r = await groupCall<wire.FetchOffsetsResponse__Output>(groupId, 'fetchOffsets', {});
  return r.offsets.map((o) => [o.partition, o.offset]);
}

/** The real member is still in its group, alone, owning what it owned, with its offsets: its own heartbeat says so. */
async function expectIntact(m: RealMember): Promise<void> {
  expect(await committedOffsets(m.groupId)).toEqual([
    [0, '5'],
    [1, '6'],
  ]);
  const d = await groupCall<wire.DescribeGroupResponse__Output>(m.groupId, 'describeGroup', {});
  expect(d.members.map((x) => [x.clientId, x.subscribedTopics])).toEqual([['real', [DATA]]]);
  const hb = await groupCall<wire.HeartbeatResponse__Output>(m.groupId, 'heartbeat', { memberId: m.memberId, memberEpoch: m.epoch, clientId: 'real', ownedPartitions: m.owned, sessionTimeoutMs: SESSION_MS });
  expect([hb.memberId, hb.memberEpoch]).toEqual([m.memberId, m.epoch]);
  expect(hb.assignment.map((tp) => ({ topic: tp.topic, partitions: [...tp.partitions] }))).toEqual(m.owned);
}

/** High watermark of a partition from its leader. */
async function highWatermark(topic: string, partition: number): Promise<string> {
  const leader = await waitFor(`a leader of ${topic}-${partition}`, () => wc.leaderAddress(topic, partition));
  const r = await call<wire.ListOffsetsResponse__Output>(stub('FetchService', leader.address), 'listOffsets', { partitions: [{ topic, partition, spec: 'OFFSET_SPEC_LATEST' }] });
  return r.partitions[0]!.offset;
}

describe('client calls against internal topics and other members', () => {
  it('DeleteTopic __consumer_offsets: UNAUTHORIZED; the topic and every committed offset stay', async () => {
    const m = await realGroup('delete');
    const before = await offsetsTopic();
    const err = await refusal(wc.admin('deleteTopic', { name: OFFSETS }));
    expect([err.code, err.retriable]).toEqual(['UNAUTHORIZED', false]);
    expect(err.message).toMatch(/cannot delete topic "__consumer_offsets".*internal topics.*nothing was changed/);
    // A "__" name that does not exist is refused the same way (no existence probe).
    expect((await refusal(wc.admin('deleteTopic', { name: '__transaction_state' }))).code).toBe('UNAUTHORIZED');
    const after = await offsetsTopic();
    expect([after.topicId, after.partitions.length]).toEqual([before.topicId, before.partitions.length]);
    await expectIntact(m);
    expect(allAlive()).toBe(true);
  });

  it('AlterConfigs on __consumer_offsets (drop compaction, retain 1 ms): UNAUTHORIZED; its configs stay', async () => {
    const m = await realGroup('alter');
    const before = await offsetsConfigs();
    expect(before['cleanup.policy']).toBe('compact');
    const set = await refusal(wc.admin('alterConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: OFFSETS, set: { 'cleanup.policy': 'delete', 'retention.ms': '1' } }));
    expect(set.code).toBe('UNAUTHORIZED');
    expect(set.message).toMatch(/cannot alter the configs of topic "__consumer_offsets"/);
    const del = await refusal(wc.admin('alterConfigs', { resourceType: 'CONFIG_RESOURCE_TYPE_TOPIC', resourceName: OFFSETS, delete: ['cleanup.policy'] }));
    expect(del.code).toBe('UNAUTHORIZED');
    expect(await offsetsConfigs()).toEqual(before);
    await expectIntact(m);
    expect(allAlive()).toBe(true);
  });

  it('CreatePartitions on __consumer_offsets (which would move groups to other partitions): UNAUTHORIZED; its partition count stays', async () => {
    const m = await realGroup('grow');
    const before = await offsetsTopic();
    const err = await refusal(wc.admin('createPartitions', { topic: OFFSETS, totalCount: before.partitions.length * 2 }));
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.message).toMatch(/cannot add partitions to topic "__consumer_offsets"/);
    expect((await offsetsTopic()).partitions.length).toBe(before.partitions.length);
    await expectIntact(m);
    expect(allAlive()).toBe(true);
  });

  it('CreateTopic with a reserved "__" name: INVALID_TOPIC_NAME; no such topic appears', async () => {
    const err = await refusal(wc.admin('createTopic', { name: '__consumer_offsets_2', partitions: 1, replicationFactor: 1 }));
    expect(err.code).toBe('INVALID_TOPIC_NAME');
    expect(err.message).toMatch(/reserved for Eddy's internal topics/);
    const listed = await wc.admin<wire.ListTopicsResponse__Output>('listTopics', { includeInternal: true });
    expect(listed.topics.map((t) => t.name).filter((n) => n.startsWith('__'))).toEqual([OFFSETS]);
    expect(allAlive()).toBe(true);
  });

  it("Produce into the group's __consumer_offsets partition (a batch, plain records, at the leader or not): UNAUTHORIZED; nothing is appended", async () => {
    const m = await realGroup('produce');
    const partition = partitionForKey(Buffer.from(m.groupId), (await offsetsTopic()).partitions.length);
    const hwBefore = await highWatermark(OFFSETS, partition);
    const garbage = encodeRecordBatch({ records: [{ key: Buffer.from([0, 0, 0, 1, 0x78]), value: Buffer.from('not an offset'), timestamp: Date.now() }] });
    for (const address of live()) {
      const asBatch = await refusal(call(stub('ProduceService', address), 'produce', { topic: OFFSETS, partition, acks: 'ACKS_ALL', recordBatch: garbage }));
      expect([asBatch.code, asBatch.retriable]).toEqual(['UNAUTHORIZED', false]);
      expect(asBatch.message).toMatch(/cannot produce to topic "__consumer_offsets".*nothing was written/);
      const asRecords = await refusal(call(stub('ProduceService', address), 'produce', { topic: OFFSETS, partition, acks: 'ACKS_ALL', records: { producerId: -1, records: [{ key: Buffer.from('k'), value: Buffer.from('v') }] } }));
      expect(asRecords.code).toBe('UNAUTHORIZED');
    }
    expect(await highWatermark(OFFSETS, partition)).toBe(hwBefore);
    await expectIntact(m);
    expect(allAlive()).toBe(true);
  });

  it('ProduceStream into __consumer_offsets: each such request refused by its id; the stream serves the rest', async () => {
    const m = await realGroup('stream');
    const partition = partitionForKey(Buffer.from(m.groupId), (await offsetsTopic()).partitions.length);
    const hwBefore = await highWatermark(OFFSETS, partition);
    const dataHw = await highWatermark(DATA, 0);
    const dataLeader = await waitFor('the data leader', () => wc.leaderAddress(DATA, 0));
    const producer = stub('ProduceService', dataLeader.address) as unknown as { produceStream(): grpc.ClientDuplexStream<wire.ProduceStreamRequest, wire.ProduceStreamResponse__Output> };
    const answers = new Map<string, wire.ProduceStreamResponse__Output>();
    const stream = producer.produceStream();
    stream.on('data', (a: wire.ProduceStreamResponse__Output) => answers.set(a.id, a));
    const ended = new Promise<void>((resolve, reject) => {
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const batch = encodeRecordBatch({ records: [{ key: null, value: Buffer.from('x'), timestamp: Date.now() }] });
    stream.write({ id: 1, request: { topic: OFFSETS, partition, acks: 'ACKS_ALL', recordBatch: batch } });
    stream.write({ id: 2, request: { topic: DATA, partition: 0, acks: 'ACKS_ALL', recordBatch: batch } });
    stream.write({ id: 3, request: { topic: OFFSETS, partition, acks: 'ACKS_ALL', records: { producerId: -1, records: [{ value: Buffer.from('y') }] } } });
    stream.end();
    await ended;
    expect(answers.get('1')?.error?.code).toBe('UNAUTHORIZED');
    expect(answers.get('3')?.error?.code).toBe('UNAUTHORIZED');
    expect(answers.get('2')?.response?.baseOffset).toBe(dataHw);
    expect(await highWatermark(OFFSETS, partition)).toBe(hwBefore);
    await expectIntact(m);
    expect(allAlive()).toBe(true);
  });

  it('Heartbeat with epoch -1 (leave) naming another member by the id DescribeGroup shows: UNKNOWN_MEMBER; the member stays', async () => {
    const m = await realGroup('leave');
    const d = await groupCall<wire.DescribeGroupResponse__Output>(m.groupId, 'describeGroup', {});
    const shown = d.members[0]!.memberId;
    expect(shown).not.toBe(m.memberId);
    const err = await refusal(groupCall(m.groupId, 'heartbeat', { memberId: shown, memberEpoch: -1, clientId: 'attacker' }));
    expect(err.code).toBe('UNKNOWN_MEMBER');
    expect(err.message).toMatch(/public ids.*Nothing was changed/);
    // A leave without a member id, and one naming nobody, are refused too.
    expect((await refusal(groupCall(m.groupId, 'heartbeat', { memberId: '', memberEpoch: -1, clientId: 'attacker' }))).code).toBe('INVALID_REQUEST');
    expect((await refusal(groupCall(m.groupId, 'heartbeat', { memberId: 'nobody', memberEpoch: -1, clientId: 'attacker' }))).code).toBe('UNKNOWN_MEMBER');
    await expectIntact(m);
    expect(allAlive()).toBe(true);
  });

  it("Heartbeat and commits in another member's name (its shown id and epoch): UNKNOWN_MEMBER; its subscription and offsets stay", async () => {
    const m = await realGroup('impersonate');
    const d = await groupCall<wire.DescribeGroupResponse__Output>(m.groupId, 'describeGroup', {});
    const shown = d.members[0]!;
    const hb = await refusal(groupCall(m.groupId, 'heartbeat', { memberId: shown.memberId, memberEpoch: shown.memberEpoch, clientId: 'attacker', subscribedTopics: ['elsewhere'], sessionTimeoutMs: 1_000 }));
    expect(hb.code).toBe('UNKNOWN_MEMBER');
    const commit = await refusal(groupCall(m.groupId, 'commitOffsets', { memberId: shown.memberId, memberEpoch: shown.memberEpoch, offsets: [{ topic: DATA, partition: 0, offset: 0, metadata: 'attacker' }] }));
    expect(commit.code).toBe('UNKNOWN_MEMBER');
    // A commit from outside the group (no member id) is only for groups with no members.
    const outside = await refusal(groupCall(m.groupId, 'commitOffsets', { memberId: '', memberEpoch: -1, offsets: [{ topic: DATA, partition: 0, offset: 0, metadata: 'attacker' }] }));
    expect(outside.code).toBe('UNKNOWN_MEMBER');
    expect(outside.message).toMatch(/has active members/);
    await expectIntact(m);
    expect(allAlive()).toBe(true);
  });

  it('malformed group requests (oversized ids, bad epochs, bad offsets) get clear errors; the coordinator and the real member carry on', async () => {
    const m = await realGroup('garbage');
    const cases: [string, object, string][] = [
      // A member id no record could hold: once added the member in memory, failed the write, and kept it there.
      ['heartbeat', { memberId: 'm'.repeat(70_000), memberEpoch: 0, clientId: 'x', subscribedTopics: [DATA] }, 'INVALID_REQUEST'],
      ['heartbeat', { memberId: m.memberId, memberEpoch: -7, clientId: 'x' }, 'INVALID_REQUEST'],
      ['heartbeat', { memberId: m.memberId, memberEpoch: 2 ** 31 - 1, clientId: 'real' }, 'FENCED'],
      ['commitOffsets', { memberId: 'm'.repeat(70_000), memberEpoch: 1, offsets: [] }, 'INVALID_REQUEST'],
      ['resetOffsets', { topic: DATA, toEarliest: true }, 'GROUP_NOT_EMPTY'],
      ['deleteGroup', {}, 'GROUP_NOT_EMPTY'],
    ];
    for (const [method, request, code] of cases) {
      const err = await refusal(groupCall(m.groupId, method, request));
      expect(err.code, `${method} ${JSON.stringify(request).slice(0, 60)}`).toBe(code);
      expect(err.message.length).toBeGreaterThan(20);
    }
    const bad = await groupCall<wire.CommitOffsetsResponse__Output>(m.groupId, 'commitOffsets', {
      memberId: m.memberId,
      memberEpoch: m.epoch,
      offsets: [
        { topic: DATA, partition: 0, offset: -3, metadata: '' },
        { topic: 'x'.repeat(70_000), partition: 0, offset: 1, metadata: '' },
      ],
    });
    expect(bad.results.map((r) => r.error?.code)).toEqual(['INVALID_REQUEST', 'INVALID_REQUEST']);
    const longGroup = await refusal(call(stub('GroupService', live()[0]!), 'findCoordinator', { groupId: 'g'.repeat(70_000) }));
    expect(longGroup.code).toBe('INVALID_REQUEST');
    await expectIntact(m);
    expect(allAlive()).toBe(true);
  });

  it('a 6 MiB ListOffsets of 3 M empty entries (tens of millions of objects once decoded): MESSAGE_TOO_LARGE, never decoded; the node carries on', async () => {
    const node = cluster.nodes[0]!;
    // Field 1 (partitions), length 0, over and over: 2 bytes per decoded object.
    const body = Buffer.alloc(6 * 1024 * 1024, Buffer.from([0x0a, 0x00]));
    const raw = stub('FetchService', node.address);
    const err = await new Promise<grpc.ServiceError | null>((resolve) =>
      raw.makeUnaryRequest('/eddy.v1.FetchService/ListOffsets', (b: Buffer) => b, (b: Buffer) => b, body, { deadline: Date.now() + 20_000 }, (e) => resolve(e)),
    );
    expect(err?.metadata.get('eddy-error-code')[0]).toBe('MESSAGE_TOO_LARGE');
    expect(err?.details).toMatch(/over its 4194304-byte limit/);
    // The same node still answers a real request, and everyone is alive.
    const r = await call<wire.ListOffsetsResponse__Output>(stub('FetchService', node.address), 'listOffsets', { partitions: [{ topic: DATA, partition: 0, spec: 'OFFSET_SPEC_LATEST' }] });
    expect(r.partitions).toHaveLength(1);
    expect(allAlive()).toBe(true);
  });
});
