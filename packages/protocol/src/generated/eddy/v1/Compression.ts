// Original file: proto/eddy/v1/records.proto

/**
 * Compression codec of a record batch (Kafka attribute bits 0-2).
 */
export const Compression = {
  COMPRESSION_UNSPECIFIED: 'COMPRESSION_UNSPECIFIED',
  COMPRESSION_NONE: 'COMPRESSION_NONE',
  COMPRESSION_GZIP: 'COMPRESSION_GZIP',
  COMPRESSION_LZ4: 'COMPRESSION_LZ4',
  COMPRESSION_ZSTD: 'COMPRESSION_ZSTD',
} as const;

/**
 * Compression codec of a record batch (Kafka attribute bits 0-2).
 */
export type Compression =
  | 'COMPRESSION_UNSPECIFIED'
  | 0
  | 'COMPRESSION_NONE'
  | 1
  | 'COMPRESSION_GZIP'
  | 2
  | 'COMPRESSION_LZ4'
  | 3
  | 'COMPRESSION_ZSTD'
  | 4

/**
 * Compression codec of a record batch (Kafka attribute bits 0-2).
 */
export type Compression__Output = typeof Compression[keyof typeof Compression]
