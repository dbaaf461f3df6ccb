// The elastic cluster through the controller's gRPC services (a real server
// on 127.0.0.1 with the in-memory log and a manual clock; storage nodes are
// played by this test through ControllerService): reassignment with its
// status, completion from leader reports and cancel; decommission, Rebalance
// and ListNodes; healing after the replacement timeout; the automatic run on
// registration; the controller voter RPCs' refusal; the new metrics.
import type { wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../test/support/harness.js';
import type { ControllerOptions } from '../src/service/controller.js';
import { CARRY_IN_SYNC_MS } from '../src/service/partition-reports.js';
import { heartbeatReq, leaderEntry, registerReq } from './controller-fixture.js';
import { call, expectEddyError, startGrpcController, type GrpcHarness } from './grpc-fixture.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Harness extends GrpcHarness {
  epochs: Map<number, string>;
}

function startServer(options: Partial<ControllerOptions> = {}): Promise<Harness> {
  return startGrpcController(cleanups, options).then((h) => ({ ...h, epochs: new Map() }));
}

async function register(h: Harness, ids: number[], rack = (id: number) => `rack-${id}`): Promise<void> {
  for (const id of ids) {
    const res = await call<wire.RegisterNodeResponse__Output>(h.nodes, 'RegisterNode', registerReq(id, rack(id)));
    h.epochs.set(id, res.nodeEpoch);
  }
}

/** A storage node's leader report for one partition, with its group's configuration. */
function reportLeader(h: Harness, nodeId: number, topicId: string, partition: number, leaderEpoch: number, extra: Partial<wire.PartitionLeader__Output> = {}): Promise<unknown> {
  return call(h.nodes, 'ReportLeaders', { nodeId, nodeEpoch: h.epochs.get(nodeId), leaders: [leaderEntry(topicId, partition, nodeId, leaderEpoch, extra)] });
}

const describeTopic = async (h: Harness, name: string) => (await call<wire.DescribeTopicResponse__Output>(h.admin, 'DescribeTopic', { name })).topic!;
const listNodes = async (h: Harness) => (await call<wire.ListNodesResponse__Output>(h.admin, 'ListNodes', {})).nodes;
const listMoves = async (h: Harness) => (await call<wire.ListPartitionReassignmentsResponse__Output>(h.admin, 'ListPartitionReassignments', {})).reassignments;

async function metric(h: Harness, name: string, labels = ''): Promise<number> {
  const text = await h.fixture.registry.metrics();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `));
  return Number(line?.split(' ')[1]);
}

describe('reassignment over gRPC', () => {
  it('starts a move, shows its progress, completes it from the leader report and cancels another', async () => {
    const h = await startServer();
    await register(h, [1, 2, 3, 4]);
    const created = await call<wire.CreateTopicResponse__Output>(h.admin, 'CreateTopic', { name: 'moves', partitions: 2, replicationFactor: 2 });
    const topicId = created.topic!.topicId;
    const [p0, p1] = created.topic!.partitions as [wire.PartitionDescription__Output, wire.PartitionDescription__Output];
    const leader = p0.replicas[0]!;
    await reportLeader(h, leader, topicId, 0, 1, { voters: p0.replicas, caughtUp: p0.replicas, sizeBytes: '5000' });
    const others = [1, 2, 3, 4].filter((id) => !p0.replicas.includes(id));
    const target = [leader, others[0]!];

    // Refusals are typed and change nothing.
    await expectEddyError(call(h.admin, 'AlterPartitionReassignments', { reassignments: [{ topic: 'moves', partition: 0, replicas: [leader, 9] }] }), 'UNKNOWN_NODE', /node 9 is not registered/);
    await expectEddyError(call(h.admin, 'AlterPartitionReassignments', { reassignments: [{ topic: 'moves', partition: 5, replicas: target }] }), 'UNKNOWN_PARTITION');
    await expectEddyError(call(h.admin, 'AlterPartitionReassignments', { reassignments: [{ topic: 'moves', partition: 0, replicas: [leader, leader] }] }), 'INVALID_REPLICA_ASSIGNMENT', /listed twice/);
    const dry = await call<wire.AlterPartitionReassignmentsResponse__Output>(h.admin, 'AlterPartitionReassignments', { reassignments: [{ topic: 'moves', partition: 0, replicas: target }], validateOnly: true });
    expect(dry.reassignments[0]).toMatchObject({ targetReplicas: target, addingReplicas: [others[0]], removingReplicas: [p0.replicas[1]] });
    expect(await listMoves(h)).toEqual([]);

    const started = await call<wire.AlterPartitionReassignmentsResponse__Output>(h.admin, 'AlterPartitionReassignments', { reassignments: [{ topic: 'moves', partition: 0, replicas: target }] });
    expect(started.reassignments[0]).toMatchObject({ topic: 'moves', partition: 0, replicas: p0.replicas, targetReplicas: target, leaderId: leader });
    const described = (await describeTopic(h, 'moves')).partitions[0]!;
    expect(described).toMatchObject({ targetReplicas: target, addingReplicas: [others[0]], removingReplicas: [p0.replicas[1]] });
    const meta = await call<wire.GetMetadataResponse__Output>(h.metadata, 'GetMetadata', { topics: ['moves'] });
    expect(meta.topics[0]!.partitions[0]!.targetReplicas).toEqual(target);
    expect((await call<wire.DescribeClusterResponse__Output>(h.admin, 'DescribeCluster', {})).reassigningPartitionCount).toBe(1);
    expect(await metric(h, 'eddy_controller_reassignments_in_progress')).toBe(1);

    // The leader adds the new replica as a learner and reports how far behind it is.
    await reportLeader(h, leader, topicId, 0, 1, { voters: p0.replicas, learners: [others[0]!], caughtUp: p0.replicas, bytesBehind: { [others[0]!]: '1200' }, sizeBytes: '5000' });
    expect((await listMoves(h))[0]).toMatchObject({ topic: 'moves', partition: 0, bytesBehind: { [others[0]!]: '1200' } });
    expect(await metric(h, 'eddy_controller_reassignment_bytes_remaining')).toBe(1200);
    // In-sync comes from the report: the learner is not caught up yet.
    expect((await describeTopic(h, 'moves')).partitions[0]!.inSyncReplicas).toEqual(p0.replicas);
    // A report from an older leader epoch cannot complete it.
    await reportLeader(h, leader, topicId, 0, 0, { voters: target });
    expect(await listMoves(h)).toHaveLength(1);

    // The group reaches the target: the controller completes the move.
    await reportLeader(h, leader, topicId, 0, 1, { voters: target, caughtUp: target, sizeBytes: '5000' });
    expect(await listMoves(h)).toEqual([]);
    expect((await describeTopic(h, 'moves')).partitions[0]).toMatchObject({ replicas: target, targetReplicas: [], inSyncReplicas: target, underReplicated: false });
    expect(await metric(h, 'eddy_controller_reassignments_in_progress')).toBe(0);

    // Cancel: partition 1 goes back to its replicas, and completes when its leader reports them.
    const l1 = p1.replicas[0]!;
    await reportLeader(h, l1, topicId, 1, 1, { voters: p1.replicas });
    const away = [1, 2, 3, 4].filter((id) => !p1.replicas.includes(id));
    await call(h.admin, 'AlterPartitionReassignments', { reassignments: [{ topic: 'moves', partition: 1, replicas: [l1, away[0]!] }] });
    const cancelled = await call<wire.AlterPartitionReassignmentsResponse__Output>(h.admin, 'AlterPartitionReassignments', { reassignments: [{ topic: 'moves', partition: 1, replicas: [] }] });
    expect(cancelled.reassignments[0]).toMatchObject({ replicas: p1.replicas, targetReplicas: p1.replicas, addingReplicas: [], removingReplicas: [] });
    await reportLeader(h, l1, topicId, 1, 1, { voters: p1.replicas });
    expect(await listMoves(h)).toEqual([]);
    expect((await describeTopic(h, 'moves')).partitions[1]!.replicas).toEqual(p1.replicas);
  });
});

describe('in-sync replicas across a leader change', () => {
  it("a new leader's first report keeps what the previous one had in sync for CARRY_IN_SYNC_MS; then its own view counts", async () => {
    const h = await startServer();
    await register(h, [1, 2, 3]);
    const created = await call<wire.CreateTopicResponse__Output>(h.admin, 'CreateTopic', { name: 'isr', partitions: 1, replicationFactor: 3 });
    const topicId = created.topic!.topicId;
    const replicas = created.topic!.partitions[0]!.replicas;
    const [first, second, third] = replicas as [number, number, number];
    const under = async () => (await call<wire.DescribeClusterResponse__Output>(h.admin, 'DescribeCluster', {})).underReplicatedPartitionCount;
    // The first leader has the second replica in sync, the third not.
    await reportLeader(h, first, topicId, 0, 1, { voters: replicas, caughtUp: [second] });
    expect((await describeTopic(h, 'isr')).partitions[0]).toMatchObject({ leaderId: first, inSyncReplicas: [first, second], underReplicated: true });

    // Leadership moves to the second replica, whose first report names only itself.
    await reportLeader(h, second, topicId, 0, 2, { voters: replicas, caughtUp: [] });
    expect((await describeTopic(h, 'isr')).partitions[0]).toMatchObject({ leaderId: second, leaderEpoch: 2, inSyncReplicas: [first, second], underReplicated: true });
    // Once it has heard from every follower it says so, and that counts at once.
    await reportLeader(h, second, topicId, 0, 2, { voters: replicas, caughtUp: [first, third] });
    expect((await describeTopic(h, 'isr')).partitions[0]).toMatchObject({ inSyncReplicas: replicas, underReplicated: false });
    expect(await under()).toBe(0);

    // Another change: what the last leader had in sync carries over, and only for CARRY_IN_SYNC_MS.
    await reportLeader(h, third, topicId, 0, 3, { voters: replicas, caughtUp: [] });
    expect((await describeTopic(h, 'isr')).partitions[0]).toMatchObject({ leaderId: third, inSyncReplicas: replicas, underReplicated: false });
    expect(await under()).toBe(0);
    // A node that registered again since (it restarted, and may have lost or not yet repaired data) is not carried.
    const again = await call<wire.RegisterNodeResponse__Output>(h.nodes, 'RegisterNode', registerReq(first, `rack-${first}`, `inc-${first}-restarted`));
    expect(again.nodeEpoch).not.toBe(h.epochs.get(first));
    expect((await describeTopic(h, 'isr')).partitions[0]).toMatchObject({ inSyncReplicas: [second, third], underReplicated: true });
    h.fixture.clock.now += CARRY_IN_SYNC_MS;
    expect((await describeTopic(h, 'isr')).partitions[0]).toMatchObject({ inSyncReplicas: [third], underReplicated: true });
    expect(await under()).toBe(1);
  });
});

describe('decommission, Rebalance and ListNodes over gRPC', () => {
  it('refuses when too few nodes remain; moves replicas off a decommissioned node until it is empty; recommission takes it back', async () => {
    const h = await startServer();
    await register(h, [1, 2, 3]);
    const created = await call<wire.CreateTopicResponse__Output>(h.admin, 'CreateTopic', { name: 'decom', partitions: 3, replicationFactor: 3 });
    await expectEddyError(call(h.admin, 'DecommissionNode', { nodeId: 1 }), 'NOT_ENOUGH_REPLICAS', /only 2 other storage nodes would remain .* add 1 storage node first/);
    await expectEddyError(call(h.admin, 'DecommissionNode', { nodeId: 42 }), 'UNKNOWN_NODE');
    await register(h, [4]);
    const decommissioned = await call<wire.DecommissionNodeResponse__Output>(h.admin, 'DecommissionNode', { nodeId: 1 });
    expect(decommissioned.node).toMatchObject({ nodeId: 1, state: 'NODE_STATE_DECOMMISSIONING', replicaCount: 3 });
    const cluster = await call<wire.DescribeClusterResponse__Output>(h.admin, 'DescribeCluster', {});
    expect(cluster.nodes.find((n) => n.nodeId === 1)!.state).toBe('NODE_STATE_DECOMMISSIONING');

    // A dry run plans the moves and starts none; max_moves bounds them.
    const dry = await call<wire.RebalanceResponse__Output>(h.admin, 'Rebalance', { dryRun: true, maxMoves: 2 });
    expect(dry.started).toBe(false);
    expect(dry.moves).toHaveLength(2);
    for (const m of dry.moves) {
      expect(m.reason).toBe('decommission');
      expect(m.toReplicas).not.toContain(1);
      expect(m.toReplicas).toContain(4);
    }
    expect(await listMoves(h)).toEqual([]);
    await expectEddyError(call(h.admin, 'Rebalance', { maxMoves: -1 }), 'INVALID_REQUEST', /max_moves -1 is out of range/);

    const run = await call<wire.RebalanceResponse__Output>(h.admin, 'Rebalance', { maxMoves: 10 });
    expect(run.started).toBe(true);
    expect(run.moves).toHaveLength(3);
    const moving = await listMoves(h);
    expect(moving).toHaveLength(3);
    // Moves in progress count against the limit: a second run plans nothing.
    expect((await call<wire.RebalanceResponse__Output>(h.admin, 'Rebalance', { maxMoves: 3 })).moves).toEqual([]);
    // Each partition's leader completes its move.
    for (const m of moving) {
      const newLeader = m.targetReplicas[0]!;
      await reportLeader(h, newLeader, created.topic!.topicId, m.partition, 2, { voters: m.targetReplicas, caughtUp: m.targetReplicas, sizeBytes: '100' });
    }
    expect(await listMoves(h)).toEqual([]);
    const nodes = await listNodes(h);
    expect(nodes.find((n) => n.nodeId === 1)).toMatchObject({ state: 'NODE_STATE_DECOMMISSIONED', replicaCount: 0, leaderCount: 0 });
    expect(nodes.find((n) => n.nodeId === 4)).toMatchObject({ state: 'NODE_STATE_ACTIVE', replicaCount: 3, diskUsedBytes: '300' });
    expect(await metric(h, 'eddy_controller_nodes', '{state="decommissioned"}')).toBe(1);

    const back = await call<wire.RecommissionNodeResponse__Output>(h.admin, 'RecommissionNode', { nodeId: 1 });
    expect(back.node!.state).toBe('NODE_STATE_ACTIVE');
  });

  it('ListNodes shows disk figures from heartbeats, leader counts and how long a node has been offline', async () => {
    const h = await startServer();
    await register(h, [1, 2]);
    const created = await call<wire.CreateTopicResponse__Output>(h.admin, 'CreateTopic', { name: 'disk', partitions: 1, replicationFactor: 2 });
    const leader = created.topic!.partitions[0]!.replicas[0]!;
    await reportLeader(h, leader, created.topic!.topicId, 0, 1, { voters: [1, 2], caughtUp: [1, 2], sizeBytes: '4096' });
    await call(h.nodes, 'NodeHeartbeat', heartbeatReq(1, Number(h.epochs.get(1)), false, { free: 1000, total: 5000 }));
    // Nonsense figures (free above total) are dropped.
    await call(h.nodes, 'NodeHeartbeat', heartbeatReq(2, Number(h.epochs.get(2)), false, { free: 9000, total: 5000 }));
    const { controller, clock } = h.fixture;
    clock.now += 500;
    await call(h.nodes, 'NodeHeartbeat', heartbeatReq(1, Number(h.epochs.get(1)), false, { free: 1000, total: 5000 }));
    clock.now += 700;
    await controller.tick(clock.now); // node 2 expired
    clock.now += 3000;
    const nodes = await listNodes(h);
    expect(nodes.find((n) => n.nodeId === 1)).toMatchObject({ online: true, diskFreeBytes: '1000', diskTotalBytes: '5000', diskUsedBytes: '4096', offlineMs: '0', leaderCount: leader === 1 ? 1 : 0 });
    expect(nodes.find((n) => n.nodeId === 2)).toMatchObject({ online: false, diskFreeBytes: '0', diskTotalBytes: '0', offlineMs: '3000', leaderCount: 0 });
  });
});

describe('the balancer in the active controller', () => {
  it('heals replicas of a node offline past node.replacement.timeout.ms, and not before', async () => {
    const h = await startServer({ nodeReplacementTimeoutMs: 60_000 });
    await register(h, [1, 2, 3, 4]);
    await call(h.admin, 'CreateTopic', { name: 'heal', partitions: 4, replicationFactor: 3 });
    const { controller, clock } = h.fixture;
    const beatAll = () => Promise.all([1, 2, 3].map((id) => call(h.nodes, 'NodeHeartbeat', heartbeatReq(id, Number(h.epochs.get(id))))));
    clock.now += 1500;
    await beatAll();
    expect(await controller.tick(clock.now)).toEqual([4]);
    clock.now += 59_000;
    await beatAll();
    await controller.tick(clock.now);
    const early = await controller.runBalancer();
    expect(early!.moves.filter((m) => m.reason === 'heal')).toEqual([]);
    clock.now += 1_000;
    await beatAll();
    await controller.tick(clock.now);
    const plan = (await controller.runBalancer())!;
    const onFour = (await describeTopic(h, 'heal')).partitions.filter((p) => p.replicas.includes(4)).length;
    expect(plan.moves.filter((m) => m.reason === 'heal')).toHaveLength(Math.min(onFour, 4));
    for (const m of plan.moves) expect(m.to).not.toContain(4);
    expect(await listMoves(h)).toHaveLength(plan.moves.length);
  });

  it('runs on registration: a joining node lets __consumer_offsets grow to the default replication factor', async () => {
    // A long interval: only the registration triggers the run.
    const h = await startServer({ balancerIntervalMs: 3_600_000 });
    await register(h, [1]);
    await h.fixture.controller.createTopic({ name: '__consumer_offsets', partitions: 2, replicationFactor: 1, configs: {}, validateOnly: false }, { internal: true });
    const topicId = h.fixture.controller.image.topicsByName.get('__consumer_offsets')!.topicId;
    const growTo = async (nodes: number[]) => {
      await register(h, [nodes[nodes.length - 1]!]);
      const moves = await waitFor(`the internal topic to grow to ${nodes.length} replicas`, async () => {
        const list = (await listMoves(h)).filter((m) => m.topic === '__consumer_offsets');
        return list.length === 2 && list.every((m) => m.targetReplicas.length === nodes.length) && list;
      });
      // Each partition's leader (node 1, kept first) reports its group at the target.
      for (const m of moves) {
        expect(m.targetReplicas[0]).toBe(1);
        expect([...m.targetReplicas].sort()).toEqual(nodes);
        await reportLeader(h, 1, topicId, m.partition, 1, { voters: m.targetReplicas });
      }
      expect(await listMoves(h)).toEqual([]);
    };
    await growTo([1, 2]);
    await growTo([1, 2, 3]);
    // At the default replication factor it stops: a fourth node brings no growth.
    await register(h, [4]);
    const plan = await h.fixture.controller.runBalancer();
    expect(plan!.moves.filter((m) => m.reason === 'replication-factor')).toEqual([]);
  });

  it('controller quorum changes on a log that cannot change its membership answer a clear refusal', async () => {
    // The in-memory log has a fixed membership; the Raft log's changes are tested with real processes (test/elastic/controller-replace.test.ts).
    const h = await startServer();
    await expectEddyError(call(h.admin, 'AddControllerVoter', { nodeId: 5, internalAddress: '127.0.0.1:9093' }), 'INVALID_REQUEST', /cannot change its membership/);
    await expectEddyError(call(h.admin, 'RemoveControllerVoter', { nodeId: 5 }), 'INVALID_REQUEST', /cannot change its membership/);
  });
});
