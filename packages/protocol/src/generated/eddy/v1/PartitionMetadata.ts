// Original file: proto/eddy/v1/metadata.proto


export interface PartitionMetadata {
  'partition'?: (number);
  /**
   * Node id of the leader, or -1 when the partition has no leader (offline).
   */
  'leaderId'?: (number);
  /**
   * Grows with every leader change; fences requests aimed at a former leader.
   */
  'leaderEpoch'?: (number);
  /**
   * All replicas, the preferred leader first.
   */
  'replicas'?: (number)[];
  /**
   * Replicas on live (unfenced) nodes. A partition's Raft group keeps no ISR
   * list, so a live replica here may still be catching up; its leader's
   * eddy_storage_under_replicated_partitions metric counts those that are not.
   */
  'inSyncReplicas'?: (number)[];
  /**
   * Replicas on nodes that are currently offline.
   */
  'offlineReplicas'?: (number)[];
  /**
   * Non-empty while a reassignment moves the partition to these replicas.
   */
  'targetReplicas'?: (number)[];
}

export interface PartitionMetadata__Output {
  'partition': (number);
  /**
   * Node id of the leader, or -1 when the partition has no leader (offline).
   */
  'leaderId': (number);
  /**
   * Grows with every leader change; fences requests aimed at a former leader.
   */
  'leaderEpoch': (number);
  /**
   * All replicas, the preferred leader first.
   */
  'replicas': (number)[];
  /**
   * Replicas on live (unfenced) nodes. A partition's Raft group keeps no ISR
   * list, so a live replica here may still be catching up; its leader's
   * eddy_storage_under_replicated_partitions metric counts those that are not.
   */
  'inSyncReplicas': (number)[];
  /**
   * Replicas on nodes that are currently offline.
   */
  'offlineReplicas': (number)[];
  /**
   * Non-empty while a reassignment moves the partition to these replicas.
   */
  'targetReplicas': (number)[];
}
