// Original file: proto/eddy/v1/fetch.proto

import type { RecordFormat as _eddy_v1_RecordFormat, RecordFormat__Output as _eddy_v1_RecordFormat__Output } from '../../eddy/v1/RecordFormat.js';
import type { Long } from '@grpc/proto-loader';

export interface SubscribeStart {
  'topic'?: (string);
  'partition'?: (number);
  'offset'?: (number | string | Long);
  'format'?: (_eddy_v1_RecordFormat);
  /**
   * Bytes the server may send before it waits for more credit.
   */
  'initialCreditBytes'?: (number | string | Long);
}

export interface SubscribeStart__Output {
  'topic': (string);
  'partition': (number);
  'offset': (string);
  'format': (_eddy_v1_RecordFormat__Output);
  /**
   * Bytes the server may send before it waits for more credit.
   */
  'initialCreditBytes': (string);
}
