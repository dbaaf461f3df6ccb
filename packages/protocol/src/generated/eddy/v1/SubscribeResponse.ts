// Original file: proto/eddy/v1/fetch.proto

import type { ConsumedRecord as _eddy_v1_ConsumedRecord, ConsumedRecord__Output as _eddy_v1_ConsumedRecord__Output } from '../../eddy/v1/ConsumedRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface SubscribeResponse {
  /**
   * RECORD_FORMAT_BATCHES: whole committed batches, back to back.
   */
  'recordBatches'?: (Buffer | Uint8Array | string);
  /**
   * RECORD_FORMAT_RECORDS: decoded committed records.
   */
  'records'?: (_eddy_v1_ConsumedRecord)[];
  'highWatermark'?: (number | string | Long);
  'logStartOffset'?: (number | string | Long);
  /**
   * The offset the stream continues from.
   */
  'nextOffset'?: (number | string | Long);
}

export interface SubscribeResponse__Output {
  /**
   * RECORD_FORMAT_BATCHES: whole committed batches, back to back.
   */
  'recordBatches': (Buffer);
  /**
   * RECORD_FORMAT_RECORDS: decoded committed records.
   */
  'records': (_eddy_v1_ConsumedRecord__Output)[];
  'highWatermark': (string);
  'logStartOffset': (string);
  /**
   * The offset the stream continues from.
   */
  'nextOffset': (string);
}
