// Original file: proto/eddy/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

export interface ReadLogRequest {
  /**
   * The calling node (checked against its certificate when TLS is on).
   */
  'fromNode'?: (number);
  /**
   * The Raft group: a partition's group id.
   */
  'group'?: (string);
  /**
   * First and last index wanted (inclusive), 1 <= from_index <= to_index.
   */
  'fromIndex'?: (number | string | Long);
  'toIndex'?: (number | string | Long);
  /**
   * Entry bytes per response, at most 8 MiB; a response holds at least one
   * entry, so one larger entry travels alone.
   */
  'maxBytes'?: (number);
}

export interface ReadLogRequest__Output {
  /**
   * The calling node (checked against its certificate when TLS is on).
   */
  'fromNode': (number);
  /**
   * The Raft group: a partition's group id.
   */
  'group': (string);
  /**
   * First and last index wanted (inclusive), 1 <= from_index <= to_index.
   */
  'fromIndex': (string);
  'toIndex': (string);
  /**
   * Entry bytes per response, at most 8 MiB; a response holds at least one
   * entry, so one larger entry travels alone.
   */
  'maxBytes': (number);
}
