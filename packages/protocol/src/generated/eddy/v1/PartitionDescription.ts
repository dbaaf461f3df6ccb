// Original file: proto/eddy/v1/admin.proto


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
}
