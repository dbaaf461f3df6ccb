// @eddy/storage-node: partition replicas (one Raft group each) on LevelDB: produce, fetch, subscribe, list offsets, retention.
export { DataPlane, type DataPlaneOptions, type PartitionLeadership } from './data-plane.js';
export type { PartitionCatalog, PartitionAssignment, TopicInfo, CatalogEvent } from './catalog/partition-catalog.js';
export { StaticPartitionCatalog, type StaticTopic } from './catalog/static-catalog.js';
export { PartitionReplica, partitionGroupId, Acks, type AppendOptions, type AppendResult, type ReadResult, type ReplicaDeps } from './partition/partition-replica.js';
export { ReplicaManager, type ReplicaManagerOptions } from './partition/replica-manager.js';
export { PartitionState, type ApplyOutcome } from './partition/partition-state.js';
export { ProduceService, validateBatch, type ProduceInput, type ProduceOutput, type ProduceServiceOptions } from './produce/produce-service.js';
export { ProducerIdBlocks, type ProducerIdBlock } from './produce/producer-id-blocks.js';
export { encodePlainRecords, type PlainRecordInput, type PlainRecordsInput } from './produce/plain-records.js';
export {
  FetchService,
  RecordFormat,
  type FetchInput,
  type FetchPartitionInput,
  type FetchedPartitionOutput,
  type ConsumedRecordOutput,
  type ListOffsetsInput,
  type ListedOffsetOutput,
  type OffsetSpec,
  type FetchServiceOptions,
} from './fetch/fetch-service.js';
export { SubscribeSession, type SubscribeSink, type SubscribeChunk, type SubscribeStartInput } from './fetch/subscribe-session.js';
export { RetentionManager, type RetentionManagerOptions } from './retention/retention-manager.js';
export { retentionCut, type RetentionCut, type RetentionInput } from './retention/retention-policy.js';
export { StorageMetrics, type StorageMetricsSource } from './metrics/storage-metrics.js';
export { Scrubber, SCRUB_CHUNK_BYTES, SCRUB_MIN_PASS_INTERVAL_MS, type ScrubberOptions, type EntryVerifier } from './integrity/scrubber.js';
export { ScrubCursor, scrubRangeOf, type ScrubRange, type ScrubStep, type ScrubbableReplica } from './integrity/scrub-cursor.js';
export { DamageReporter, LogBurstLimit, type DamageReporterOptions, type DamageSink } from './integrity/damage-reports.js';
export { IntegrityMetrics, DAMAGE_PLACES } from './integrity/integrity-metrics.js';
export { StorageSpace, DEFAULT_MIN_FREE_BYTES, RESUME_FACTOR, nextLowSpace, type StorageSpaceOptions, type StorageFullness, type DiskSpace } from './disk/storage-space.js';
export { LevelWriteGate, isNoSpaceError, type GatedDatabase } from './disk/level-write-gate.js';
export { addStorageServices, type StorageServices } from './grpc/add-storage-services.js';
export { produceHandlers, type ProducerIdSource } from './grpc/produce-handlers.js';
export { fetchHandlers } from './grpc/fetch-handlers.js';
export * from './group/index.js';
export * from './remote/store/index.js';
export { RemoteMetrics } from './remote/remote-metrics.js';
export { TierManager, MAX_SEGMENT_BYTES, type TierManagerOptions, type TierMetrics } from './remote/tier-manager.js';
export { remoteRetentionCut, tieredLocalCut, type RemoteRetentionCut } from './remote/tier-retention.js';
export { parseSegmentKey, partitionPrefix, segmentKey, type RemoteSegment } from './remote/remote-segment.js';
