// Original file: proto/eddy/v1/admin.proto


export interface PartitionMove {
  'topic'?: (string);
  'partition'?: (number);
  'fromReplicas'?: (number)[];
  'toReplicas'?: (number)[];
  /**
   * Why: "balance", "decommission", "heal", "replication-factor", or "leader"
   * (a reorder that spreads preferred leaders; no data moves).
   */
  'reason'?: (string);
}

export interface PartitionMove__Output {
  'topic': (string);
  'partition': (number);
  'fromReplicas': (number)[];
  'toReplicas': (number)[];
  /**
   * Why: "balance", "decommission", "heal", "replication-factor", or "leader"
   * (a reorder that spreads preferred leaders; no data moves).
   */
  'reason': (string);
}
