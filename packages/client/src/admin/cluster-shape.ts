// The cluster's shape as the Admin API shows it (docs/architecture.md §7.10):
// partition moves, rebalance plans, node states and the controller quorum, as
// plain objects with numbers, read from the wire. Pure: no I/O. A server's
// answer is checked as it is read (ids and counts are whole numbers in range,
// enums known), so a malformed or newer answer becomes one clear error or a
// named 'unknown', never a NaN in a user's table.
import { EddyError, type wire } from '@eddy/protocol';

/** A node's place in the cluster's shape. */
export const NodeState = {
  /** Holds and receives replicas. */
  active: 'active',
  /** Being emptied: receives no new replicas; its replicas are moving away. */
  decommissioning: 'decommissioning',
  /** Emptied: holds no replica and may be removed. */
  decommissioned: 'decommissioned',
  /** A state this client does not know (a newer server), or none reported. */
  unknown: 'unknown',
} as const;
/** One of {@link NodeState}. */
export type NodeState = (typeof NodeState)[keyof typeof NodeState];

/** What a node process does. */
export type NodeRole = 'controller' | 'storage';

/** Why the balancer plans a move (a newer server may send other reasons). */
export const MoveReason = {
  /** Evens out replica counts and disk use. */
  balance: 'balance',
  /** Empties a decommissioning node. */
  decommission: 'decommission',
  /** Replaces replicas on a node offline for too long. */
  heal: 'heal',
  /** Brings a partition up to its topic's replication factor. */
  replicationFactor: 'replication-factor',
  /** Reorders a partition's replicas so preferred leaders spread across nodes (no data moves). */
  leader: 'leader',
} as const;
/** One of {@link MoveReason}. */
export type MoveReason = (typeof MoveReason)[keyof typeof MoveReason];

/** A partition's new replica set, preferred leader first. */
export interface PartitionReassignment {
  topic: string;
  partition: number;
  replicas: readonly number[];
}

/** A partition named for cancelling its move. */
export interface PartitionRef {
  topic: string;
  partition: number;
}

/** One partition's move as the controller records it. */
export interface ReassignmentStatus {
  topic: string;
  partition: number;
  /** The replica set the partition's Raft group has (before the move). */
  replicas: number[];
  /** Where it is moving, preferred leader first; empty when no move is in progress. */
  targetReplicas: number[];
  /** Replicas joining (in the target, not in `replicas`). */
  addingReplicas: number[];
  /** Replicas leaving (in `replicas`, not in the target). */
  removingReplicas: number[];
  /**
   * Bytes each adding replica still lacks, by node id, as the leader last
   * reported; a replica missing here has not been reported yet.
   */
  bytesBehind: Record<number, number>;
  /** The partition's leader; -1 when it has none. */
  leaderId: number;
}

/** One move of a rebalance plan. */
export interface PartitionMove {
  topic: string;
  partition: number;
  fromReplicas: number[];
  toReplicas: number[];
  /** A {@link MoveReason}, or a newer server's reason as sent. */
  reason: MoveReason | (string & {});
}

/** What `rebalance` planned, and whether it started it. */
export interface RebalancePlan {
  /** The planned moves, in the order they start. */
  moves: PartitionMove[];
  /** False for a dry run, or when the cluster is already balanced. */
  started: boolean;
  /** Leaderships the plan hands back to preferred replicas. */
  preferredLeaderMoves: number;
}

/** A node with its state, load and disk use. */
export interface NodeStatus {
  nodeId: number;
  address: string;
  rack: string;
  online: boolean;
  roles: NodeRole[];
  state: NodeState;
  /** Replicas assigned to the node, moves towards it included. */
  replicaCount: number;
  leaderCount: number;
  /** Sum of the sizes its partitions' leaders last reported. */
  diskUsedBytes: number;
  /** From the node's heartbeat; 0 when unknown. */
  diskFreeBytes: number;
  /** From the node's heartbeat; 0 when unknown. */
  diskTotalBytes: number;
  /** Milliseconds since the node went offline, as the active controller saw it; 0 while online. */
  offlineMs: number;
}

/** A member of the controller quorum. */
export interface ControllerVoter {
  nodeId: number;
  address: string;
  /** The active controller. */
  active: boolean;
}

const MAX_INT32 = 2 ** 31 - 1;

function malformed(what: string, value: unknown): EddyError {
  return new EddyError('UNKNOWN', `The server sent a malformed answer: ${what} is ${JSON.stringify(value)}; check that the client and the cluster run compatible versions.`);
}

/** A node id in requests: a whole number from 1 to 2^31-1. */
export function checkNodeId(id: number, what = 'node id'): number {
  if (!Number.isInteger(id) || id < 1 || id > MAX_INT32) throw new RangeError(`${what} must be a whole number from 1 to ${MAX_INT32}, got ${String(id)}`);
  return id;
}

/** A host:port in requests (a hostname, an IPv4 address or a bracketed IPv6 one, and a port from 1 to 65535). */
export function checkAddress(address: string, what: string): string {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:[\]]+):(\d{1,5})$/.exec(address);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 65535) throw new RangeError(`${what} must be host:port, got "${address}"`);
  return address;
}

/** A partition in requests: a non-empty topic name and a partition number from 0. */
export function checkPartitionRef(ref: PartitionRef): void {
  if (typeof ref.topic !== 'string' || ref.topic === '') throw new RangeError('each reassignment names a topic');
  if (!Number.isInteger(ref.partition) || ref.partition < 0 || ref.partition > MAX_INT32) {
    throw new RangeError(`partition of topic "${ref.topic}" must be a whole number from 0, got ${String(ref.partition)}`);
  }
}

/** A replica list in requests: distinct node ids, at least one. */
export function checkReplicas(r: PartitionReassignment): void {
  checkPartitionRef(r);
  if (r.replicas.length === 0) throw new RangeError(`the new replica list of ${r.topic}/${r.partition} is empty; name at least one node (cancel a move with cancelPartitionReassignments)`);
  for (const id of r.replicas) checkNodeId(id, `replica of ${r.topic}/${r.partition}`);
  if (new Set(r.replicas).size !== r.replicas.length) throw new RangeError(`the new replica list of ${r.topic}/${r.partition} names a node twice: ${r.replicas.join(',')}`);
}

/** An int32 the server sent as a count or id (>= min). */
function int(value: unknown, what: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw malformed(what, value);
  return value;
}

/** An int64 the server sent (as a decimal string) as a count of bytes or milliseconds. */
function int64(value: unknown, what: string): number {
  const n = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw malformed(what, value);
  return n;
}

function ids(list: readonly unknown[], what: string): number[] {
  return list.map((id) => int(id, what, 1));
}

export function reassignmentFromWire(r: wire.ReassignmentStatus__Output): ReassignmentStatus {
  const where = `${r.topic}/${r.partition}`;
  const bytesBehind: Record<number, number> = {};
  for (const [node, bytes] of Object.entries(r.bytesBehind)) bytesBehind[int(Number(node), `a node id in bytes_behind of ${where}`, 1)] = int64(bytes, `bytes_behind of ${where}`);
  return {
    topic: r.topic,
    partition: int(r.partition, `the partition of a reassignment of ${r.topic}`),
    replicas: ids(r.replicas, `a replica of ${where}`),
    targetReplicas: ids(r.targetReplicas, `a target replica of ${where}`),
    addingReplicas: ids(r.addingReplicas, `an adding replica of ${where}`),
    removingReplicas: ids(r.removingReplicas, `a removing replica of ${where}`),
    bytesBehind,
    leaderId: int(r.leaderId, `the leader of ${where}`, -1),
  };
}

export function rebalanceFromWire(r: wire.RebalanceResponse__Output): RebalancePlan {
  return {
    moves: r.moves.map((m) => {
      const where = `${m.topic}/${m.partition}`;
      return {
        topic: m.topic,
        partition: int(m.partition, `the partition of a move of ${m.topic}`),
        fromReplicas: ids(m.fromReplicas, `a replica of ${where}`),
        toReplicas: ids(m.toReplicas, `a target replica of ${where}`),
        reason: m.reason,
      };
    }),
    started: r.started,
    preferredLeaderMoves: int(r.preferredLeaderMoves, 'preferred_leader_moves'),
  };
}

const STATES: Record<string, NodeState> = {
  NODE_STATE_ACTIVE: NodeState.active,
  NODE_STATE_DECOMMISSIONING: NodeState.decommissioning,
  NODE_STATE_DECOMMISSIONED: NodeState.decommissioned,
};

/** A node state off the wire; unspecified or unknown (a newer server) is 'unknown'. */
export function nodeStateFromWire(s: wire.NodeState__Output | number | undefined): NodeState {
  return (typeof s === 'string' ? STATES[s] : undefined) ?? NodeState.unknown;
}

/** Roles off the wire; roles this client does not know are left out. */
export function nodeRolesFromWire(roles: readonly (wire.NodeRole__Output | number)[]): NodeRole[] {
  const out: NodeRole[] = [];
  for (const r of roles) {
    if (r === 'NODE_ROLE_CONTROLLER') out.push('controller');
    else if (r === 'NODE_ROLE_STORAGE') out.push('storage');
  }
  return out;
}

export function nodeStatusFromWire(n: wire.NodeStatus__Output): NodeStatus {
  const who = `node ${n.nodeId}`;
  return {
    nodeId: int(n.nodeId, 'a node id', 1),
    address: n.address,
    rack: n.rack,
    online: n.online,
    roles: nodeRolesFromWire(n.roles),
    state: nodeStateFromWire(n.state),
    replicaCount: int(n.replicaCount, `the replica count of ${who}`),
    leaderCount: int(n.leaderCount, `the leader count of ${who}`),
    diskUsedBytes: int64(n.diskUsedBytes, `disk_used_bytes of ${who}`),
    diskFreeBytes: int64(n.diskFreeBytes, `disk_free_bytes of ${who}`),
    diskTotalBytes: int64(n.diskTotalBytes, `disk_total_bytes of ${who}`),
    offlineMs: int64(n.offlineMs, `offline_ms of ${who}`),
  };
}

/** The node a Decommission/Recommission answer names; it must be there. */
export function answeredNode(node: wire.NodeStatus__Output | null | undefined, asked: number): NodeStatus {
  if (!node) throw malformed(`the status of node ${asked}`, node ?? null);
  return nodeStatusFromWire(node);
}

export function votersFromWire(list: readonly wire.ControllerInfo__Output[]): ControllerVoter[] {
  return list.map((c) => ({ nodeId: int(c.nodeId, 'a controller id', 1), address: c.address, active: c.active }));
}
