// Thin wrappers over AdminService (topics, configs, cluster, the cluster's
// shape — moves, rebalance, decommission, controller voters —, users, ACLs, quotas; served by the
// active controller: NOT_CONTROLLER answers are followed to the hinted node)
// and the group half of GroupService (served by each group's coordinator).
import type { CallOptions, ClientUnaryCall, ServiceError } from '@grpc/grpc-js';
import {
  EddyError,
  aclBindingFromWire,
  aclBindingToWire,
  aclFilterToWire,
  aclFromWire,
  aclWire,
  quotaFromWire,
  quotaToWire,
  type AclBinding,
  type AclFilter,
  type QuotaLimits,
  type ScramMechanism,
  type wire,
} from '@eddy/protocol';
import type { ClusterConnection } from '../connection/cluster-connection.js';
import {
  answeredNode,
  checkAddress,
  checkNodeId,
  checkPartitionRef,
  checkReplicas,
  nodeStatusFromWire,
  reassignmentFromWire,
  rebalanceFromWire,
  votersFromWire,
  type ControllerVoter,
  type NodeStatus,
  type PartitionReassignment,
  type PartitionRef,
  type RebalancePlan,
  type ReassignmentStatus,
} from './cluster-shape.js';

/** A topic as described by the controller. */
export type TopicDescription = wire.TopicDescription__Output;
/** A topic in a listing. */
export type TopicSummary = wire.TopicSummary__Output;
/** One configuration value with its source. */
export type ConfigEntry = wire.ConfigEntry__Output;
/** The cluster as the controller sees it. */
export type ClusterDescription = wire.DescribeClusterResponse__Output;
/** A consumer group in a listing. */
export type GroupSummary = wire.GroupSummary__Output;
/** A consumer group's members, assignments, committed offsets and lag. */
export type GroupDescription = wire.DescribeGroupResponse__Output;
/** A committed offset after a reset. */
export type CommittedOffset = wire.CommittedOffset__Output;

/** A user as listed: names and mechanisms, never keys. */
export interface UserSummary {
  name: string;
  mechanisms: ScramMechanism[];
}

/** A principal's quotas. */
export interface QuotaEntry {
  principal: string;
  limits: QuotaLimits;
}

export type { AclBinding, AclFilter, QuotaLimits, ScramMechanism };
export { MoveReason, NodeState, type ControllerVoter, type NodeRole, type NodeStatus, type PartitionMove, type PartitionReassignment, type PartitionRef, type RebalancePlan, type ReassignmentStatus } from './cluster-shape.js';

/** What a configuration applies to. */
export const ConfigResource = {
  topic: 'topic',
  node: 'node',
} as const;
/** One of {@link ConfigResource}. */
export type ConfigResource = (typeof ConfigResource)[keyof typeof ConfigResource];

type Callback<T> = (err: ServiceError | null, value?: T) => void;

const RESOURCE_WIRE = { topic: 'CONFIG_RESOURCE_TYPE_TOPIC', node: 'CONFIG_RESOURCE_TYPE_NODE' } as const satisfies Record<ConfigResource, wire.ConfigResourceType>;

/** Topic creation settings. */
export interface CreateTopicOptions {
  name: string;
  /** Default 1. */
  partitions?: number;
  /** Default 3, capped by the server's rules. */
  replicationFactor?: number;
  /** Kafka-named topic configs, e.g. { 'retention.ms': '86400000' }. */
  configs?: Record<string, string>;
  validateOnly?: boolean;
  /**
   * Wait until the cluster's metadata shows the topic with a leader for every
   * partition, so a producer of this client can send to it at once (as
   * kafkajs's waitForLeaders). Default true; bounded by `waitTimeoutMs`.
   */
  waitForLeaders?: boolean;
  /** Longest wait for leaders; default 10,000 ms. The topic exists either way. */
  waitTimeoutMs?: number;
}

/** Where `resetGroupOffsets` moves committed offsets. */
export type ResetTarget = { earliest: true } | { latest: true } | { offset: bigint | number } | { timestamp: number | Date };

/**
 * Cluster administration: topics, configs, the cluster, consumer groups.
 * Create with `eddy.admin()`.
 */
export class Admin {
  private readonly coordinators = new Map<string, string>();

  /** Use `eddy.admin()`. */
  constructor(private readonly conn: ClusterConnection) {}

  /** Creates a topic and returns its description. */
  async createTopic(options: CreateTopicOptions): Promise<TopicDescription> {
    const req: wire.CreateTopicRequest = {
      name: options.name,
      partitions: options.partitions ?? 1,
      replicationFactor: options.replicationFactor ?? 3,
      configs: options.configs ?? {},
      validateOnly: options.validateOnly ?? false,
    };
    const resp = await this.admin<wire.CreateTopicResponse__Output>((c, o, cb) => c.createTopic(req, o, cb));
    // Producers and consumers of this client see the topic at once: the storage
    // nodes learn of it from the controller's metadata stream a moment later.
    if (!req.validateOnly && options.waitForLeaders !== false) await this.waitForLeaders(options.name, options.waitTimeoutMs ?? 10_000);
    else await this.conn.refreshMetadata().catch(() => undefined);
    return resp.topic!;
  }

  /** Refreshes metadata until every partition of `topic` has a leader, or timeoutMs passes. */
  private async waitForLeaders(topic: string, timeoutMs: number): Promise<boolean> {
    const deadline = this.conn.clock.now() + timeoutMs;
    for (let delay = 20; ; delay = Math.min(delay * 2, 500)) {
      await this.conn.refreshMetadata().catch(() => undefined);
      const t = this.conn.metadata.topic(topic);
      if (t && t.partitions.length > 0 && t.partitions.every((p) => this.conn.metadata.route(topic, p.partition).kind === 'leader')) return true;
      if (this.conn.clock.now() + delay > deadline) return false;
      await this.conn.clock.sleep(delay);
    }
  }

  /** Deletes a topic and its data. */
  async deleteTopic(name: string): Promise<void> {
    await this.admin<wire.DeleteTopicResponse__Output>((c, o, cb) => c.deleteTopic({ name }, o, cb));
    this.conn.metadata.forgetTopic(name);
  }

  /** Lists topics (internal ones such as __consumer_offsets only when asked). */
  async listTopics(options: { includeInternal?: boolean } = {}): Promise<TopicSummary[]> {
    const resp = await this.admin<wire.ListTopicsResponse__Output>((c, o, cb) => c.listTopics({ includeInternal: options.includeInternal ?? false }, o, cb));
    return resp.topics;
  }

  /** A topic's partitions, leaders, replicas and non-default configs. */
  async describeTopic(name: string): Promise<TopicDescription> {
    const resp = await this.admin<wire.DescribeTopicResponse__Output>((c, o, cb) => c.describeTopic({ name }, o, cb));
    return resp.topic!;
  }

  /** Raises a topic's partition count to `totalCount`. */
  async createPartitions(topic: string, totalCount: number, validateOnly = false): Promise<TopicDescription> {
    const resp = await this.admin<wire.CreatePartitionsResponse__Output>((c, o, cb) => c.createPartitions({ topic, totalCount, validateOnly }, o, cb));
    await this.conn.refreshMetadata().catch(() => undefined);
    return resp.topic!;
  }

  /** Configuration values of a topic or node (all keys unless named), with their sources. */
  async describeConfigs(resource: ConfigResource, name: string, keys: readonly string[] = []): Promise<ConfigEntry[]> {
    const resp = await this.admin<wire.DescribeConfigsResponse__Output>((c, o, cb) =>
      c.describeConfigs({ resourceType: RESOURCE_WIRE[resource], resourceName: name, keys: [...keys] }, o, cb),
    );
    return resp.entries;
  }

  /** Sets and/or removes (back to default) configuration keys. */
  async alterConfigs(resource: ConfigResource, name: string, changes: { set?: Record<string, string>; delete?: readonly string[]; validateOnly?: boolean }): Promise<void> {
    await this.admin<wire.AlterConfigsResponse__Output>((c, o, cb) =>
      c.alterConfigs({ resourceType: RESOURCE_WIRE[resource], resourceName: name, set: changes.set ?? {}, delete: [...(changes.delete ?? [])], validateOnly: changes.validateOnly ?? false }, o, cb),
    );
  }

  /** Nodes, controllers and partition health of the cluster. */
  async describeCluster(): Promise<ClusterDescription> {
    return this.admin<wire.DescribeClusterResponse__Output>((c, o, cb) => c.describeCluster({}, o, cb));
  }

  /**
   * Sets partitions' target replica sets (preferred leader first). Each
   * partition's leader then moves its Raft group there: new replicas join and
   * catch up, leaving ones are removed. A new target replaces a move in
   * progress. With `validateOnly` the controller only checks the request and
   * answers what would happen. Refused as a whole with
   * INVALID_REPLICA_ASSIGNMENT, UNKNOWN_TOPIC, UNKNOWN_PARTITION or UNKNOWN_NODE.
   */
  async alterPartitionReassignments(reassignments: readonly PartitionReassignment[], options: { validateOnly?: boolean } = {}): Promise<ReassignmentStatus[]> {
    for (const r of reassignments) checkReplicas(r);
    return this.reassign(
      reassignments.map((r) => ({ topic: r.topic, partition: r.partition, replicas: [...r.replicas] })),
      options.validateOnly ?? false,
    );
  }

  /**
   * Cancels partitions' moves: each group goes back to the replicas it had.
   * A partition with no move in progress is answered with its status.
   */
  async cancelPartitionReassignments(partitions: readonly PartitionRef[]): Promise<ReassignmentStatus[]> {
    for (const p of partitions) checkPartitionRef(p);
    // An empty replica list is the wire's way of saying "cancel".
    return this.reassign(
      partitions.map((p) => ({ topic: p.topic, partition: p.partition, replicas: [] })),
      false,
    );
  }

  private async reassign(reassignments: wire.PartitionReassignment[], validateOnly: boolean): Promise<ReassignmentStatus[]> {
    if (reassignments.length === 0) return [];
    const resp = await this.admin<wire.AlterPartitionReassignmentsResponse__Output>((c, o, cb) => c.alterPartitionReassignments({ reassignments, validateOnly }, o, cb));
    if (!validateOnly) await this.conn.refreshMetadata().catch(() => undefined);
    return resp.reassignments.map(reassignmentFromWire);
  }

  /** Moves in progress (of the named topics, else of all), with the bytes each new replica still lacks. */
  async listPartitionReassignments(options: { topics?: readonly string[] } = {}): Promise<ReassignmentStatus[]> {
    const resp = await this.admin<wire.ListPartitionReassignmentsResponse__Output>((c, o, cb) => c.listPartitionReassignments({ topics: [...(options.topics ?? [])] }, o, cb));
    return resp.reassignments.map(reassignmentFromWire);
  }

  /**
   * Plans moves that even out replica counts and disk use across nodes and
   * racks (and finish decommissions, heal replicas on long-dead nodes) and
   * starts them, unless `dryRun`. `maxMoves` bounds the partitions moving at
   * once, moves in progress included (default: the cluster's
   * `reassignment.max.concurrent`).
   */
  async rebalance(options: { dryRun?: boolean; maxMoves?: number } = {}): Promise<RebalancePlan> {
    const maxMoves = options.maxMoves ?? 0;
    if (!Number.isInteger(maxMoves) || maxMoves < 0 || maxMoves > 2 ** 31 - 1) throw new RangeError(`maxMoves must be a whole number from 1 (0: the cluster default), got ${String(options.maxMoves)}`);
    const resp = await this.admin<wire.RebalanceResponse__Output>((c, o, cb) => c.rebalance({ dryRun: options.dryRun ?? false, maxMoves }, o, cb));
    return rebalanceFromWire(resp);
  }

  /**
   * Empties a node: it receives no new replicas and the balancer moves its
   * replicas away. NOT_ENOUGH_REPLICAS when the other nodes cannot hold every
   * partition's replicas. Answers the node's status.
   */
  async decommissionNode(nodeId: number): Promise<NodeStatus> {
    checkNodeId(nodeId);
    const resp = await this.admin<wire.DecommissionNodeResponse__Output>((c, o, cb) => c.decommissionNode({ nodeId }, o, cb));
    return answeredNode(resp.node, nodeId);
  }

  /** Takes a decommission back (moves already finished stay). Answers the node's status. */
  async recommissionNode(nodeId: number): Promise<NodeStatus> {
    checkNodeId(nodeId);
    const resp = await this.admin<wire.RecommissionNodeResponse__Output>((c, o, cb) => c.recommissionNode({ nodeId }, o, cb));
    return answeredNode(resp.node, nodeId);
  }

  /** Every registered node with its state, replica and leader counts and disk use. */
  async listNodes(): Promise<NodeStatus[]> {
    const resp = await this.admin<wire.ListNodesResponse__Output>((c, o, cb) => c.listNodes({}, o, cb));
    return resp.nodes.map(nodeStatusFromWire);
  }

  /**
   * Adds a running controller node to the controller quorum as a voter (it
   * catches up as a learner first). `internalAddress` is the host:port of its
   * internal listener, for a node the quorum does not know yet. Answers the
   * quorum after the change. Each attempt waits up to `timeoutMs` (default
   * {@link QUORUM_CHANGE_TIMEOUT_MS}): the controller answers only once the
   * new voter has caught up, or with TIMEOUT after its own bound.
   */
  async addControllerVoter(nodeId: number, options: { internalAddress?: string; timeoutMs?: number } = {}): Promise<ControllerVoter[]> {
    checkNodeId(nodeId);
    const internalAddress = options.internalAddress === undefined ? '' : checkAddress(options.internalAddress, 'internalAddress');
    const resp = await this.admin<wire.AddControllerVoterResponse__Output>((c, o, cb) => c.addControllerVoter({ nodeId, internalAddress }, o, cb), quorumTimeout(options.timeoutMs));
    return votersFromWire(resp.controllers);
  }

  /**
   * Removes a voter (a dead one, or one to retire) from the controller quorum.
   * Answers the quorum after. Each attempt waits up to `timeoutMs` (default
   * {@link QUORUM_CHANGE_TIMEOUT_MS}): removing the active controller waits for it to hand over.
   */
  async removeControllerVoter(nodeId: number, options: { timeoutMs?: number } = {}): Promise<ControllerVoter[]> {
    checkNodeId(nodeId);
    const resp = await this.admin<wire.RemoveControllerVoterResponse__Output>((c, o, cb) => c.removeControllerVoter({ nodeId }, o, cb), quorumTimeout(options.timeoutMs));
    return votersFromWire(resp.controllers);
  }

  /**
   * Creates a user's SCRAM credential (default SCRAM-SHA-256, 4096 iterations).
   * The controller derives the salted credential; the password is not stored.
   */
  async createUser(name: string, password: string, options: { mechanism?: ScramMechanism; iterations?: number } = {}): Promise<UserSummary> {
    const req: wire.CreateUserRequest = { name, password, mechanism: aclWire.mechanism(options.mechanism ?? 'SCRAM-SHA-256'), iterations: options.iterations ?? 0 };
    const resp = await this.admin<wire.CreateUserResponse__Output>((c, o, cb) => c.createUser(req, o, cb));
    return userFromWire(resp.user ?? { name, mechanisms: [] });
  }

  /** Deletes a user's credential for one mechanism, or all of them. */
  async deleteUser(name: string, mechanism?: ScramMechanism): Promise<void> {
    await this.admin<wire.DeleteUserResponse__Output>((c, o, cb) => c.deleteUser({ name, mechanism: mechanism ? aclWire.mechanism(mechanism) : 'SCRAM_MECHANISM_UNSPECIFIED' }, o, cb));
  }

  /** Users and their mechanisms. */
  async listUsers(): Promise<UserSummary[]> {
    const resp = await this.admin<wire.ListUsersResponse__Output>((c, o, cb) => c.listUsers({}, o, cb));
    return resp.users.map(userFromWire);
  }

  /** Adds ACL bindings (all or none); answers how many were new. */
  async createAcls(bindings: readonly AclBinding[]): Promise<number> {
    const resp = await this.admin<wire.CreateAclsResponse__Output>((c, o, cb) => c.createAcls({ acls: bindings.map(aclBindingToWire) }, o, cb));
    return resp.created;
  }

  /** Removes every binding matching any filter; answers the bindings removed. */
  async deleteAcls(filters: readonly AclFilter[]): Promise<AclBinding[]> {
    const resp = await this.admin<wire.DeleteAclsResponse__Output>((c, o, cb) => c.deleteAcls({ filters: filters.map(aclFilterToWire) }, o, cb));
    return bindingsFromWire(resp.deleted);
  }

  /** Bindings matching the filter (all without one). */
  async listAcls(filter: AclFilter = {}): Promise<AclBinding[]> {
    const resp = await this.admin<wire.ListAclsResponse__Output>((c, o, cb) => c.listAcls({ filter: aclFilterToWire(filter) }, o, cb));
    return bindingsFromWire(resp.acls);
  }

  /** Sets a principal's quotas: given values replace, 0 removes that limit, absent ones stay. Answers the quotas after. */
  async setQuota(principal: string, limits: QuotaLimits): Promise<QuotaLimits> {
    const resp = await this.admin<wire.SetQuotaResponse__Output>((c, o, cb) => c.setQuota({ quota: quotaToWire(principal, limits) }, o, cb));
    return resp.quota ? quotaFromWire(resp.quota) : {};
  }

  /** Removes every quota of a principal. */
  async deleteQuota(principal: string): Promise<void> {
    await this.admin<wire.DeleteQuotaResponse__Output>((c, o, cb) => c.deleteQuota({ principal }, o, cb));
  }

  /** Every principal with quotas. */
  async listQuotas(): Promise<QuotaEntry[]> {
    const resp = await this.admin<wire.ListQuotasResponse__Output>((c, o, cb) => c.listQuotas({}, o, cb));
    return resp.quotas.map((q) => ({ principal: q.principal, limits: quotaFromWire(q) }));
  }

  /** Every consumer group with its state and member count. */
  async listGroups(): Promise<GroupSummary[]> {
    const resp = await this.conn.anyNodeCall((c) => this.conn.unary<wire.ListGroupsResponse__Output>((o, cb) => c.group.listGroups({}, o, cb)));
    return resp.groups;
  }

  /** A group's members, assignments, committed offsets and lag (from its coordinator). */
  async describeGroup(groupId: string): Promise<GroupDescription> {
    return this.coordinator(groupId, (g, o, cb) => g.describeGroup({ groupId }, o, cb));
  }

  /** Deletes a group without active members, and its committed offsets. */
  async deleteGroup(groupId: string): Promise<void> {
    await this.coordinator<wire.DeleteGroupResponse__Output>(groupId, (g, o, cb) => g.deleteGroup({ groupId }, o, cb));
  }

  /** Sets a group's committed offsets for a topic (all its partitions unless named); the group must have no active members. */
  async resetGroupOffsets(groupId: string, topic: string, to: ResetTarget, partitions: readonly number[] = []): Promise<CommittedOffset[]> {
    const req: wire.ResetOffsetsRequest = { groupId, topic, partitions: [...partitions] };
    if ('earliest' in to) req.toEarliest = true;
    else if ('latest' in to) req.toLatest = true;
    else if ('offset' in to) req.toOffset = String(to.offset);
    else req.toTimestampMs = String(to.timestamp instanceof Date ? to.timestamp.getTime() : to.timestamp);
    const resp = await this.coordinator<wire.ResetOffsetsResponse__Output>(groupId, (g, o, cb) => g.resetOffsets(req, o, cb));
    return resp.offsets;
  }

  private admin<T>(invoke: (c: wire.AdminServiceClient, o: CallOptions, cb: Callback<T>) => ClientUnaryCall, timeoutMs?: number): Promise<T> {
    return this.conn.controllerCall((clients) => this.conn.unary<T>((o, cb) => invoke(clients.admin, o, cb), timeoutMs));
  }

  private coordinator<T>(groupId: string, invoke: (g: wire.GroupServiceClient, o: CallOptions, cb: Callback<T>) => ClientUnaryCall): Promise<T> {
    return this.conn.nodeCall(
      async () => {
        const known = this.coordinators.get(groupId);
        if (known) return known;
        const r = await this.conn.anyNodeCall((c) => this.conn.unary<wire.FindCoordinatorResponse__Output>((o, cb) => c.group.findCoordinator({ groupId }, o, cb)));
        const address = r.address || this.conn.metadata.node(r.nodeId)?.address;
        if (!address) throw new EddyError('NOT_COORDINATOR', `No coordinator address for group "${groupId}"`);
        this.coordinators.set(groupId, address);
        return address;
      },
      (clients) => this.conn.unary<T>((o, cb) => invoke(clients.group, o, cb)),
      (err) => {
        if (err instanceof EddyError && err.code === 'NOT_COORDINATOR' && err.details.leaderAddress) this.coordinators.set(groupId, err.details.leaderAddress);
        else this.coordinators.delete(groupId);
      },
    );
  }
}

/**
 * How long one attempt of a controller quorum change may take by default:
 * longer than the controller's own bound on a new voter catching up (60 s),
 * so its answer (done, or TIMEOUT saying what to check) arrives rather than
 * the client giving up first and asking again.
 */
export const QUORUM_CHANGE_TIMEOUT_MS = 90_000;

function quorumTimeout(timeoutMs: number | undefined): number {
  if (timeoutMs === undefined) return QUORUM_CHANGE_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new RangeError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  return timeoutMs;
}

function userFromWire(u: wire.UserInfo__Output): UserSummary {
  return { name: u.name, mechanisms: u.mechanisms.map((m) => aclFromWire.mechanism(m)).filter((m): m is ScramMechanism => m !== undefined) };
}

/** Bindings a server sent; one this client cannot read (a newer server's enum) is left out rather than guessed. */
function bindingsFromWire(list: readonly wire.AclBinding__Output[]): AclBinding[] {
  return list.map(aclBindingFromWire).filter((b): b is AclBinding => typeof b !== 'string');
}
