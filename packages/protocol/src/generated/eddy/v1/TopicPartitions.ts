// Original file: proto/eddy/v1/group.proto


export interface TopicPartitions {
  'topic'?: (string);
  'partitions'?: (number)[];
}

export interface TopicPartitions__Output {
  'topic': (string);
  'partitions': (number)[];
}
