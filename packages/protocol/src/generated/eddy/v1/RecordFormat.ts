// Original file: proto/eddy/v1/fetch.proto

/**
 * How records come back.
 */
export const RecordFormat = {
  /**
   * Same as RECORD_FORMAT_BATCHES.
   */
  RECORD_FORMAT_UNSPECIFIED: 'RECORD_FORMAT_UNSPECIFIED',
  /**
   * Stored Kafka RecordBatch v2 bytes, back to back, as written (fastest).
   */
  RECORD_FORMAT_BATCHES: 'RECORD_FORMAT_BATCHES',
  /**
   * Decoded records.
   */
  RECORD_FORMAT_RECORDS: 'RECORD_FORMAT_RECORDS',
} as const;

/**
 * How records come back.
 */
export type RecordFormat =
  /**
   * Same as RECORD_FORMAT_BATCHES.
   */
  | 'RECORD_FORMAT_UNSPECIFIED'
  | 0
  /**
   * Stored Kafka RecordBatch v2 bytes, back to back, as written (fastest).
   */
  | 'RECORD_FORMAT_BATCHES'
  | 1
  /**
   * Decoded records.
   */
  | 'RECORD_FORMAT_RECORDS'
  | 2

/**
 * How records come back.
 */
export type RecordFormat__Output = typeof RecordFormat[keyof typeof RecordFormat]
