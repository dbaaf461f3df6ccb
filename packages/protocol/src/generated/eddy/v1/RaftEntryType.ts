// Original file: proto/eddy/v1/raft.proto

/**
 * Raft log entry kinds.
 */
export const RaftEntryType = {
  RAFT_ENTRY_TYPE_UNSPECIFIED: 'RAFT_ENTRY_TYPE_UNSPECIFIED',
  /**
   * Application data (a record batch, a metadata record).
   */
  RAFT_ENTRY_TYPE_NORMAL: 'RAFT_ENTRY_TYPE_NORMAL',
  /**
   * A membership change.
   */
  RAFT_ENTRY_TYPE_CONF_CHANGE: 'RAFT_ENTRY_TYPE_CONF_CHANGE',
} as const;

/**
 * Raft log entry kinds.
 */
export type RaftEntryType =
  | 'RAFT_ENTRY_TYPE_UNSPECIFIED'
  | 0
  /**
   * Application data (a record batch, a metadata record).
   */
  | 'RAFT_ENTRY_TYPE_NORMAL'
  | 1
  /**
   * A membership change.
   */
  | 'RAFT_ENTRY_TYPE_CONF_CHANGE'
  | 2

/**
 * Raft log entry kinds.
 */
export type RaftEntryType__Output = typeof RaftEntryType[keyof typeof RaftEntryType]
