// Original file: proto/eddy/v1/fetch.proto

/**
 * Which offset ListOffsets looks for.
 */
export const OffsetSpec = {
  OFFSET_SPEC_UNSPECIFIED: 'OFFSET_SPEC_UNSPECIFIED',
  /**
   * The log start offset.
   */
  OFFSET_SPEC_EARLIEST: 'OFFSET_SPEC_EARLIEST',
  /**
   * The high watermark: the offset the next committed record will get.
   */
  OFFSET_SPEC_LATEST: 'OFFSET_SPEC_LATEST',
  /**
   * The first offset whose timestamp is at or after timestamp_ms.
   */
  OFFSET_SPEC_TIMESTAMP: 'OFFSET_SPEC_TIMESTAMP',
} as const;

/**
 * Which offset ListOffsets looks for.
 */
export type OffsetSpec =
  | 'OFFSET_SPEC_UNSPECIFIED'
  | 0
  /**
   * The log start offset.
   */
  | 'OFFSET_SPEC_EARLIEST'
  | 1
  /**
   * The high watermark: the offset the next committed record will get.
   */
  | 'OFFSET_SPEC_LATEST'
  | 2
  /**
   * The first offset whose timestamp is at or after timestamp_ms.
   */
  | 'OFFSET_SPEC_TIMESTAMP'
  | 3

/**
 * Which offset ListOffsets looks for.
 */
export type OffsetSpec__Output = typeof OffsetSpec[keyof typeof OffsetSpec]
