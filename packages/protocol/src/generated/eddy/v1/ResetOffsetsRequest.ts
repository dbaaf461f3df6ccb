// Original file: proto/eddy/v1/group.proto

import type { Long } from '@grpc/proto-loader';

export interface ResetOffsetsRequest {
  'groupId'?: (string);
  'topic'?: (string);
  /**
   * Partitions to reset; empty means all of the topic's.
   */
  'partitions'?: (number)[];
  'toEarliest'?: (boolean);
  'toLatest'?: (boolean);
  'toOffset'?: (number | string | Long);
  'toTimestampMs'?: (number | string | Long);
  'to'?: "toEarliest"|"toLatest"|"toOffset"|"toTimestampMs";
}

export interface ResetOffsetsRequest__Output {
  'groupId': (string);
  'topic': (string);
  /**
   * Partitions to reset; empty means all of the topic's.
   */
  'partitions': (number)[];
  'toEarliest'?: (boolean);
  'toLatest'?: (boolean);
  'toOffset'?: (string);
  'toTimestampMs'?: (string);
  'to'?: "toEarliest"|"toLatest"|"toOffset"|"toTimestampMs";
}
