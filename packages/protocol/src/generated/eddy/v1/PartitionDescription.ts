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
}
