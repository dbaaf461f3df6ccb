// Original file: proto/eddy/v1/cluster.proto


export interface PartitionLeaderRecord {
  'topicId'?: (string);
  'partition'?: (number);
  'leaderId'?: (number);
  'leaderEpoch'?: (number);
}

export interface PartitionLeaderRecord__Output {
  'topicId': (string);
  'partition': (number);
  'leaderId': (number);
  'leaderEpoch': (number);
}
