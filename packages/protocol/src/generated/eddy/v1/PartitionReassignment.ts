// Original file: proto/eddy/v1/admin.proto


export interface PartitionReassignment {
  'topic'?: (string);
  'partition'?: (number);
  /**
   * The target replica set, preferred leader first; empty cancels a move in progress.
   */
  'replicas'?: (number)[];
}

export interface PartitionReassignment__Output {
  'topic': (string);
  'partition': (number);
  /**
   * The target replica set, preferred leader first; empty cancels a move in progress.
   */
  'replicas': (number)[];
}
