// Original file: proto/eddy/v1/group.proto

import type { Long } from '@grpc/proto-loader';

export interface PartitionLag {
  'topic'?: (string);
  'partition'?: (number);
  /**
   * -1 when nothing is committed.
   */
  'committedOffset'?: (number | string | Long);
  'highWatermark'?: (number | string | Long);
  /**
   * high_watermark - committed_offset, or -1 when nothing is committed.
   */
  'lag'?: (number | string | Long);
  /**
   * Public id of the member that owns the partition, empty when none.
   */
  'memberId'?: (string);
}

export interface PartitionLag__Output {
  'topic': (string);
  'partition': (number);
  /**
   * -1 when nothing is committed.
   */
  'committedOffset': (string);
  'highWatermark': (string);
  /**
   * high_watermark - committed_offset, or -1 when nothing is committed.
   */
  'lag': (string);
  /**
   * Public id of the member that owns the partition, empty when none.
   */
  'memberId': (string);
}
