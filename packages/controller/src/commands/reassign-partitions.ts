// AlterPartitionReassignments (docs/architecture.md §7.10): set partitions'
// target replica sets. The command only records where a partition should be
// (PartitionRecord.target_replicas); the partition's leader moves its Raft
// group there and ReportLeaders completes the move (report-leaders.ts).
//
// Semantics, as Kafka's:
// - A new target replaces a move in progress (the leader steers for the new one).
// - An empty list cancels: the target becomes the current replicas, so the
//   group goes back to where it was (it may already have learners or a joint
//   configuration to undo); the move completes when the leader reports the
//   group back at those replicas. Cancelling a partition that is not moving
//   changes nothing.
// - A target that is the current replica set (in another order, with no move
//   in progress) only reorders the preferred leader: written directly, as no
//   Raft configuration change is needed.
// - The replica count is the list's length. A topic's replication factor is
//   what its new partitions get; a reassignment may grow or shrink one
//   partition's replica count (so __consumer_offsets created on a one-node
//   cluster can grow to three replicas).
//
// The whole request is refused when any entry is invalid (the response has
// no per-partition error), so a refused request changes nothing.
import { InvalidReplicaAssignmentError, InvalidRequestError, UnknownNodeError, UnknownPartitionError } from '@eddy/protocol';
import type { MetadataImage, PartitionState, TopicState } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { isStorageNode } from '../metadata/views.js';
import { LIMITS } from '../validation/limits.js';
import { runCommand, type CommandResult } from './command-result.js';
import { unknownTopic } from './delete-topic.js';

export interface ReassignmentInput {
  topic: string;
  partition: number;
  /** The target, preferred leader first; empty cancels. */
  replicas: readonly number[];
}

/** A partition's move as the request left it (or would leave it, for validate_only). */
export interface ReassignmentResult {
  topic: string;
  topicId: string;
  partition: number;
  /** The group's replicas once the request's records apply. */
  replicas: number[];
  /** Empty when the partition does not move. */
  targetReplicas: number[];
}

export function alterPartitionReassignments(image: MetadataImage, input: readonly ReassignmentInput[]): CommandResult<ReassignmentResult[]> {
  return runCommand(() => {
    if (input.length === 0) throw new InvalidRequestError('no reassignments given; name at least one partition and its target replicas');
    if (input.length > LIMITS.maxReassignmentsPerRequest) {
      throw new InvalidRequestError(`${input.length} reassignments in one request; send at most ${LIMITS.maxReassignmentsPerRequest} per request`);
    }
    const seen = new Set<string>();
    const out = [];
    const results: ReassignmentResult[] = [];
    for (const r of input) {
      const { topic, partition } = requirePartition(image, r.topic, r.partition);
      const name = `${topic.name}-${partition.partition}`;
      if (seen.has(name)) throw new InvalidReplicaAssignmentError(`${name} appears twice in the request; give each partition once`, { details: { topic: topic.name } });
      seen.add(name);
      const change = r.replicas.length === 0 ? cancel(partition) : retarget(image, name, partition, r.replicas);
      if (change) out.push(records.partition(topic.topicId, partition.partition, change.replicas, change.targetReplicas, change.orderPinned));
      const after = change ?? partition;
      results.push({ topic: topic.name, topicId: topic.topicId, partition: partition.partition, replicas: [...after.replicas], targetReplicas: [...after.targetReplicas] });
    }
    return { records: out, value: results };
  });
}

export function requirePartition(image: MetadataImage, topicName: string, partition: number): { topic: TopicState; partition: PartitionState } {
  const topic = image.topicsByName.get(topicName);
  if (!topic) throw unknownTopic(topicName);
  const p = Number.isInteger(partition) && partition >= 0 ? topic.partitions[partition] : undefined;
  if (!p) {
    throw new UnknownPartitionError(`topic "${topic.name}" has no partition ${partition}; its partitions are 0 to ${topic.partitions.length - 1}`, { details: { topic: topic.name } });
  }
  return { topic, partition: p };
}

type Change = Pick<PartitionState, 'replicas' | 'targetReplicas' | 'orderPinned'>;

function cancel(p: PartitionState): Change | undefined {
  if (p.targetReplicas.length === 0) return undefined;
  // Going back is a move too: the group may already hold learners or a joint configuration.
  return { replicas: p.replicas, targetReplicas: [...p.replicas], orderPinned: p.orderPinned };
}

function retarget(image: MetadataImage, name: string, p: PartitionState, target: readonly number[]): Change | undefined {
  validateTarget(image, name, p, target);
  const sameSet = target.length === p.replicas.length && target.every((r) => p.replicas.includes(r));
  if (p.targetReplicas.length === 0 && sameSet) {
    // Only the preferred leader changes (or nothing at all): no Raft change is needed.
    // Either way the order is now the operator's: the balancer leaves it (pinned).
    if (sameOrder(target, p.replicas)) return p.orderPinned ? undefined : { replicas: [...target], targetReplicas: [], orderPinned: true };
    return { replicas: [...target], targetReplicas: [], orderPinned: true };
  }
  if (sameOrder(target, p.targetReplicas) && p.orderPinned) return undefined;
  return { replicas: p.replicas, targetReplicas: [...target], orderPinned: true };
}

/**
 * Distinct, registered storage nodes, 1 to maxReplicasPerPartition of them,
 * none decommissioning unless it already holds one of the group's replicas
 * (keeping a replica where it is adds nothing to the node).
 */
export function validateTarget(image: MetadataImage, name: string, p: Pick<PartitionState, 'replicas'>, target: readonly number[]): void {
  if (target.length > LIMITS.maxReplicasPerPartition) {
    throw new InvalidReplicaAssignmentError(`${name}: ${target.length} replicas; a partition may have at most ${LIMITS.maxReplicasPerPartition}`);
  }
  const seen = new Set<number>();
  for (const id of target) {
    if (!Number.isInteger(id) || id < 0) throw new InvalidReplicaAssignmentError(`${name}: replica "${id}" is not a node id; node ids are whole numbers >= 0`);
    if (seen.has(id)) throw new InvalidReplicaAssignmentError(`${name}: node ${id} is listed twice; each replica must be on a different node`);
    seen.add(id);
    const node = image.nodes.get(id);
    if (!node) throw new UnknownNodeError(`${name}: node ${id} is not registered; list the cluster's nodes with eddy node list`);
    if (!isStorageNode(node)) throw new InvalidReplicaAssignmentError(`${name}: node ${id} has no storage role and cannot hold replicas; choose storage nodes (eddy node list)`);
    if (node.decommissioning && !p.replicas.includes(id)) {
      throw new InvalidReplicaAssignmentError(`${name}: node ${id} is being decommissioned and takes no new replicas; choose another node, or recommission it first (eddy node recommission ${id})`);
    }
  }
}

function sameOrder(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** A move the balancer planned: `from` (and `fromTarget`, for a move replacing one in progress) is what it planned against. */
export interface PlannedReassignment {
  topic: string;
  partition: number;
  from: readonly number[];
  to: readonly number[];
  /** The target of the move in progress this one replaces; absent for a new move. */
  fromTarget?: readonly number[];
}

/**
 * Starts the balancer's planned moves against the image as it is when the
 * command runs: a move whose partition started (or changed) moving, changed
 * replicas or went away since planning is skipped (the next plan sees the new
 * state), as is one whose target is no longer valid.
 */
export function startPlannedMoves(image: MetadataImage, moves: readonly PlannedReassignment[]): CommandResult<{ started: PlannedReassignment[]; skipped: string[] }> {
  return runCommand(() => {
    const out = [];
    const started: PlannedReassignment[] = [];
    const skipped: string[] = [];
    for (const m of moves) {
      const topic = image.topicsByName.get(m.topic);
      const p = topic?.partitions[m.partition];
      const name = `${m.topic}-${m.partition}`;
      if (!topic || !p) {
        skipped.push(`${name}: gone`);
        continue;
      }
      if (!sameOrder(p.targetReplicas, m.fromTarget ?? []) || !sameOrder(p.replicas, m.from)) {
        skipped.push(`${name}: changed since the plan`);
        continue;
      }
      const offline = m.to.find((id) => !p.replicas.includes(id) && image.nodes.get(id)?.fenced !== false);
      if (offline !== undefined) {
        skipped.push(`${name}: node ${offline} is offline`);
        continue;
      }
      try {
        validateTarget(image, name, p, m.to);
      } catch (err) {
        skipped.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
        continue;
      }
      // A reorder (the balancer's leader phase) changes no Raft configuration: written as the replica list at once.
      const reorder = p.targetReplicas.length === 0 && m.to.length === p.replicas.length && m.to.every((id) => p.replicas.includes(id));
      out.push(reorder ? records.partition(topic.topicId, p.partition, m.to, []) : records.partition(topic.topicId, p.partition, p.replicas, m.to));
      started.push(m);
    }
    return { records: out, value: { started, skipped } };
  });
}
