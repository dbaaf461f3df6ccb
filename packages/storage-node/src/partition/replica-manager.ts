// The partition replicas of one node: opens a replica (joins its Raft group)
// for every assignment the catalog lists, closes them as assignments go, and
// answers "which replica serves topic T partition P here" with the errors a
// client acts on (UNKNOWN_TOPIC, UNKNOWN_PARTITION, NOT_LEADER + hint).
import { NotLeaderError, UnknownPartitionError, UnknownTopicError, silentLogger, type ErrorDetails, type Logger } from '@eddy/protocol';
import type { LevelRaftStore, NodeId, RaftHost } from '@eddy/raft';
import type { CatalogEvent, PartitionAssignment, PartitionCatalog } from '../catalog/partition-catalog.js';
import { PartitionReplica } from './partition-replica.js';
import type { RemoteSegmentReads } from './replica-reads.js';
import type { PeerLogStatus } from './replica-membership.js';

/** How often partition leaders look at their replica sets (moves, preferred leader). */
export const MEMBERSHIP_INTERVAL_MS = 1000;

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
  /** See ReplicaDeps.peerLogStatus. */
  peerLogStatus?: (nodeId: NodeId, groupId: string) => Promise<PeerLogStatus>;
  /** Default MEMBERSHIP_INTERVAL_MS. */
  membershipIntervalMs?: number;
  /** See ReplicaDeps.onRepaired. */
  onRepaired?: (replica: PartitionReplica) => void;
  /** See ReplicaDeps.storageFull. */
  storageFull?: () => boolean;
  /** See ReplicaDeps.remoteReads. */
  remoteReads?: RemoteSegmentReads;
  /** The topic of a replica dropped here was deleted: its remote tier goes too (TierManager). */
  onPartitionDeleted?: (topicId: string, partition: number) => void;
}

export class ReplicaManager {
  private readonly replicasByKey = new Map<string, PartitionReplica>();
  private readonly logger: Logger;
  private unsubscribe: (() => void) | undefined;
  private queue: Promise<void> = Promise.resolve();
  private membershipTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: ReplicaManagerOptions) {
    this.logger = options.logger ?? silentLogger();
  }

  /** Opens a replica for every current assignment, then follows catalog changes. */
  async start(): Promise<void> {
    this.unsubscribe = this.options.catalog.subscribe((event) => {
      this.queue = this.queue.then(() => this.onEvent(event)).catch((err: unknown) => this.logger.error({ err, event: event.type }, 'could not apply a catalog change'));
    });
    // The replicas listed now open on the same queue as the changes, ahead of
    // them: a change that arrives while a partition opens (a restarted node
    // learning of a move) must not open it a second time. Two replicas of one
    // Raft group would leave the group applying to one while the node serves
    // the other, which never learns it leads and refuses every read.
    const opened = this.queue.then(async () => {
      for (const a of this.options.catalog.assignments()) await this.open(a);
    });
    this.queue = opened.catch(() => undefined);
    await opened;
    this.membershipTimer = setInterval(() => this.stepMemberships(), this.options.membershipIntervalMs ?? MEMBERSHIP_INTERVAL_MS);
    this.membershipTimer.unref();
  }

  /** Lets every partition this node leads take its next step towards its replica set; drops replicas that left their group. */
  private stepMemberships(): void {
    for (const r of this.replicasByKey.values()) {
      if (r.isClosed) continue;
      if (r.lingering) this.queue = this.queue.then(() => this.dropIfOutOfGroup(r)).catch((err: unknown) => this.logger.error({ err, partition: r.name }, 'could not drop a replica'));
      if (r.isLeader) void r.membership.step();
    }
  }

  /**
   * The catalog no longer lists this node for the partition. Its data goes
   * only once no Raft configuration can still count on it: at once when the
   * topic is gone or no move is in progress (the controller records a move
   * done only after the leader reported a configuration without this node);
   * while a move is in progress (e.g. cancelled after this node joined), not
   * before the group's configuration, as applied here, leaves it out. Until
   * then it keeps following (or, as leader, moves the group on without it).
   */
  private async dropIfOutOfGroup(r: PartitionReplica): Promise<void> {
    const { topicId, partition } = r.assignment;
    const key = keyOf(topicId, partition);
    if (this.replicasByKey.get(key) !== r || r.isClosed) return;
    const placement = this.options.catalog.placement(topicId, partition);
    const self = this.options.nodeId;
    if (placement && (placement.replicas.includes(self) || placement.targetReplicas.includes(self))) {
      r.lingering = false;
      return;
    }
    if (placement && placement.targetReplicas.length > 0 && r.isOpen && r.memberOfGroup) {
      if (!r.lingering) this.logger.info({ partition: r.name }, 'no longer a target replica, but still in the group: staying until the group leaves this node out');
      r.lingering = true;
      r.assignment = { ...r.assignment, replicas: placement.replicas, targetReplicas: placement.targetReplicas };
      return;
    }
    this.replicasByKey.delete(key);
    await r.close({ destroy: true });
    if (!placement) this.options.onPartitionDeleted?.(topicId, partition);
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
        const r = this.replicasByKey.get(keyOf(event.topicId, event.partition));
        if (r) await this.dropIfOutOfGroup(r);
        return;
      }
      case 'replicas-changed': {
        const r = this.replicasByKey.get(keyOf(event.assignment.topicId, event.assignment.partition));
        if (r) {
          r.assignment = { ...event.assignment, config: r.assignment.config };
          if (r.isLeader) void r.membership.step();
        } else await this.open(event.assignment);
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
        ...(this.options.onRepaired ? { onRepaired: this.options.onRepaired } : {}),
        ...(this.options.peerLogStatus ? { peerLogStatus: this.options.peerLogStatus } : {}),
        ...(this.options.storageFull ? { storageFull: this.options.storageFull } : {}),
        ...(this.options.remoteReads ? { remoteReads: this.options.remoteReads } : {}),
      },
      a,
    );
    this.replicasByKey.set(key, replica);
  }

  /** Stops every replica (their data stays on disk). */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    clearInterval(this.membershipTimer);
    await this.queue;
    for (const r of this.replicasByKey.values()) await r.close();
    this.replicasByKey.clear();
  }

  /**
   * A stored entry of `groupId` failed its checks (a read elsewhere than the
   * replica's own, the scrubber): the replica that owns the group repairs it.
   */
  damageFound(groupId: string, index: number, reason: string): void {
    for (const r of this.replicas()) {
      if (r.groupId !== groupId) continue;
      r.repairDamaged(index, reason).catch((err: unknown) => this.logger.warn({ err, partition: r.name, index }, 'could not start repairing a damaged entry'));
      return;
    }
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
