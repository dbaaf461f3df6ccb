// Original file: proto/eddy/v1/fetch.proto

import type { RecordFormat as _eddy_v1_RecordFormat, RecordFormat__Output as _eddy_v1_RecordFormat__Output } from '../../eddy/v1/RecordFormat.js';
import type { Long } from '@grpc/proto-loader';

export interface SubscribeStart {
  'topic'?: (string);
  'partition'?: (number);
  'offset'?: (number | string | Long);
  'format'?: (_eddy_v1_RecordFormat);
  /**
   * Bytes the server may send before it waits for more credit. Credit
   * outstanding is capped at 64 MiB; each message carries at most 1 MiB beyond
   * its first batch. In RECORDS format, credit counts decoded bytes.
   */
  'initialCreditBytes'?: (number | string | Long);
}

export interface SubscribeStart__Output {
  'topic': (string);
  'partition': (number);
  'offset': (string);
  'format': (_eddy_v1_RecordFormat__Output);
  /**
   * Bytes the server may send before it waits for more credit. Credit
   * outstanding is capped at 64 MiB; each message carries at most 1 MiB beyond
   * its first batch. In RECORDS format, credit counts decoded bytes.
   */
  'initialCreditBytes': (string);
}
