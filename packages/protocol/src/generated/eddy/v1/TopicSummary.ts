// Original file: proto/eddy/v1/admin.proto


export interface TopicSummary {
  'name'?: (string);
  'topicId'?: (string);
  'partitions'?: (number);
  'replicationFactor'?: (number);
  'internal'?: (boolean);
}

export interface TopicSummary__Output {
  'name': (string);
  'topicId': (string);
  'partitions': (number);
  'replicationFactor': (number);
  'internal': (boolean);
}
