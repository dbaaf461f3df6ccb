// Original file: proto/eddy/v1/group.proto

import type { TopicPartitions as _eddy_v1_TopicPartitions, TopicPartitions__Output as _eddy_v1_TopicPartitions__Output } from '../../eddy/v1/TopicPartitions.js';

export interface FetchOffsetsRequest {
  'groupId'?: (string);
  /**
   * Empty means every partition with a committed offset.
   */
  'partitions'?: (_eddy_v1_TopicPartitions)[];
}

export interface FetchOffsetsRequest__Output {
  'groupId': (string);
  /**
   * Empty means every partition with a committed offset.
   */
  'partitions': (_eddy_v1_TopicPartitions__Output)[];
}
