// @eddy/client: the library users import — producer, consumer (alone or in a
// group) and admin over Eddy's gRPC contract. Everything public is exported here.

/** The client: `new Eddy({ bootstrap })`, then `.producer()`, `.consumer()`, `.admin()`, `.close()`. */
export { Eddy, type EddyOptions } from './eddy.js';
export type { AuthOptions, TlsOptions } from './connection/security.js';

/** Producer: batching, partitioning, idempotence, back-pressure. */
export {
  Producer,
  Acks,
  Compression,
  type ProducerOptions,
  type ProducerMessage,
  type ProducerRecord,
  type RecordMetadata,
} from './producer/producer.js';

/** Consumer: assign or subscribe (groups), iterate or run, seek, pause/resume, commit. */
export {
  Consumer,
  AutoOffsetReset,
  type ConsumerOptions,
  type ConsumedMessage,
  type ConsumedBatch,
  type PartitionAssignment,
  type RunOptions,
  type SeekTarget,
  type StartOffset,
} from './consumer/consumer.js';
/** A topic and partition number. */
export type { TopicPartition } from './consumer/topic-partition.js';
/** An offset to commit: the next offset to read. */
export type { OffsetToCommit } from './consumer/group/group-member.js';

/** Admin: topics, configs, cluster (its shape too: moves, rebalance, nodes, controller voters), groups, users, ACLs, quotas. */
export {
  Admin,
  ConfigResource,
  MoveReason,
  NodeState,
  QUORUM_CHANGE_TIMEOUT_MS,
  type AclBinding,
  type AclFilter,
  type ClusterDescription,
  type CommittedOffset,
  type ConfigEntry,
  type ControllerVoter,
  type CreateTopicOptions,
  type GroupDescription,
  type GroupSummary,
  type NodeRole,
  type NodeStatus,
  type PartitionMove,
  type PartitionReassignment,
  type PartitionRef,
  type RebalancePlan,
  type ReassignmentStatus,
  type QuotaEntry,
  type QuotaLimits,
  type ResetTarget,
  type ScramMechanism,
  type TopicDescription,
  type TopicSummary,
  type UserSummary,
} from './admin/admin.js';

/** Serializers: strings, JSON, raw bytes. */
export { bytesSerde, jsonSerde, stringSerde, type Deserializer, type Serde, type Serializer } from './serde/serde.js';

/** Retry policy as data, and the clock it waits on. */
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry/retry-policy.js';
/** A source of time and delays (inject a fake one in tests). */
export type { Clock } from './retry/clock.js';

/** Errors raised by the client itself (server errors are @eddy/protocol's typed classes). */
export { ClientClosedError, ClientErrorCode, EddyClientError, NoBrokersError } from './errors.js';

/** The typed server errors, re-exported so users need not import @eddy/protocol. */
export {
  EddyError,
  ErrorCode,
  InvalidReplicaAssignmentError,
  LeaderNotAvailableError,
  MessageTooLargeError,
  NotControllerError,
  NotCoordinatorError,
  NotLeaderError,
  OffsetOutOfRangeError,
  TimeoutError,
  TopicAlreadyExistsError,
  UnauthenticatedError,
  UnauthorizedError,
  UnavailableError,
  UnknownNodeError,
  UnknownTopicError,
  type ErrorDetails,
} from '@eddy/protocol';
