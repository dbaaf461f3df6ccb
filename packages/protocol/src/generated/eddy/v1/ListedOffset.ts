// Original file: proto/eddy/v1/fetch.proto

import type { ErrorInfo as _eddy_v1_ErrorInfo, ErrorInfo__Output as _eddy_v1_ErrorInfo__Output } from '../../eddy/v1/ErrorInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface ListedOffset {
  'topic'?: (string);
  'partition'?: (number);
  'error'?: (_eddy_v1_ErrorInfo | null);
  /**
   * -1 when no record has a timestamp at or after the one asked (OFFSET_SPEC_TIMESTAMP).
   */
  'offset'?: (number | string | Long);
  /**
   * Timestamp of the record at `offset` (OFFSET_SPEC_TIMESTAMP), else -1.
   */
  'timestampMs'?: (number | string | Long);
  'leaderEpoch'?: (number);
}

export interface ListedOffset__Output {
  'topic': (string);
  'partition': (number);
  'error': (_eddy_v1_ErrorInfo__Output | null);
  /**
   * -1 when no record has a timestamp at or after the one asked (OFFSET_SPEC_TIMESTAMP).
   */
  'offset': (string);
  /**
   * Timestamp of the record at `offset` (OFFSET_SPEC_TIMESTAMP), else -1.
   */
  'timestampMs': (string);
  'leaderEpoch': (number);
}
