// @eddy/raft: Raft consensus: a pure core plus storage and transport drivers; knows nothing of topics.
// Public surface: the RawNode API, the Storage contract with its in-memory
// implementation, configuration and the plain data types.

export { RawNode, type Ready, type Status } from './core/raw-node.js';
export { StepError, ConfChangeOutcome, type ConfChangeApplied } from './core/raft.js';
export { MemoryStorage } from './core/memory-storage.js';
export type { Storage, InitialState } from './core/storage.js';
export type { Config, RandomSource, TestingKnobs } from './core/config.js';
export {
  encodeConfChange,
  decodeConfChange,
  applyConfChangeV2,
  confChangeKind,
  confStateEqual,
  normalizeConfState,
  LEAVE_JOINT,
  type ConfChangeResult,
  type DecodedConfChange,
} from './core/conf-change.js';
export { nextMembershipStep, removesVoter, type MembershipTarget } from './core/membership-plan.js';
export {
  NONE,
  EntryType,
  ConfChangeType,
  ConfChangeTransition,
  MessageType,
  StateType,
  EMPTY_HARD_STATE,
  isEmptyHardState,
  isJoint,
  type NodeId,
  type Entry,
  type HardState,
  type ConfState,
  type ConfChange,
  type ConfChangeV2,
  type Snapshot,
  type SnapshotMetadata,
  type Message,
  type SoftState,
  type ReadState,
} from './core/types.js';

// Drivers: LevelDB storage, the multi-raft host, transports.
export { LevelRaftStore, LevelGroupStorage, isLevelCorruption, type LevelRaftStoreOptions, type BatchOp, type Damage } from './storage/level-raft-store.js';
export { encodeEntry as encodeStoredEntry, allocEntryData, StorageCorruptionError } from './storage/codec.js';
export { GroupKeys } from './storage/keys.js';
export { handOffLeadership, bestTransferTarget } from './host/hand-off.js';
export { RaftHost, systemRandom, type RaftHostObserver, type RaftHostOptions } from './host/raft-host.js';
export { RaftGroup, type GroupOptions, type StateMachine, type ProposeResult, type ProposeOptions, type FollowerProgress } from './host/raft-group.js';
export type { RaftStore, GroupStorage } from './storage/raft-store.js';
export { ReadyPass, mustSync, type DurableLog, type PassGroup } from './driver/ready-pass.js';
export type { Transport, GroupMessage, MessageHandler } from './transport/transport.js';
export { MemoryNetwork } from './transport/memory-transport.js';
export { GrpcTransport, type GrpcTransportOptions } from './transport/grpc-transport.js';
export {
  LogReadError,
  LogReadRefusal,
  LogServer,
  TokenBucket,
  MAX_LOG_READ_BYTES,
  checkLogChunk,
  type LogChunk,
  type LogReadRequest,
  type LogServeOptions,
  type LogSource,
} from './transport/log-read.js';
export {
  ReplicaStatusError,
  ReplicaStatusRefusal,
  REPLICA_STATUS_TIMEOUT_MS,
  type ReplicaStatus,
  type ReplicaStatusSource,
} from './transport/replica-status.js';
