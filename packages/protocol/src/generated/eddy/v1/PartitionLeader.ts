// Original file: proto/eddy/v1/cluster.proto


export interface PartitionLeader {
  'topicId'?: (string);
  'partition'?: (number);
  'leaderId'?: (number);
  /**
   * The partition Raft group's term.
   */
  'leaderEpoch'?: (number);
}

export interface PartitionLeader__Output {
  'topicId': (string);
  'partition': (number);
  'leaderId': (number);
  /**
   * The partition Raft group's term.
   */
  'leaderEpoch': (number);
}
