// Original file: proto/eddy/v1/produce.proto

import type { Long } from '@grpc/proto-loader';

export interface ProduceResponse {
  /**
   * Offset of the first record of the batch.
   */
  'baseOffset'?: (number | string | Long);
  /**
   * Offset of the last record of the batch.
   */
  'lastOffset'?: (number | string | Long);
  /**
   * LogAppendTime assigned by the leader, or -1 when the topic uses CreateTime.
   */
  'logAppendTimeMs'?: (number | string | Long);
  /**
   * The partition's log start offset after the append.
   */
  'logStartOffset'?: (number | string | Long);
  /**
   * True when the batch was a retry of one already written (idempotence); the offsets are the original ones.
   */
  'duplicate'?: (boolean);
}

export interface ProduceResponse__Output {
  /**
   * Offset of the first record of the batch.
   */
  'baseOffset': (string);
  /**
   * Offset of the last record of the batch.
   */
  'lastOffset': (string);
  /**
   * LogAppendTime assigned by the leader, or -1 when the topic uses CreateTime.
   */
  'logAppendTimeMs': (string);
  /**
   * The partition's log start offset after the append.
   */
  'logStartOffset': (string);
  /**
   * True when the batch was a retry of one already written (idempotence); the offsets are the original ones.
   */
  'duplicate': (boolean);
}
