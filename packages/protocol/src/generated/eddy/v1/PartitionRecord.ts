// Original file: proto/eddy/v1/cluster.proto


/**
 * A partition's replica assignment (created, added, or reassigned).
 */
export interface PartitionRecord {
  'topicId'?: (string);
  'partition'?: (number);
  /**
   * The replica set the partition's Raft group has (preferred leader first).
   */
  'replicas'?: (number)[];
  /**
   * Non-empty while a reassignment moves the group to this set (preferred
   * leader first). Every node in replicas or target_replicas hosts a replica;
   * the controller sets replicas = target_replicas and clears this once the
   * partition's leader reports a Raft configuration equal to the target.
   */
  'targetReplicas'?: (number)[];
  /**
   * The replica order (the preferred leader first) is an operator's, set by a
   * reassignment: the balancer does not reorder it to spread preferred
   * leaders. Cleared when the balancer itself moves or reorders the partition.
   */
  'orderPinned'?: (boolean);
}

/**
 * A partition's replica assignment (created, added, or reassigned).
 */
export interface PartitionRecord__Output {
  'topicId': (string);
  'partition': (number);
  /**
   * The replica set the partition's Raft group has (preferred leader first).
   */
  'replicas': (number)[];
  /**
   * Non-empty while a reassignment moves the group to this set (preferred
   * leader first). Every node in replicas or target_replicas hosts a replica;
   * the controller sets replicas = target_replicas and clears this once the
   * partition's leader reports a Raft configuration equal to the target.
   */
  'targetReplicas': (number)[];
  /**
   * The replica order (the preferred leader first) is an operator's, set by a
   * reassignment: the balancer does not reorder it to spread preferred
   * leaders. Cleared when the balancer itself moves or reorders the partition.
   */
  'orderPinned': (boolean);
}
