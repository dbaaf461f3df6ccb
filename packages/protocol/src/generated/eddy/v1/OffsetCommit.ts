// Original file: proto/eddy/v1/group.proto

import type { Long } from '@grpc/proto-loader';

export interface OffsetCommit {
  'topic'?: (string);
  'partition'?: (number);
  /**
   * The next offset to consume (one past the last processed record).
   */
  'offset'?: (number | string | Long);
  'metadata'?: (string);
}

export interface OffsetCommit__Output {
  'topic': (string);
  'partition': (number);
  /**
   * The next offset to consume (one past the last processed record).
   */
  'offset': (string);
  'metadata': (string);
}
