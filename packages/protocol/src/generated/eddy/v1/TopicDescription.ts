// Original file: proto/eddy/v1/admin.proto

import type { PartitionDescription as _eddy_v1_PartitionDescription, PartitionDescription__Output as _eddy_v1_PartitionDescription__Output } from '../../eddy/v1/PartitionDescription.js';

export interface TopicDescription {
  'name'?: (string);
  'topicId'?: (string);
  'internal'?: (boolean);
  'replicationFactor'?: (number);
  'partitions'?: (_eddy_v1_PartitionDescription)[];
  /**
   * Only configs set on the topic (non-defaults); DescribeConfigs lists all.
   */
  'configs'?: ({[key: string]: string});
}

export interface TopicDescription__Output {
  'name': (string);
  'topicId': (string);
  'internal': (boolean);
  'replicationFactor': (number);
  'partitions': (_eddy_v1_PartitionDescription__Output)[];
  /**
   * Only configs set on the topic (non-defaults); DescribeConfigs lists all.
   */
  'configs': ({[key: string]: string});
}
