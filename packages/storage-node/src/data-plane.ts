// The data plane of one storage node, assembled: replicas (one Raft group per
// partition replica on the node's RaftHost), Produce, Fetch/Subscribe/
// ListOffsets, background retention, the remote tier (tiered topics) and metrics. The server owns the
// RaftHost, the LevelRaftStore, the gRPC server and the catalog feed.
import { silentLogger, type Logger } from '@eddy/protocol';
import type { LevelRaftStore, NodeId, RaftHost } from '@eddy/raft';
import type { Server } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { PartitionCatalog } from './catalog/partition-catalog.js';
import type { StorageFullness } from './disk/storage-space.js';
import { FetchService } from './fetch/fetch-service.js';
import { addStorageServices } from './grpc/add-storage-services.js';
import type { ProducerIdSource } from './grpc/produce-handlers.js';
import { StorageMetrics } from './metrics/storage-metrics.js';
import type { PartitionReplica } from './partition/partition-replica.js';
import { PartitionLogSource } from './partition/replica-backfill.js';
import { ReplicaManager } from './partition/replica-manager.js';
import type { PeerLogStatus } from './partition/replica-membership.js';
import { ProduceService } from './produce/produce-service.js';
import { TierManager, type TierMetrics } from './remote/tier-manager.js';
import type { RemoteStore } from './remote/store/remote-store.js';
import { RetentionManager } from './retention/retention-manager.js';

export interface DataPlaneOptions {
  nodeId: NodeId;
  host: RaftHost;
  store: LevelRaftStore;
  catalog: PartitionCatalog;
  logger?: Logger;
  /** Metrics go here when given (the process's registry, never the global one). */
  registry?: Registry;
  /** Leader of partitions not hosted here, for NOT_LEADER hints. */
  leaderHint?: (topic: string, partition: number) => number | undefined;
  producerIds?: ProducerIdSource;
  retentionIntervalMs?: number;
  /** Entries of a partition's Raft log kept in memory before it is trimmed (reads go to LevelDB). */
  raftCacheEntries?: number;
  /** ... and bytes of entries applied before it is trimmed. */
  raftCacheBytes?: number;
  /** A leader's snapshots never pass a follower lagging by at most this many entries (default 50,000). */
  maxFollowerLagKept?: number;
  clock?: () => number;
  /** Produce's replication wait when the request gives none. */
  defaultProduceTimeoutMs?: number;
  /** Called when this node learns a partition's leader changed (report it to the controller). */
  onLeadershipChange?: (leadership: PartitionLeadership) => void;
  /** Bytes per second of log reads this node serves to backfilling peers, all together; 0 or absent: unlimited. */
  replicationThrottleBytes?: number;
  /** Asks another node what it holds of a group's log: replica moves promote a new replica only once it holds all of it. */
  peerLogStatus?: (nodeId: number, groupId: string) => Promise<PeerLogStatus>;
  /** How often partition leaders step their replica sets; default MEMBERSHIP_INTERVAL_MS. */
  membershipIntervalMs?: number;
  /**
   * This node's disk (disk/storage-space.ts). While it is storage full, produce is refused,
   * leaderships go to replicas on nodes that are not, and peers asking ReplicaStatus hear it.
   */
  space?: StorageFullness;
  /** A replica finished repairing damaged stored entries (IntegrityMetrics.repaired). */
  onRepaired?: () => void;
  /** The cluster's object store (--remote-storage): tiered topics upload to it and read from it. */
  remoteStore?: RemoteStore;
  /** Metrics of the remote tier (RemoteMetrics). */
  remoteMetrics?: TierMetrics;
  /** How often a leader looks for orphaned remote objects; default 5 min. */
  remoteCleanupIntervalMs?: number;
}

/** Who leads a partition hosted here, as this node knows it. */
export interface PartitionLeadership {
  topic: string;
  topicId: string;
  partition: number;
  /** 0 when no leader is known. */
  leaderId: number;
  /** The partition leader epoch (the Raft term). */
  leaderEpoch: number;
  isLeader: boolean;
}

function leadershipOf(r: PartitionReplica): PartitionLeadership {
  return {
    topic: r.assignment.topic,
    topicId: r.assignment.topicId,
    partition: r.assignment.partition,
    leaderId: r.leaderId,
    leaderEpoch: r.leaderEpoch,
    isLeader: r.isLeader,
  };
}

export class DataPlane {
  readonly replicas: ReplicaManager;
  readonly produce: ProduceService;
  readonly fetch: FetchService;
  readonly retention: RetentionManager;
  readonly metrics: StorageMetrics | undefined;
  /** The remote tier; undefined without an object store. */
  readonly tier: TierManager | undefined;

  constructor(private readonly options: DataPlaneOptions) {
    const logger = options.logger ?? silentLogger();
    this.tier = options.remoteStore
      ? new TierManager({
          store: options.remoteStore,
          replicas: () => this.replicas.replicas(),
          logger: logger.child({ component: 'remote-tier' }),
          ...(options.remoteMetrics ? { metrics: options.remoteMetrics } : {}),
          ...(options.clock ? { clock: options.clock } : {}),
          ...(options.remoteCleanupIntervalMs !== undefined ? { cleanupIntervalMs: options.remoteCleanupIntervalMs } : {}),
        })
      : undefined;
    const tier = this.tier;
    this.metrics = options.registry ? new StorageMetrics(options.registry) : undefined;
    const transport = options.host.transport;
    const peerLogStatus = options.peerLogStatus ?? (transport.replicaStatus ? (nodeId: number, groupId: string) => transport.replicaStatus!(nodeId, groupId) : undefined);
    this.replicas = new ReplicaManager({
      nodeId: options.nodeId,
      host: options.host,
      store: options.store,
      catalog: options.catalog,
      logger,
      ...(options.leaderHint ? { leaderHint: options.leaderHint } : {}),
      ...(options.raftCacheEntries !== undefined ? { cacheTrimEntries: options.raftCacheEntries } : {}),
      ...(options.raftCacheBytes !== undefined ? { cacheTrimBytes: options.raftCacheBytes } : {}),
      ...(options.maxFollowerLagKept !== undefined ? { maxFollowerLagKept: options.maxFollowerLagKept } : {}),
      ...(options.onLeadershipChange ? { onLeaderChange: (r: PartitionReplica) => options.onLeadershipChange?.(leadershipOf(r)) } : {}),
      // Moves ask a new replica's node whether it holds the whole log (RaftService.ReplicaStatus).
      ...(peerLogStatus ? { peerLogStatus } : {}),
      ...(options.membershipIntervalMs !== undefined ? { membershipIntervalMs: options.membershipIntervalMs } : {}),
      ...(this.metrics ? { onBackfilled: (bytes: number) => this.metrics?.backfillBytes.inc(bytes) } : {}),
      ...(options.space ? { storageFull: () => options.space?.full === true } : {}),
      ...(options.onRepaired ? { onRepaired: () => options.onRepaired?.() } : {}),
      ...(tier ? { remoteReads: tier.reads, onPartitionDeleted: (topicId: string, partition: number) => tier.partitionDeleted(topicId, partition) } : {}),
    });
    // Peers rebuilt from a leader snapshot copy the log below it from the replicas here (replica-backfill.ts).
    transport.serveLog?.(new PartitionLogSource(() => this.replicas.replicas(), options.store, options.nodeId), { bytesPerSecond: options.replicationThrottleBytes ?? 0 });
    // ... and tell a leader moving a replica set whether the replica here holds the whole log.
    transport.serveReplicaStatus?.((group) => {
      for (const r of this.replicas.replicas()) {
        if (r.groupId !== group || !r.isOpen || r.isClosed) continue;
        // A replica repairing a cut log does not hold its whole log either.
        const status = r.backfill.status();
        return { ...status, complete: status.complete && !r.repairing, storageFull: options.space?.full === true };
      }
      return undefined;
    });
    const clock = options.clock ?? Date.now;
    this.produce = new ProduceService({
      replicas: this.replicas,
      metrics: this.metrics,
      clock,
      ...(options.defaultProduceTimeoutMs !== undefined ? { defaultTimeoutMs: options.defaultProduceTimeoutMs } : {}),
      space: options.space,
    });
    this.fetch = new FetchService({ replicas: this.replicas, metrics: this.metrics });
    this.retention = new RetentionManager({
      replicas: this.replicas,
      clock,
      logger,
      ...(options.retentionIntervalMs !== undefined ? { intervalMs: options.retentionIntervalMs } : {}),
      ...(tier ? { tier } : {}),
    });
    const replicas = this.replicas;
    this.metrics?.bind({
      *partitions() {
        for (const r of replicas.replicas()) {
          const backfill = r.backfill.status();
          yield {
            topic: r.assignment.topic,
            partition: r.assignment.partition,
            isLeader: r.isLeader,
            underReplicated: r.laggingFollowers() > 0,
            sizeBytes: r.state.sizeBytes,
            heldBatches: r.heldBatches,
            backfilling: !backfill.complete,
            backfillBytesRemaining: backfill.bytesMissing,
            repairing: r.repairing,
          };
        }
      },
    });
  }

  /** Opens every assigned replica and starts retention. The RaftHost must be started. */
  async start(): Promise<void> {
    await this.replicas.start();
    this.retention.start();
    this.tier?.start();
  }

  /** Stops retention and closes every replica (data stays on disk). Stop the RaftHost afterwards. */
  async stop(): Promise<void> {
    await this.retention.stop();
    await this.tier?.stop();
    await this.replicas.stop();
  }

  /** Leadership of every partition hosted here (what the node reports to the controller). */
  leadership(): PartitionLeadership[] {
    return [...this.replicas.replicas()].map(leadershipOf);
  }

  /**
   * Graceful shutdown, first step: hands every leadership held here to another
   * live, caught-up voter, so clients move before this node stops. Returns how
   * many partitions are still led here: those with no live voter (given up at
   * once) and those not moved when the timeout expires.
   */
  async transferLeaderships(timeoutMs = 5_000): Promise<number> {
    const led = [...this.replicas.replicas()].filter((r) => r.isLeader);
    const moved = await Promise.all(led.map((r) => r.transferLeadership(timeoutMs)));
    return moved.filter((ok) => !ok).length;
  }

  /** Registers ProduceService and FetchService on a gRPC server. */
  addTo(server: Server): void {
    addStorageServices(server, { produce: this.produce, fetch: this.fetch, replicas: this.replicas, metrics: this.metrics, producerIds: this.options.producerIds });
  }
}
