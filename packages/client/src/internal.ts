// Test-only surface of @eddy/client: the pure layers and internals, not part of the public API.
export { RecordAccumulator, estimateRecordBytes, BATCH_OVERHEAD_BYTES, RECORD_OVERHEAD_BYTES, type AccumulatedBatch } from './producer/accumulator.js';
export { StickyPartitioner } from './producer/partitioner.js';
export { PartitionSendQueue, FailureKind, SEQUENCE_MODULUS, addSequence, type SequencedBatch } from './producer/partition-send-queue.js';
export { MetadataCache, type Route } from './connection/metadata-cache.js';
export { ChannelPool } from './connection/channel-pool.js';
export { ClusterConnection } from './connection/cluster-connection.js';
export { errorFromInfo } from './connection/error-info.js';
export { MemberState, MemberPhase, LEAVE_EPOCH, type Reconciliation } from './consumer/group/member-state.js';
export { GroupMember } from './consumer/group/group-member.js';
export { tpKey, toTopicPartitions, fromTopicPartitions } from './consumer/topic-partition.js';
export { backoffDelay, resolveRetryPolicy, withRetry, isRetriable } from './retry/retry-policy.js';
export { systemClock } from './retry/clock.js';
export { toBytes } from './serde/serde.js';
export { channelCredentials } from './connection/security.js';
