// Original file: proto/eddy/v1/records.proto

import type { Long } from '@grpc/proto-loader';

/**
 * An error for one item of a multi-item request (one partition of a Fetch, one
 * topic of CreateTopics). Whole-request errors travel as gRPC status with the
 * same code in the `eddy-error-code` trailer.
 */
export interface ErrorInfo {
  /**
   * A code from Eddy's error table, e.g. "NOT_LEADER", "OFFSET_OUT_OF_RANGE".
   */
  'code'?: (string);
  /**
   * What was wrong and what to do.
   */
  'message'?: (string);
  /**
   * Whether retrying (after a metadata refresh) may succeed.
   */
  'retriable'?: (boolean);
  /**
   * NOT_LEADER: the leader as far as this node knows (-1 when unknown).
   */
  'leaderId'?: (number);
  'leaderAddress'?: (string);
  /**
   * OFFSET_OUT_OF_RANGE: the valid offsets.
   */
  'logStartOffset'?: (number | string | Long);
  'logEndOffset'?: (number | string | Long);
}

/**
 * An error for one item of a multi-item request (one partition of a Fetch, one
 * topic of CreateTopics). Whole-request errors travel as gRPC status with the
 * same code in the `eddy-error-code` trailer.
 */
export interface ErrorInfo__Output {
  /**
   * A code from Eddy's error table, e.g. "NOT_LEADER", "OFFSET_OUT_OF_RANGE".
   */
  'code': (string);
  /**
   * What was wrong and what to do.
   */
  'message': (string);
  /**
   * Whether retrying (after a metadata refresh) may succeed.
   */
  'retriable': (boolean);
  /**
   * NOT_LEADER: the leader as far as this node knows (-1 when unknown).
   */
  'leaderId': (number);
  'leaderAddress': (string);
  /**
   * OFFSET_OUT_OF_RANGE: the valid offsets.
   */
  'logStartOffset': (string);
  'logEndOffset': (string);
}
