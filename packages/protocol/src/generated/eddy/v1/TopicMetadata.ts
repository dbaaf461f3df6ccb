// Original file: proto/eddy/v1/metadata.proto

import type { PartitionMetadata as _eddy_v1_PartitionMetadata, PartitionMetadata__Output as _eddy_v1_PartitionMetadata__Output } from '../../eddy/v1/PartitionMetadata.js';

export interface TopicMetadata {
  'name'?: (string);
  /**
   * A stable id, so a deleted and re-created topic is never confused with the old one.
   */
  'topicId'?: (string);
  'internal'?: (boolean);
  'partitions'?: (_eddy_v1_PartitionMetadata)[];
}

export interface TopicMetadata__Output {
  'name': (string);
  /**
   * A stable id, so a deleted and re-created topic is never confused with the old one.
   */
  'topicId': (string);
  'internal': (boolean);
  'partitions': (_eddy_v1_PartitionMetadata__Output)[];
}
