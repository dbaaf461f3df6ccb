// Original file: proto/eddy/v1/raft.proto

import type { RaftMessageType as _eddy_v1_RaftMessageType, RaftMessageType__Output as _eddy_v1_RaftMessageType__Output } from '../../eddy/v1/RaftMessageType.js';
import type { RaftEntry as _eddy_v1_RaftEntry, RaftEntry__Output as _eddy_v1_RaftEntry__Output } from '../../eddy/v1/RaftEntry.js';
import type { RaftSnapshotChunk as _eddy_v1_RaftSnapshotChunk, RaftSnapshotChunk__Output as _eddy_v1_RaftSnapshotChunk__Output } from '../../eddy/v1/RaftSnapshotChunk.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One Raft message of one group.
 */
export interface RaftMessage {
  /**
   * The Raft group: "__controller" or a partition's group id.
   */
  'group'?: (string);
  'type'?: (_eddy_v1_RaftMessageType);
  'from'?: (number);
  'to'?: (number);
  'term'?: (number | string | Long);
  'logTerm'?: (number | string | Long);
  'index'?: (number | string | Long);
  'entries'?: (_eddy_v1_RaftEntry)[];
  'commit'?: (number | string | Long);
  'reject'?: (boolean);
  /**
   * With reject: the follower's hint for fast backtracking (log_term is the hint's term).
   */
  'rejectHint'?: (number | string | Long);
  /**
   * A vote request caused by a leadership transfer (bypasses the leader lease).
   */
  'transfer'?: (boolean);
  'snapshot'?: (_eddy_v1_RaftSnapshotChunk | null);
  /**
   * ReadIndex request context; on a heartbeat (and its answer) the reserved value "\0quiesce",
   * on an append rejection "\0regressed" (a follower repairing a cut log: see raft/src/transport/wire-codec.ts).
   */
  'context'?: (Buffer | Uint8Array | string);
}

/**
 * One Raft message of one group.
 */
export interface RaftMessage__Output {
  /**
   * The Raft group: "__controller" or a partition's group id.
   */
  'group': (string);
  'type': (_eddy_v1_RaftMessageType__Output);
  'from': (number);
  'to': (number);
  'term': (string);
  'logTerm': (string);
  'index': (string);
  'entries': (_eddy_v1_RaftEntry__Output)[];
  'commit': (string);
  'reject': (boolean);
  /**
   * With reject: the follower's hint for fast backtracking (log_term is the hint's term).
   */
  'rejectHint': (string);
  /**
   * A vote request caused by a leadership transfer (bypasses the leader lease).
   */
  'transfer': (boolean);
  'snapshot': (_eddy_v1_RaftSnapshotChunk__Output | null);
  /**
   * ReadIndex request context; on a heartbeat (and its answer) the reserved value "\0quiesce",
   * on an append rejection "\0regressed" (a follower repairing a cut log: see raft/src/transport/wire-codec.ts).
   */
  'context': (Buffer);
}
