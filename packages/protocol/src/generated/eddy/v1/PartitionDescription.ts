// Original file: proto/eddy/v1/admin.proto

import type { PartitionLogInfo as _eddy_v1_PartitionLogInfo, PartitionLogInfo__Output as _eddy_v1_PartitionLogInfo__Output } from '../../eddy/v1/PartitionLogInfo.js';

export interface PartitionDescription {
  'partition'?: (number);
  'leaderId'?: (number);
  'leaderEpoch'?: (number);
  'replicas'?: (number)[];
  'inSyncReplicas'?: (number)[];
  'offlineReplicas'?: (number)[];
  /**
   * True when no replica leads (no quorum of replicas online).
   */
  'offline'?: (boolean);
  /**
   * True when some replica is offline or behind.
   */
  'underReplicated'?: (boolean);
  /**
   * Non-empty while a reassignment moves the partition to these replicas.
   */
  'targetReplicas'?: (number)[];
  'addingReplicas'?: (number)[];
  'removingReplicas'?: (number)[];
  /**
   * The log in both tiers as its leader last reported it (absent: not reported yet).
   */
  'log'?: (_eddy_v1_PartitionLogInfo | null);
}

export interface PartitionDescription__Output {
  'partition': (number);
  'leaderId': (number);
  'leaderEpoch': (number);
  'replicas': (number)[];
  'inSyncReplicas': (number)[];
  'offlineReplicas': (number)[];
  /**
   * True when no replica leads (no quorum of replicas online).
   */
  'offline': (boolean);
  /**
   * True when some replica is offline or behind.
   */
  'underReplicated': (boolean);
  /**
   * Non-empty while a reassignment moves the partition to these replicas.
   */
  'targetReplicas': (number)[];
  'addingReplicas': (number)[];
  'removingReplicas': (number)[];
  /**
   * The log in both tiers as its leader last reported it (absent: not reported yet).
   */
  'log': (_eddy_v1_PartitionLogInfo__Output | null);
}
