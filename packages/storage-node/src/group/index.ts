// The group coordinator (docs/architecture.md §13): consumer groups in the KIP-848 model,
// committed offsets and group state in the compacted internal topic
// __consumer_offsets, served over GroupService.
export { addGroupServices, groupHandlers } from './group-handlers.js';
export { registerGroupMetrics, type GroupMetricsSource } from './group-metrics.js';
export {
  GroupCoordinator,
  type CommitInput,
  type CommittedOffsetOutput,
  type GroupCoordinatorOptions,
  type GroupDescription,
  type GroupLagOutput,
  type GroupSummaryOutput,
  type OffsetQuery,
  type PartitionLagOutput,
  type ResetInput,
} from './group-coordinator.js';
export { ConsumerGroup, GroupStateName, LEAVE_EPOCH, type GroupWrite, type HeartbeatInput, type HeartbeatOutcome, type Member } from './consumer-group.js';
export { assign, type AssignorMember, type PartitionCounts } from './assignor.js';
export {
  CONSUMER_OFFSETS_TOPIC,
  RecordKind,
  decodeKey,
  encodeKey,
  decodeOffsetValue,
  encodeOffsetValue,
  decodeGroupValue,
  encodeGroupValue,
  decodeMemberValue,
  encodeMemberValue,
  type GroupValue,
  type MemberValue,
  type OffsetValue,
  type OffsetsKey,
} from './offsets-codec.js';
export { compareTpKeys, parseTpKey, tpKey, type TpKey } from './topic-partition-key.js';

/** What the controller must create for the coordinator: the internal topic and its configs. */
export const CONSUMER_OFFSETS_TOPIC_SPEC = {
  name: '__consumer_offsets',
  partitions: 12,
  /** min(3, storage nodes) */
  maxReplicationFactor: 3,
  configs: { 'cleanup.policy': 'compact' },
} as const;
