// Original file: proto/eddy/v1/cluster.proto


export interface TopicCreatedRecord {
  'name'?: (string);
  'topicId'?: (string);
  'replicationFactor'?: (number);
  'configs'?: ({[key: string]: string});
}

export interface TopicCreatedRecord__Output {
  'name': (string);
  'topicId': (string);
  'replicationFactor': (number);
  'configs': ({[key: string]: string});
}
