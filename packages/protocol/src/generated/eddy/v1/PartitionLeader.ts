// Original file: proto/eddy/v1/cluster.proto

import type { PartitionLogInfo as _eddy_v1_PartitionLogInfo, PartitionLogInfo__Output as _eddy_v1_PartitionLogInfo__Output } from '../../eddy/v1/PartitionLogInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface PartitionLeader {
  'topicId'?: (string);
  'partition'?: (number);
  'leaderId'?: (number);
  /**
   * The partition Raft group's term.
   */
  'leaderEpoch'?: (number);
  /**
   * The group's Raft configuration as this leader applied it. Empty in
   * reports from nodes that predate reassignment.
   */
  'voters'?: (number)[];
  'learners'?: (number)[];
  /**
   * Replicas (voters or learners) that are live and hold the whole committed log.
   */
  'caughtUp'?: (number)[];
  /**
   * Per replica other than the leader: bytes of the log it still lacks.
   */
  'bytesBehind'?: ({[key: number]: number | string | Long});
  /**
   * Bytes of the partition's log on the leader's disk.
   */
  'sizeBytes'?: (number | string | Long);
  /**
   * Where the log starts and ends in each tier (tiered storage).
   */
  'log'?: (_eddy_v1_PartitionLogInfo | null);
}

export interface PartitionLeader__Output {
  'topicId': (string);
  'partition': (number);
  'leaderId': (number);
  /**
   * The partition Raft group's term.
   */
  'leaderEpoch': (number);
  /**
   * The group's Raft configuration as this leader applied it. Empty in
   * reports from nodes that predate reassignment.
   */
  'voters': (number)[];
  'learners': (number)[];
  /**
   * Replicas (voters or learners) that are live and hold the whole committed log.
   */
  'caughtUp': (number)[];
  /**
   * Per replica other than the leader: bytes of the log it still lacks.
   */
  'bytesBehind': ({[key: number]: string});
  /**
   * Bytes of the partition's log on the leader's disk.
   */
  'sizeBytes': (string);
  /**
   * Where the log starts and ends in each tier (tiered storage).
   */
  'log': (_eddy_v1_PartitionLogInfo__Output | null);
}
