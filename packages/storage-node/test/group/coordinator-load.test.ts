// Defence in depth for the group coordinator's load (one node, real LevelDB):
// records in __consumer_offsets that it cannot decode, or whose values it
// never writes, are skipped with a warning when a coordinator loads the
// partition; they never make the partition's groups unavailable, and the
// groups' real state (committed offsets, members) survives them. Clients
// cannot produce there (ProduceService refuses "__" topics), so the damage is
// appended straight to the replica, as only a bug or a damaged disk could.
import { BATCH_HEADER_SIZE, computeBatchCrc, encodeRecordBatch, readBatchHeader, type Logger } from '@eddy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCoordinator, MAX_GROUP_ID_BYTES } from '../../src/group/group-coordinator.js';
import { CONSUMER_OFFSETS_TOPIC, RecordKind, encodeKey, encodeMemberValue, encodeOffsetValue, type OffsetsKey } from '../../src/group/offsets-codec.js';
import type { PartitionReplica } from '../../src/partition/partition-replica.js';
import { TestCluster, waitFor } from '../helpers.js';

const DATA = 'load-data';
let cluster: TestCluster;
const coordinators: GroupCoordinator[] = [];

beforeAll(async () => {
  cluster = new TestCluster([1], [
    { topic: CONSUMER_OFFSETS_TOPIC, topicId: 'CO', partitions: [[1]], configs: { 'cleanup.policy': 'compact' } },
    { topic: DATA, topicId: 'LD', partitions: [[1], [1]] },
  ]);
  await cluster.start();
  await cluster.waitLeader(CONSUMER_OFFSETS_TOPIC, 0);
});

afterAll(async () => {
  for (const c of coordinators) c.stop();
  await cluster?.stop();
});

/** A logger that keeps warnings (the test checks the skipped records were reported). */
function recordingLogger(warnings: string[]): Logger {
  const logger = {
    child: () => logger,
    warn: (_obj: unknown, msg?: string) => void warnings.push(msg ?? ''),
    info: () => undefined,
    debug: () => undefined,
    error: () => undefined,
    trace: () => undefined,
    fatal: () => undefined,
  };
  return logger as unknown as Logger;
}

function startCoordinator(warnings: string[] = []): GroupCoordinator {
  const node = cluster.nodes[0]!;
  const c = new GroupCoordinator({ nodeId: 1, replicas: node.plane.replicas, catalog: node.catalog, tickMs: 20, minSessionTimeoutMs: 500, maxSessionTimeoutMs: 2_000, logger: recordingLogger(warnings) });
  coordinators.push(c);
  c.start();
  return c;
}

const loaded = (c: GroupCoordinator) => waitFor('the coordinator to load', () => c.commitOffsets({ groupId: 'probe', memberId: '', memberEpoch: 0, offsets: [] }).then(() => true, () => false));

function offsetsReplica(): PartitionReplica {
  return cluster.nodes[0]!.plane.replicas.replica(CONSUMER_OFFSETS_TOPIC, 0);
}

async function appendRaw(batch: Buffer): Promise<void> {
  await offsetsReplica().append(batch, readBatchHeader(batch), { acks: 'all', timeoutMs: 5_000 });
}

const rec = (key: Buffer | null, value: Buffer | null) => ({ key, value, timestamp: Date.now() });
const json = (v: unknown) => Buffer.concat([Buffer.from([0]), Buffer.from(JSON.stringify(v))]);
const key = (k: OffsetsKey) => encodeKey(k);

describe('loading __consumer_offsets past records the coordinator cannot use', () => {
  it('skips an undecodable batch and unusable records with a warning; the groups, their offsets and members stay available', async () => {
    const first = startCoordinator();
    await loaded(first);
    // Real state: a member of "orders" that committed, and a standalone commit of an empty group.
    const joined = await first.heartbeat({ groupId: 'orders', memberId: '', memberEpoch: 0, clientId: 'real', subscribedTopics: [DATA], ownedPartitions: new Set(), sessionTimeoutMs: 30_000 });
    const ownedKeys = new Set(joined.assignment);
    const again = await first.heartbeat({ groupId: 'orders', memberId: joined.memberId, memberEpoch: joined.memberEpoch, clientId: 'real', subscribedTopics: [], ownedPartitions: ownedKeys, sessionTimeoutMs: 30_000 });
    expect(again.assignment).toHaveLength(2);
    await first.commitOffsets({ groupId: 'orders', memberId: joined.memberId, memberEpoch: again.memberEpoch, offsets: [{ topic: DATA, partition: 0, offset: 7n, metadata: 'm' }, { topic: DATA, partition: 1, offset: 9n, metadata: '' }] });
    await first.commitOffsets({ groupId: 'standalone', memberId: '', memberEpoch: -1, offsets: [{ topic: DATA, partition: 0, offset: 3n, metadata: '' }] });
    first.stop();

    // 1. A batch whose CRC is right but whose records are not records.
    const garbled = encodeRecordBatch({ records: [rec(Buffer.from('k'), Buffer.from('v')), rec(Buffer.from('k2'), Buffer.from('v2'))] });
    garbled.fill(0xff, BATCH_HEADER_SIZE);
    garbled.writeUInt32BE(computeBatchCrc(garbled), 17);
    await appendRaw(garbled);
    // 2. Records with unreadable keys or values, and values the coordinator never writes.
    await appendRaw(
      encodeRecordBatch({
        records: [
          rec(Buffer.from([9, 9, 9]), Buffer.from('x')),
          rec(Buffer.from('not a key at all'), null),
          rec(key({ kind: RecordKind.group, groupId: 'orders' }), Buffer.from('{')),
          rec(key({ kind: RecordKind.group, groupId: 'orders' }), json({ groupEpoch: 1e300 })),
          rec(key({ kind: RecordKind.group, groupId: 'orders' }), json(null)),
          rec(key({ kind: RecordKind.offset, groupId: 'orders', topic: DATA, partition: 1 }), encodeOffsetValue({ offset: -5n, metadata: '', commitTimestamp: 0 })),
          rec(key({ kind: RecordKind.offset, groupId: 'orders', topic: DATA, partition: 0 }), Buffer.from([0, 1])),
          rec(key({ kind: RecordKind.member, groupId: 'orders', memberId: 'ghost-nan' }), json({ clientId: 'x', subscribedTopics: [DATA], sessionTimeoutMs: 1e300, target: [] })),
        ],
      }),
    );
    // 3. A member record the coordinator could have written, but with a session of ~35 years: held to this coordinator's bounds.
    await appendRaw(encodeRecordBatch({ records: [rec(key({ kind: RecordKind.member, groupId: 'orders', memberId: 'ghost' }), encodeMemberValue({ clientId: 'ghost', subscribedTopics: [DATA], sessionTimeoutMs: 2 ** 40, target: [] }))] }));

    // A new coordinator loads the partition (what a failover does).
    const warnings: string[] = [];
    const second = startCoordinator(warnings);
    await loaded(second);
    expect(warnings).toContain('skipping an undecodable __consumer_offsets batch');
    expect(warnings.filter((w) => w.startsWith('skipping an unreadable __consumer_offsets')).length).toBeGreaterThanOrEqual(7);
    expect(second.fetchOffsets('orders', [])).toEqual([
      { topic: DATA, partition: 0, offset: 7n, metadata: 'm' },
      { topic: DATA, partition: 1, offset: 9n, metadata: '' },
    ]);
    expect(second.fetchOffsets('standalone', [])).toEqual([{ topic: DATA, partition: 0, offset: 3n, metadata: '' }]);
    const described = await second.describeGroup('orders');
    expect(described.members.map((m) => m.clientId).sort()).toEqual(['ghost', 'real']);
    // The real member carries on with its own id; the ghost expires within the coordinator's longest session.
    const back = await second.heartbeat({ groupId: 'orders', memberId: joined.memberId, memberEpoch: described.groupEpoch, clientId: 'real', subscribedTopics: [], ownedPartitions: ownedKeys, sessionTimeoutMs: 30_000 });
    expect(back.memberId).toBe(joined.memberId);
    await waitFor('the ghost member to expire', async () => (await second.describeGroup('orders')).members.every((m) => m.clientId !== 'ghost'), 5_000);
  });
  it('refuses input its records could not hold (a group id past the limit, a commit for a name no topic can have) before changing anything', async () => {
    const c = coordinators.at(-1)!;
    const longGroup = 'g'.repeat(MAX_GROUP_ID_BYTES + 1);
    await expect(c.heartbeat({ groupId: longGroup, memberId: '', memberEpoch: 0, clientId: 'c', subscribedTopics: [DATA], ownedPartitions: new Set(), sessionTimeoutMs: 1_000 })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(c.commitOffsets({ groupId: longGroup, memberId: '', memberEpoch: -1, offsets: [] })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(c.listGroups().map((g) => g.groupId)).not.toContain(longGroup);
    const results = await c.commitOffsets({
      groupId: 'names',
      memberId: '',
      memberEpoch: -1,
      offsets: [
        { topic: 't'.repeat(70_000), partition: 0, offset: 1n, metadata: '' },
        { topic: DATA, partition: 1, offset: 2n, metadata: '' },
      ],
    });
    expect(results.map((r) => r.error?.code)).toEqual(['INVALID_REQUEST', undefined]);
    expect(c.fetchOffsets('names', [])).toEqual([{ topic: DATA, partition: 1, offset: 2n, metadata: '' }]);
  });
});
