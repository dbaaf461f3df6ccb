// Original file: proto/eddy/v1/cluster.proto


/**
 * A partition's replica assignment (created, added, or reassigned).
 */
export interface PartitionRecord {
  'topicId'?: (string);
  'partition'?: (number);
  'replicas'?: (number)[];
}

/**
 * A partition's replica assignment (created, added, or reassigned).
 */
export interface PartitionRecord__Output {
  'topicId': (string);
  'partition': (number);
  'replicas': (number)[];
}
