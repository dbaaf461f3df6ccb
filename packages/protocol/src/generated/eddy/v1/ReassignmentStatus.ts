// Original file: proto/eddy/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * One partition's move.
 */
export interface ReassignmentStatus {
  'topic'?: (string);
  'partition'?: (number);
  /**
   * The replica set before the move.
   */
  'replicas'?: (number)[];
  /**
   * Empty when no move is in progress.
   */
  'targetReplicas'?: (number)[];
  'addingReplicas'?: (number)[];
  'removingReplicas'?: (number)[];
  /**
   * Bytes each adding replica still lacks, as the leader last reported (absent: not reported yet).
   */
  'bytesBehind'?: ({[key: number]: number | string | Long});
  'leaderId'?: (number);
}

/**
 * One partition's move.
 */
export interface ReassignmentStatus__Output {
  'topic': (string);
  'partition': (number);
  /**
   * The replica set before the move.
   */
  'replicas': (number)[];
  /**
   * Empty when no move is in progress.
   */
  'targetReplicas': (number)[];
  'addingReplicas': (number)[];
  'removingReplicas': (number)[];
  /**
   * Bytes each adding replica still lacks, as the leader last reported (absent: not reported yet).
   */
  'bytesBehind': ({[key: number]: string});
  'leaderId': (number);
}
