// The partition replicas of one node: opens a replica (joins its Raft group)
// for every assignment the catalog lists, closes them as assignments go, and
// answers "which replica serves topic T partition P here" with the errors a
// client acts on (UNKNOWN_TOPIC, UNKNOWN_PARTITION, NOT_LEADER + hint).
import { NotLeaderError, UnknownPartitionError, UnknownTopicError, silentLogger, type ErrorDetails, type Logger } from '@eddy/protocol';
import type { LevelRaftStore, NodeId, RaftHost } from '@eddy/raft';
import type { CatalogEvent, PartitionAssignment, PartitionCatalog } from '../catalog/partition-catalog.js';
import { PartitionReplica } from './partition-replica.js';

export interface ReplicaManagerOptions {
  nodeId: NodeId;
  host: RaftHost;
  store: LevelRaftStore;
  catalog: PartitionCatalog;
  logger?: Logger;
  /** Optional: the leader of a partition this node does not host (from the metadata image), for hints. */
  leaderHint?: (topic: string, partition: number) => number | undefined;
  onApplied?: (replica: PartitionReplica) => void;
  /** See ReplicaDeps.cacheTrimEntries. */
  cacheTrimEntries?: number;
  /** See ReplicaDeps.cacheTrimBytes. */
  cacheTrimBytes?: number;
  /** See ReplicaDeps.maxFollowerLagKept. */
  maxFollowerLagKept?: number;
  onLeaderChange?: (replica: PartitionReplica) => void;
  /** See ReplicaDeps.onBackfilled. */
  onBackfilled?: (bytes: number) => void;
}

export class ReplicaManager {
  private readonly replicasByKey = new Map<string, PartitionReplica>();
  private readonly logger: Logger;
  private unsubscribe: (() => void) | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly options: ReplicaManagerOptions) {
    this.logger = options.logger ?? silentLogger();
  }

  /** Opens a replica for every current assignment, then follows catalog changes. */
  async start(): Promise<void> {
    this.unsubscribe = this.options.catalog.subscribe((event) => {
      this.queue = this.queue.then(() => this.onEvent(event)).catch((err: unknown) => this.logger.error({ err, event: event.type }, 'could not apply a catalog change'));
    });
    for (const a of this.options.catalog.assignments()) await this.open(a);
  }

  /** Waits until catalog changes received so far are applied. */
  async settled(): Promise<void> {
    await this.queue;
  }

  private async onEvent(event: CatalogEvent): Promise<void> {
    switch (event.type) {
      case 'assigned':
        await this.open(event.assignment);
        return;
      case 'unassigned': {
        const key = keyOf(event.topicId, event.partition);
        const r = this.replicasByKey.get(key);
        if (!r) return;
        this.replicasByKey.delete(key);
        await r.close({ destroy: true });
        return;
      }
      case 'config-changed':
        for (const r of this.replicasByKey.values()) if (r.assignment.topicId === event.topicId) r.assignment = { ...r.assignment, config: event.config };
        return;
    }
  }

  private async open(a: PartitionAssignment): Promise<void> {
    const key = keyOf(a.topicId, a.partition);
    const existing = this.replicasByKey.get(key);
    if (existing) {
      existing.assignment = a;
      return;
    }
    const replica = await PartitionReplica.open(
      {
        host: this.options.host,
        store: this.options.store,
        nodeId: this.options.nodeId,
        logger: this.logger.child({ partition: `${a.topic}-${a.partition}` }),
        ...(this.options.cacheTrimEntries !== undefined ? { cacheTrimEntries: this.options.cacheTrimEntries } : {}),
        ...(this.options.cacheTrimBytes !== undefined ? { cacheTrimBytes: this.options.cacheTrimBytes } : {}),
        ...(this.options.maxFollowerLagKept !== undefined ? { maxFollowerLagKept: this.options.maxFollowerLagKept } : {}),
        nodeAddress: (id) => this.options.catalog.nodeAddress(id),
        ...(this.options.onApplied ? { onApplied: this.options.onApplied } : {}),
        ...(this.options.onLeaderChange ? { onLeaderChange: this.options.onLeaderChange } : {}),
        ...(this.options.onBackfilled ? { onBackfilled: this.options.onBackfilled } : {}),
      },
      a,
    );
    this.replicasByKey.set(key, replica);
  }

  /** Stops every replica (their data stays on disk). */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.queue;
    for (const r of this.replicasByKey.values()) await r.close();
    this.replicasByKey.clear();
  }

  replicas(): IterableIterator<PartitionReplica> {
    return this.replicasByKey.values();
  }

  /** The replica of topic/partition hosted here, or the error a client should get. */
  replica(topic: string, partition: number): PartitionReplica {
    const t = this.options.catalog.topic(topic);
    if (!t) throw new UnknownTopicError(`topic "${topic}" does not exist`, { details: { topic } });
    if (!Number.isInteger(partition) || partition < 0 || partition >= t.partitionCount) {
      throw new UnknownPartitionError(`topic "${topic}" has partitions 0 to ${t.partitionCount - 1}; there is no partition ${partition}`, { details: { topic, partition } });
    }
    const r = this.replicasByKey.get(keyOf(t.topicId, partition));
    if (!r || r.isClosed) {
      const details: ErrorDetails = { topic, partition };
      const leaderId = this.options.leaderHint?.(topic, partition);
      if (leaderId !== undefined && leaderId > 0) {
        details.leaderId = leaderId;
        const address = this.options.catalog.nodeAddress(leaderId);
        if (address !== undefined) details.leaderAddress = address;
      }
      throw new NotLeaderError(`node ${this.options.nodeId} hosts no replica of ${topic}-${partition}`, { details });
    }
    return r;
  }

  /** The replica, which must lead its partition. */
  leader(topic: string, partition: number): PartitionReplica {
    const r = this.replica(topic, partition);
    r.ensureLeader();
    return r;
  }
}

function keyOf(topicId: string, partition: number): string {
  return `${topicId}/${partition}`;
}
