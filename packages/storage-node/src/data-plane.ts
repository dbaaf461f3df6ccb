// The data plane of one storage node, assembled: replicas (one Raft group per
// partition replica on the node's RaftHost), Produce, Fetch/Subscribe/
// ListOffsets, background retention and metrics. The server owns the
// RaftHost, the LevelRaftStore, the gRPC server and the catalog feed.
import { silentLogger, type Logger } from '@eddy/protocol';
import type { LevelRaftStore, NodeId, RaftHost } from '@eddy/raft';
import type { Server } from '@grpc/grpc-js';
import type { Registry } from 'prom-client';
import type { PartitionCatalog } from './catalog/partition-catalog.js';
import { FetchService } from './fetch/fetch-service.js';
import { addStorageServices } from './grpc/add-storage-services.js';
import type { ProducerIdSource } from './grpc/produce-handlers.js';
import { StorageMetrics } from './metrics/storage-metrics.js';
import { ReplicaManager } from './partition/replica-manager.js';
import { ProduceService } from './produce/produce-service.js';
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
  clock?: () => number;
  /** Produce's replication wait when the request gives none. */
  defaultProduceTimeoutMs?: number;
}

export class DataPlane {
  readonly replicas: ReplicaManager;
  readonly produce: ProduceService;
  readonly fetch: FetchService;
  readonly retention: RetentionManager;
  readonly metrics: StorageMetrics | undefined;

  constructor(private readonly options: DataPlaneOptions) {
    const logger = options.logger ?? silentLogger();
    this.metrics = options.registry ? new StorageMetrics(options.registry) : undefined;
    this.replicas = new ReplicaManager({
      nodeId: options.nodeId,
      host: options.host,
      store: options.store,
      catalog: options.catalog,
      logger,
      ...(options.leaderHint ? { leaderHint: options.leaderHint } : {}),
      ...(options.raftCacheEntries !== undefined ? { cacheTrimEntries: options.raftCacheEntries } : {}),
    });
    const clock = options.clock ?? Date.now;
    this.produce = new ProduceService({
      replicas: this.replicas,
      metrics: this.metrics,
      clock,
      ...(options.defaultProduceTimeoutMs !== undefined ? { defaultTimeoutMs: options.defaultProduceTimeoutMs } : {}),
    });
    this.fetch = new FetchService({ replicas: this.replicas, metrics: this.metrics });
    this.retention = new RetentionManager({
      replicas: this.replicas,
      clock,
      logger,
      ...(options.retentionIntervalMs !== undefined ? { intervalMs: options.retentionIntervalMs } : {}),
    });
    const replicas = this.replicas;
    this.metrics?.bind({
      *partitions() {
        for (const r of replicas.replicas()) {
          yield { topic: r.assignment.topic, partition: r.assignment.partition, isLeader: r.isLeader, underReplicated: r.laggingFollowers() > 0, sizeBytes: r.state.sizeBytes };
        }
      },
    });
  }

  /** Opens every assigned replica and starts retention. The RaftHost must be started. */
  async start(): Promise<void> {
    await this.replicas.start();
    this.retention.start();
  }

  /** Stops retention and closes every replica (data stays on disk). Stop the RaftHost afterwards. */
  async stop(): Promise<void> {
    await this.retention.stop();
    await this.replicas.stop();
  }

  /** Registers ProduceService and FetchService on a gRPC server. */
  addTo(server: Server): void {
    addStorageServices(server, { produce: this.produce, fetch: this.fetch, replicas: this.replicas, metrics: this.metrics, producerIds: this.options.producerIds });
  }
}
