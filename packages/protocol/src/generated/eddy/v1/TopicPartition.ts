// Original file: proto/eddy/v1/records.proto


/**
 * A topic and partition number.
 */
export interface TopicPartition {
  'topic'?: (string);
  'partition'?: (number);
}

/**
 * A topic and partition number.
 */
export interface TopicPartition__Output {
  'topic': (string);
  'partition': (number);
}
