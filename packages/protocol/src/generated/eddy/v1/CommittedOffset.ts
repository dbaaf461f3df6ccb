// Original file: proto/eddy/v1/group.proto

import type { Long } from '@grpc/proto-loader';

export interface CommittedOffset {
  'topic'?: (string);
  'partition'?: (number);
  /**
   * -1 when nothing is committed.
   */
  'offset'?: (number | string | Long);
  'metadata'?: (string);
}

export interface CommittedOffset__Output {
  'topic': (string);
  'partition': (number);
  /**
   * -1 when nothing is committed.
   */
  'offset': (string);
  'metadata': (string);
}
