// Original file: proto/eddy/v1/cluster.proto


export interface TopicDeletedRecord {
  'name'?: (string);
  'topicId'?: (string);
}

export interface TopicDeletedRecord__Output {
  'name': (string);
  'topicId': (string);
}
