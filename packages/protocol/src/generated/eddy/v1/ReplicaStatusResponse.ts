// Original file: proto/eddy/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface ReplicaStatusResponse {
  /**
   * True once the replica holds every entry of the group's log it should
   * (no backfill running or pending).
   */
  'complete'?: (boolean);
  /**
   * Bytes the replica still has to copy before it is complete (an estimate;
   * 0 when complete).
   */
  'bytesMissing'?: (number | string | Long);
  /**
   * True while the answering node is storage full (free disk space below its
   * minimum, or a write failed for lack of space): a leader hands leadership
   * to it only once it is not. Absent from older nodes: false.
   */
  'storageFull'?: (boolean);
}

export interface ReplicaStatusResponse__Output {
  /**
   * True once the replica holds every entry of the group's log it should
   * (no backfill running or pending).
   */
  'complete': (boolean);
  /**
   * Bytes the replica still has to copy before it is complete (an estimate;
   * 0 when complete).
   */
  'bytesMissing': (string);
  /**
   * True while the answering node is storage full (free disk space below its
   * minimum, or a write failed for lack of space): a leader hands leadership
   * to it only once it is not. Absent from older nodes: false.
   */
  'storageFull': (boolean);
}
