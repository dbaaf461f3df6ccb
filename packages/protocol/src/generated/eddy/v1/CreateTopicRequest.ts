// Original file: proto/eddy/v1/admin.proto


export interface CreateTopicRequest {
  /**
   * 1-249 characters of [a-zA-Z0-9._-]; not "." or ".."; "__" prefix reserved.
   */
  'name'?: (string);
  'partitions'?: (number);
  'replicationFactor'?: (number);
  /**
   * Kafka names, e.g. retention.ms, cleanup.policy, max.message.bytes.
   */
  'configs'?: ({[key: string]: string});
  /**
   * Check everything and answer as if created, without creating.
   */
  'validateOnly'?: (boolean);
}

export interface CreateTopicRequest__Output {
  /**
   * 1-249 characters of [a-zA-Z0-9._-]; not "." or ".."; "__" prefix reserved.
   */
  'name': (string);
  'partitions': (number);
  'replicationFactor': (number);
  /**
   * Kafka names, e.g. retention.ms, cleanup.policy, max.message.bytes.
   */
  'configs': ({[key: string]: string});
  /**
   * Check everything and answer as if created, without creating.
   */
  'validateOnly': (boolean);
}
