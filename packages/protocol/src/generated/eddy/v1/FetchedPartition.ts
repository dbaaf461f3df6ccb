// Original file: proto/eddy/v1/fetch.proto

import type { ErrorInfo as _eddy_v1_ErrorInfo, ErrorInfo__Output as _eddy_v1_ErrorInfo__Output } from '../../eddy/v1/ErrorInfo.js';
import type { ConsumedRecord as _eddy_v1_ConsumedRecord, ConsumedRecord__Output as _eddy_v1_ConsumedRecord__Output } from '../../eddy/v1/ConsumedRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface FetchedPartition {
  'topic'?: (string);
  'partition'?: (number);
  /**
   * Set when this partition could not be read; the other fields are then unset.
   */
  'error'?: (_eddy_v1_ErrorInfo | null);
  /**
   * Offset after the last committed record (Kafka's high watermark).
   */
  'highWatermark'?: (number | string | Long);
  /**
   * First offset still in the log.
   */
  'logStartOffset'?: (number | string | Long);
  /**
   * RECORD_FORMAT_BATCHES: whole batches; the first may start before the requested offset.
   */
  'recordBatches'?: (Buffer | Uint8Array | string);
  /**
   * RECORD_FORMAT_RECORDS: records at or after the requested offset.
   */
  'records'?: (_eddy_v1_ConsumedRecord)[];
  /**
   * The offset to fetch next.
   */
  'nextOffset'?: (number | string | Long);
}

export interface FetchedPartition__Output {
  'topic': (string);
  'partition': (number);
  /**
   * Set when this partition could not be read; the other fields are then unset.
   */
  'error': (_eddy_v1_ErrorInfo__Output | null);
  /**
   * Offset after the last committed record (Kafka's high watermark).
   */
  'highWatermark': (string);
  /**
   * First offset still in the log.
   */
  'logStartOffset': (string);
  /**
   * RECORD_FORMAT_BATCHES: whole batches; the first may start before the requested offset.
   */
  'recordBatches': (Buffer);
  /**
   * RECORD_FORMAT_RECORDS: records at or after the requested offset.
   */
  'records': (_eddy_v1_ConsumedRecord__Output)[];
  /**
   * The offset to fetch next.
   */
  'nextOffset': (string);
}
