// Original file: proto/eddy/v1/fetch.proto

import type { Long } from '@grpc/proto-loader';

export interface FetchPartition {
  'topic'?: (string);
  'partition'?: (number);
  /**
   * First offset wanted.
   */
  'offset'?: (number | string | Long);
  /**
   * Upper bound for this partition beyond its first batch (0: no bound
   * beyond the request's max_bytes).
   */
  'maxBytes'?: (number);
}

export interface FetchPartition__Output {
  'topic': (string);
  'partition': (number);
  /**
   * First offset wanted.
   */
  'offset': (string);
  /**
   * Upper bound for this partition beyond its first batch (0: no bound
   * beyond the request's max_bytes).
   */
  'maxBytes': (number);
}
