// Thin wrappers over AdminService (topics, configs, cluster; served by the
// active controller: NOT_CONTROLLER answers are followed to the hinted node)
// and the group half of GroupService (served by each group's coordinator).
import type { CallOptions, ClientUnaryCall, ServiceError } from '@grpc/grpc-js';
import { EddyError, type wire } from '@eddy/protocol';
import type { ClusterConnection } from '../connection/cluster-connection.js';

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

  private admin<T>(invoke: (c: wire.AdminServiceClient, o: CallOptions, cb: Callback<T>) => ClientUnaryCall): Promise<T> {
    return this.conn.controllerCall((clients) => this.conn.unary<T>((o, cb) => invoke(clients.admin, o, cb)));
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
