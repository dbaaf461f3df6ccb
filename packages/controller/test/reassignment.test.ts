// The elastic cluster's commands (docs/architecture.md §12): reassignments and
// their cancel, completion from leader reports, decommission and
// recommission, the balancer's planned moves, and the records behind them.
// Every command is pure: (image, request) → records or a typed error; a
// refusal appends nothing.
import {
  InvalidReplicaAssignmentError,
  InvalidRequestError,
  NotEnoughReplicasError,
  UnknownNodeError,
  UnknownPartitionError,
  UnknownTopicError,
  type wire,
} from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { createTopic } from '../src/commands/create-topic.js';
import { createPartitions } from '../src/commands/create-partitions.js';
import { decommissionNode, recommissionNode } from '../src/commands/decommission-node.js';
import { fenceNode } from '../src/commands/node-heartbeat.js';
import { alterPartitionReassignments, startPlannedMoves } from '../src/commands/reassign-partitions.js';
import { reachedTarget, reportLeaders } from '../src/commands/report-leaders.js';
import { applyRecord } from '../src/metadata/apply-record.js';
import { ImageFork } from '../src/metadata/image-fork.js';
import { cloneImage, type MetadataImage } from '../src/metadata/image.js';
import { records } from '../src/metadata/records.js';
import { imageFromRecords, imageToRecords } from '../src/metadata/snapshot.js';
import { nodeStateOf } from '../src/metadata/views.js';
import { applyAll, imageWithNodes, must, seededBytes } from './helpers.js';

/** Nodes 1..n and topic "orders" whose partitions have the given replicas. */
function cluster(n: number, partitions: number[][], racks: string[] = ['']): { image: MetadataImage; topicId: string } {
  const image = imageWithNodes(n, racks);
  applyAll(image, [records.topicCreated('orders', 'T1', partitions[0]!.length, {}), ...partitions.map((r, p) => records.partition('T1', p, r))]);
  return { image, topicId: 'T1' };
}

const epochOf = (image: MetadataImage, id: number) => image.nodes.get(id)!.epoch;
const part = (image: MetadataImage, p = 0) => image.topicsByName.get('orders')!.partitions[p]!;

/** A leader's report of its group's configuration. */
function report(image: MetadataImage, nodeId: number, leaderEpoch: number, config: { voters: number[]; learners?: number[]; caughtUp?: number[]; bytesBehind?: Record<number, string>; sizeBytes?: string; log?: wire.PartitionLogInfo__Output }, partition = 0) {
  return reportLeaders(image, {
    nodeId,
    epoch: epochOf(image, nodeId),
    leaders: [{ topicId: 'T1', partition, leaderId: nodeId, leaderEpoch, learners: [], caughtUp: [], bytesBehind: {}, sizeBytes: '0', ...config }],
  });
}

function expectRefused(result: { ok: boolean } & ({ ok: true } | { ok: false; error: Error }), type: new (...args: never[]) => Error, message?: RegExp): void {
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error).toBeInstanceOf(type);
  if (message) expect(result.error.message).toMatch(message);
}

describe('alterPartitionReassignments', () => {
  it('records the target; the group keeps its replicas, and every node in either set counts a replica', () => {
    const { image } = cluster(4, [[1, 2, 3]]);
    const out = must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [4, 2, 3] }]));
    expect(out.records).toEqual([records.partition('T1', 0, [1, 2, 3], [4, 2, 3], true)]);
    expect(out.value).toEqual([{ topic: 'orders', topicId: 'T1', partition: 0, replicas: [1, 2, 3], targetReplicas: [4, 2, 3] }]);
    applyAll(image, out.records);
    expect(part(image)).toMatchObject({ replicas: [1, 2, 3], targetReplicas: [4, 2, 3] });
    expect([1, 2, 3, 4].map((id) => image.replicaLoad.get(id)?.replicas)).toEqual([1, 1, 1, 1]);
    // The preferred leader is the target's first while the move is in progress.
    expect(image.replicaLoad.get(4)!.leaders).toBe(1);
    expect(image.replicaLoad.get(1)!.leaders).toBe(0);
  });

  it('a new target replaces a move in progress; the same target again changes nothing', () => {
    const { image } = cluster(5, [[1, 2, 3]]);
    applyAll(image, must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [4, 2, 3] }])).records);
    const again = must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [4, 2, 3] }]));
    expect(again.records).toEqual([]);
    const replaced = must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [5, 2, 3] }]));
    expect(replaced.records).toEqual([records.partition('T1', 0, [1, 2, 3], [5, 2, 3], true)]);
    applyAll(image, replaced.records);
    expect(image.replicaLoad.get(4)).toBeUndefined();
  });

  it('a reordered replica set with no move in progress only changes the preferred leader, directly', () => {
    const { image } = cluster(3, [[1, 2, 3]]);
    const out = must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [3, 1, 2] }]));
    // The order is now the operator's (pinned): the balancer's leader phase leaves it alone.
    expect(out.records).toEqual([records.partition('T1', 0, [3, 1, 2], [], true)]);
    // Asking for the order it has pins it too; once pinned, asking again changes nothing.
    const same = must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [1, 2, 3] }]));
    expect(same.records).toEqual([records.partition('T1', 0, [1, 2, 3], [], true)]);
    applyAll(image, same.records);
    expect(part(image)).toMatchObject({ replicas: [1, 2, 3], orderPinned: true });
    expect(must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [1, 2, 3] }])).records).toEqual([]);
  });

  it('may grow or shrink a partition: the replica count is the list length', () => {
    const { image } = cluster(3, [[1]]);
    const grow = must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [1, 2, 3] }]));
    expect(grow.records).toEqual([records.partition('T1', 0, [1], [1, 2, 3], true)]);
  });

  it('cancel (an empty list) sends the group back to its replicas; cancelling no move is a no-op answered with the status', () => {
    const { image } = cluster(4, [[1, 2, 3]]);
    const none = must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [] }]));
    expect(none.records).toEqual([]);
    expect(none.value[0]).toMatchObject({ replicas: [1, 2, 3], targetReplicas: [] });
    applyAll(image, must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [4, 2, 3] }])).records);
    const cancel = must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [] }]));
    expect(cancel.records).toEqual([records.partition('T1', 0, [1, 2, 3], [1, 2, 3], true)]);
    applyAll(image, cancel.records);
    // Node 4 may already hold a learner: it stops hosting only when the cancel completes.
    expect(image.replicaLoad.get(4)).toBeUndefined();
    applyAll(image, [records.partitionLeader('T1', 0, 1, 1)]);
    const back = must(report(image, 1, 1, { voters: [1, 2, 3] }));
    expect(back.records).toEqual([records.partition('T1', 0, [1, 2, 3], [], true)]);
  });

  it.each([
    ['an unknown topic', [{ topic: 'nope', partition: 0, replicas: [1] }], UnknownTopicError, /topic "nope" does not exist/],
    ['an unknown partition', [{ topic: 'orders', partition: 7, replicas: [1] }], UnknownPartitionError, /no partition 7; its partitions are 0 to 0/],
    ['a negative partition', [{ topic: 'orders', partition: -1, replicas: [1] }], UnknownPartitionError, /no partition -1/],
    ['a node listed twice', [{ topic: 'orders', partition: 0, replicas: [1, 1] }], InvalidReplicaAssignmentError, /node 1 is listed twice/],
    ['an unregistered node', [{ topic: 'orders', partition: 0, replicas: [1, 9] }], UnknownNodeError, /node 9 is not registered; list the cluster's nodes with eddy node list/],
    ['a bad node id', [{ topic: 'orders', partition: 0, replicas: [1.5] }], InvalidReplicaAssignmentError, /"1.5" is not a node id/],
    ['too many replicas', [{ topic: 'orders', partition: 0, replicas: Array.from({ length: 16 }, (_, i) => i + 1) }], InvalidReplicaAssignmentError, /at most 15/],
    ['a partition named twice', [{ topic: 'orders', partition: 0, replicas: [1] }, { topic: 'orders', partition: 0, replicas: [2] }], InvalidReplicaAssignmentError, /appears twice/],
    ['nothing', [], InvalidRequestError, /no reassignments given/],
  ])('refuses %s and records nothing', (_, input, type, message) => {
    const { image } = cluster(3, [[1, 2, 3]]);
    expectRefused(alterPartitionReassignments(image, input), type, message);
  });

  it('refuses a node without the storage role', () => {
    const { image } = cluster(3, [[1, 2, 3]]);
    applyAll(image, [records.nodeRegistered({ nodeId: 50, epoch: image.version + 1, incarnationId: 'c', address: '127.0.0.1:9050', rack: '', roles: ['NODE_ROLE_CONTROLLER'] })]);
    expectRefused(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [1, 2, 50] }]), InvalidReplicaAssignmentError, /node 50 has no storage role/);
  });

  it('refuses a decommissioning node as a new replica, but lets it keep a replica it already holds', () => {
    const { image } = cluster(4, [[1, 2, 3]]);
    applyAll(image, [records.nodeDecommission(4, true), records.nodeDecommission(3, true)]);
    expectRefused(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [1, 2, 4] }]), InvalidReplicaAssignmentError, /node 4 is being decommissioned .*\(eddy node recommission 4\)/);
    expect(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [3, 2, 1] }]).ok).toBe(true);
  });

  it('one invalid entry refuses the whole request', () => {
    const { image } = cluster(4, [[1, 2, 3], [1, 2, 3]]);
    const r = alterPartitionReassignments(image, [
      { topic: 'orders', partition: 0, replicas: [4, 2, 3] },
      { topic: 'orders', partition: 1, replicas: [4, 4] },
    ]);
    expect(r.ok).toBe(false);
  });
});

describe('completing a move from leader reports', () => {
  function moving() {
    const { image } = cluster(4, [[1, 2, 3]]);
    applyAll(image, [records.partitionLeader('T1', 0, 2, 5)]);
    applyAll(image, must(alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [4, 2, 3] }])).records);
    return image;
  }

  it('completes when the current leader reports voters equal to the target and no learners', () => {
    const image = moving();
    const out = must(report(image, 2, 5, { voters: [2, 3, 4], caughtUp: [3, 4], sizeBytes: '1000' }));
    // The operator's order stays pinned once the move completes.
    expect(out.records).toEqual([records.partition('T1', 0, [4, 2, 3], [], true)]);
    expect(out.value.completed).toEqual(['orders-0']);
    applyAll(image, out.records);
    expect(part(image)).toMatchObject({ replicas: [4, 2, 3], targetReplicas: [], leaderId: 2 });
    expect(image.replicaLoad.get(1)).toBeUndefined();
    expect(image.replicaLoad.get(4)).toEqual({ replicas: 1, leaders: 1 });
  });

  it('does not complete while learners remain, the voters differ, or the report carries no configuration', () => {
    const image = moving();
    for (const config of [{ voters: [2, 3, 4], learners: [4] }, { voters: [1, 2, 3, 4] }, { voters: [1, 2, 3], learners: [4] }, { voters: [] }]) {
      const out = must(report(image, 2, 5, config));
      expect(out.records).toEqual([]);
      expect(out.value.completed).toEqual([]);
    }
  });

  it('ignores a report at an older leader epoch, from a stale node epoch, or from a node that is not the leader', () => {
    const image = moving();
    expect(must(report(image, 2, 4, { voters: [2, 3, 4] })).records).toEqual([]);
    // Node 3 claims the same epoch node 2 leads: skipped.
    const notLeader = must(report(image, 3, 5, { voters: [2, 3, 4] }));
    expect(notLeader.records).toEqual([]);
    expect(notLeader.value.reports).toEqual([]);
    // Node 2 reporting another node as leader: skipped.
    const other = must(reportLeaders(image, { nodeId: 2, epoch: epochOf(image, 2), leaders: [{ topicId: 'T1', partition: 0, leaderId: 3, leaderEpoch: 6, voters: [2, 3, 4], learners: [], caughtUp: [], bytesBehind: {}, sizeBytes: '0' }] }));
    expect(other.records).toEqual([]);
    // An old incarnation of the leader is refused outright.
    const stale = reportLeaders(image, { nodeId: 2, epoch: epochOf(image, 2) - 1, leaders: [] });
    expect(stale.ok).toBe(false);
  });

  it('a new leader in the target (a learner promoted, then elected) is accepted and may complete the move', () => {
    const image = moving();
    const out = must(report(image, 4, 6, { voters: [4, 2, 3] }));
    expect(out.records).toEqual([records.partitionLeader('T1', 0, 4, 6), records.partition('T1', 0, [4, 2, 3], [], true)]);
    applyAll(image, out.records);
    expect(part(image)).toMatchObject({ leaderId: 4, leaderEpoch: 6, replicas: [4, 2, 3], targetReplicas: [] });
  });

  it('keeps the volatile facts of the current leader, bounded to the partition’s replicas', () => {
    const image = moving();
    const out = must(report(image, 2, 5, { voters: [1, 2, 3], learners: [4], caughtUp: [1, 3], bytesBehind: { 4: '4096', 77: '1' }, sizeBytes: '10000' }));
    expect(out.value.reports).toHaveLength(1);
    const r = out.value.reports[0]!.report;
    expect(r).toMatchObject({ leaderId: 2, leaderEpoch: 5, voters: [1, 2, 3], learners: [4], caughtUp: [1, 3], sizeBytes: 10_000 });
    expect([...r.bytesBehind]).toEqual([[4, 4096]]);
  });

  it('keeps the log in both tiers as the leader reports it, and skips an entry with a bad figure in it', () => {
    const image = moving();
    const log = { logStartOffset: '0', localLogStartOffset: '500', highWatermark: '900', localSizeBytes: '4096', remoteSizeBytes: '65536', remoteSegments: 3, remoteEndOffset: '700' };
    const out = must(report(image, 2, 5, { voters: [1, 2, 3], log }));
    expect(out.value.reports[0]!.report.log).toEqual({ logStartOffset: 0, localLogStartOffset: 500, highWatermark: 900, localSizeBytes: 4096, remoteSizeBytes: 65_536, remoteSegments: 3, remoteEndOffset: 700 });
    const bad = must(report(image, 2, 5, { voters: [1, 2, 3], log: { ...log, remoteSizeBytes: '-1' } }));
    expect(bad.value.skipped[0]).toMatch(/log.remoteSizeBytes "-1" is not a count/);
  });

  it('skips entries with hostile figures without failing the report', () => {
    const image = moving();
    const bad = must(report(image, 2, 5, { voters: Array.from({ length: 65 }, (_, i) => i) }));
    expect(bad.value.skipped[0]).toMatch(/at most 64/);
    const size = must(report(image, 2, 5, { voters: [1, 2, 3], sizeBytes: '-5' }));
    expect(size.value.skipped[0]).toMatch(/size_bytes "-5" is not a byte count/);
    expect(size.value.reports).toEqual([]);
  });

  it('reachedTarget: same set, any order, no learners, the leader among the voters', () => {
    expect(reachedTarget({ voters: [3, 1, 2], learners: [], leaderId: 1 }, [1, 2, 3])).toBe(true);
    expect(reachedTarget({ voters: [1, 2], learners: [], leaderId: 1 }, [1, 2, 3])).toBe(false);
    expect(reachedTarget({ voters: [1, 2, 3], learners: [4], leaderId: 1 }, [1, 2, 3])).toBe(false);
    expect(reachedTarget({ voters: [1, 1, 2], learners: [], leaderId: 1 }, [1, 2, 3])).toBe(false);
    expect(reachedTarget({ voters: [1, 2, 3], learners: [], leaderId: 4 }, [1, 2, 3])).toBe(false);
  });
});

describe('decommissionNode / recommissionNode', () => {
  it('records the decommission; the node takes no new replicas and shows DECOMMISSIONING, then DECOMMISSIONED once empty', () => {
    const { image } = cluster(4, [[1, 2, 3]]);
    const out = must(decommissionNode(image, 3));
    expect(out.records).toEqual([records.nodeDecommission(3, true)]);
    applyAll(image, out.records);
    expect(nodeStateOf(image, image.nodes.get(3)!)).toBe('NODE_STATE_DECOMMISSIONING');
    // New topics and partitions avoid it.
    const created = must(createTopic(image, { name: 'new', partitions: 6, replicationFactor: 3 }, seededBytes(3)));
    expect(created.value.assignment.flat()).not.toContain(3);
    applyAll(image, created.records);
    expect(must(createPartitions(image, { topic: 'new', totalCount: 9 })).value.added.flat()).not.toContain(3);
    // Moving its replica away empties it.
    applyAll(image, [records.partition('T1', 0, [1, 2, 3], [1, 2, 4]), records.partition('T1', 0, [1, 2, 4], [])]);
    expect(nodeStateOf(image, image.nodes.get(3)!)).toBe('NODE_STATE_DECOMMISSIONED');
    expect(must(decommissionNode(image, 3)).records).toEqual([]);
  });

  it('survives a restart of the node (a new registration) and a snapshot', () => {
    const { image } = cluster(3, [[1, 2, 3]]);
    applyAll(image, [records.nodeDecommission(2, true)]);
    applyAll(image, [records.nodeRegistered({ nodeId: 2, epoch: image.version + 1, incarnationId: 'again', address: '127.0.0.1:9002', rack: '', roles: ['NODE_ROLE_STORAGE'] })]);
    expect(image.nodes.get(2)!.decommissioning).toBe(true);
    expect(imageFromRecords(imageToRecords(image), image.version).nodes.get(2)!.decommissioning).toBe(true);
  });

  it('refuses when the other storage nodes cannot hold a partition’s replicas, saying how many are needed', () => {
    const { image } = cluster(3, [[1, 2, 3]]);
    expectRefused(decommissionNode(image, 3), NotEnoughReplicasError, /orders-0, which has 3 replicas, but only 2 other storage nodes would remain .* add 1 storage node first/);
    // A decommissioning node does not count as room either.
    const four = cluster(4, [[1, 2, 3]]).image;
    applyAll(four, must(decommissionNode(four, 4)).records);
    expectRefused(decommissionNode(four, 1), NotEnoughReplicasError);
  });

  it('refuses unknown nodes and nodes without the storage role', () => {
    const { image } = cluster(3, [[1]]);
    expectRefused(decommissionNode(image, 9), UnknownNodeError, /node 9 is not registered/);
    expectRefused(recommissionNode(image, 9), UnknownNodeError);
    applyAll(image, [records.nodeRegistered({ nodeId: 50, epoch: image.version + 1, incarnationId: 'c', address: '127.0.0.1:9050', rack: '', roles: ['NODE_ROLE_CONTROLLER'] })]);
    expectRefused(decommissionNode(image, 50), InvalidRequestError, /no storage role/);
  });

  it('recommission takes it back (a no-op when not decommissioning)', () => {
    const { image } = cluster(4, [[1, 2, 3]]);
    expect(must(recommissionNode(image, 3)).records).toEqual([]);
    applyAll(image, must(decommissionNode(image, 3)).records);
    const out = must(recommissionNode(image, 3));
    expect(out.records).toEqual([records.nodeDecommission(3, false)]);
    applyAll(image, out.records);
    expect(nodeStateOf(image, image.nodes.get(3)!)).toBe('NODE_STATE_ACTIVE');
  });
});

describe('startPlannedMoves', () => {
  it('starts moves still valid against the image and skips the rest', () => {
    const { image } = cluster(5, [[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    applyAll(image, [records.partition('T1', 1, [1, 2, 3], [1, 2, 5])]);
    applyAll(image, fenceNode(image, 5, epochOf(image, 5)));
    applyAll(image, [records.nodeDecommission(4, true)]);
    const moves = [
      { topic: 'orders', partition: 0, from: [1, 2, 3], to: [1, 2, 4] }, // node 4 decommissioning now
      { topic: 'orders', partition: 1, from: [1, 2, 3], to: [1, 2, 4] }, // already moving
      { topic: 'orders', partition: 2, from: [1, 2], to: [1, 2, 4] }, // replicas changed
      { topic: 'orders', partition: 3, from: [1, 2, 3], to: [1, 2, 5] }, // node 5 offline
      { topic: 'gone', partition: 0, from: [1], to: [2] },
    ];
    const out = must(startPlannedMoves(image, moves));
    expect(out.records).toEqual([]);
    expect(out.value.skipped).toHaveLength(5);
    applyAll(image, [records.nodeDecommission(4, false)]);
    const ok = must(startPlannedMoves(image, [moves[0]!]));
    expect(ok.records).toEqual([records.partition('T1', 0, [1, 2, 3], [1, 2, 4])]);
    // A heal replacing the target of a move in progress names the target it replaces.
    const retarget = { topic: 'orders', partition: 1, from: [1, 2, 3], to: [1, 2, 4], fromTarget: [1, 2, 5] };
    expect(must(startPlannedMoves(image, [retarget])).records).toEqual([records.partition('T1', 1, [1, 2, 3], [1, 2, 4])]);
    expect(must(startPlannedMoves(image, [{ ...retarget, fromTarget: [1, 2, 6] }])).records).toEqual([]);
  });

  it("a balancer's move or reorder of a partition an operator pinned clears the pin: the order is the balancer's now", () => {
    const { image } = cluster(4, [[1, 2, 3], [1, 2, 3]]);
    applyAll(image, must(alterPartitionReassignments(image, [0, 1].map((partition) => ({ topic: 'orders', partition, replicas: [2, 1, 3] })))).records);
    expect(image.topicsByName.get('orders')!.partitions.map((p) => p.orderPinned)).toEqual([true, true]);
    const out = must(
      startPlannedMoves(image, [
        { topic: 'orders', partition: 0, from: [2, 1, 3], to: [2, 1, 4] },
        { topic: 'orders', partition: 1, from: [2, 1, 3], to: [1, 2, 3] },
      ]),
    );
    expect(out.records).toEqual([records.partition('T1', 0, [2, 1, 3], [2, 1, 4]), records.partition('T1', 1, [1, 2, 3], [])]);
    applyAll(image, out.records);
    expect(image.topicsByName.get('orders')!.partitions.map((p) => p.orderPinned)).toEqual([false, false]);
  });
});

describe('records', () => {
  it('partition records with a target and decommission records survive a snapshot', () => {
    const { image } = cluster(4, [[1, 2, 3], [2, 3, 4]]);
    applyAll(image, [records.partition('T1', 0, [1, 2, 3], [4, 2, 3]), records.nodeDecommission(1, true)]);
    const restored = imageFromRecords(imageToRecords(image), image.version);
    expect(restored.topicsByName.get('orders')!.partitions).toEqual(image.topicsByName.get('orders')!.partitions);
    expect(restored.replicaLoad).toEqual(image.replicaLoad);
    expect(restored.nodes.get(1)!.decommissioning).toBe(true);
  });

  it('ignores a target with duplicates and a decommission of an unknown node; a leader outside both sets is dropped', () => {
    const { image } = cluster(4, [[1, 2, 3]]);
    const before = cloneImage(image);
    expect(applyRecord(image, records.partition('T1', 0, [1, 2, 3], [4, 4]), image.version + 1).applied).toBe(false);
    expect(applyRecord(image, records.nodeDecommission(9, true), image.version + 1).applied).toBe(false);
    expect({ ...image, version: 0 }).toEqual({ ...before, version: 0 });
    applyAll(image, [records.partitionLeader('T1', 0, 1, 1), records.partition('T1', 0, [1, 2, 3], [4, 2, 3])]);
    expect(part(image).leaderId).toBe(1);
    applyAll(image, [records.partition('T1', 0, [4, 2, 3], [])]);
    expect(part(image).leaderId).toBe(-1);
  });

  it('a partition record decoded without target_replicas (from before reassignment) applies as no move', () => {
    const { image } = cluster(3, [[1, 2, 3]]);
    const old = { record: 'partition', partition: { topicId: 'T1', partition: 0, replicas: [3, 2, 1] } } as unknown as Parameters<typeof applyRecord>[1];
    expect(applyRecord(image, old, image.version + 1).applied).toBe(true);
    expect(part(image)).toMatchObject({ replicas: [3, 2, 1], targetReplicas: [] });
  });
});

describe('purity', () => {
  it('the elastic-cluster commands never modify the image they read', () => {
    const { image } = cluster(4, [[1, 2, 3], [2, 3, 4]]);
    applyAll(image, [records.partitionLeader('T1', 0, 1, 1), records.partition('T1', 1, [2, 3, 4], [1, 3, 4])]);
    const copy = cloneImage(image);
    alterPartitionReassignments(image, [{ topic: 'orders', partition: 0, replicas: [4, 2, 3] }, { topic: 'orders', partition: 1, replicas: [] }]);
    report(image, 1, 1, { voters: [1, 2, 3], caughtUp: [2, 3], sizeBytes: '10' });
    decommissionNode(image, 4);
    recommissionNode(image, 4);
    startPlannedMoves(image, [{ topic: 'orders', partition: 0, from: [1, 2, 3], to: [1, 2, 4] }]);
    expect(image).toEqual(copy);
  });

  it('a group commit fork applies a decommission without touching the committed image', () => {
    const { image } = cluster(3, [[1, 2, 3]]);
    const fork = new ImageFork(image);
    expect(fork.apply(records.nodeDecommission(2, true), image.version + 1).applied).toBe(true);
    expect(fork.apply(records.partition('T1', 0, [1, 2, 3], [1, 3, 2]), image.version + 2).applied).toBe(true);
    expect(fork.image.nodes.get(2)!.decommissioning).toBe(true);
    expect(image.nodes.get(2)!.decommissioning).toBe(false);
    expect(part(image).targetReplicas).toEqual([]);
    expect(fork.image.topicsByName.get('orders')!.partitions[0]!.targetReplicas).toEqual([1, 3, 2]);
  });
});
