// Original file: proto/eddy/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A partition's log in both tiers, as its leader sees it (tiered storage:
 * older ranges in the object store, the rest on the replicas' disks).
 */
export interface PartitionLogInfo {
  /**
   * First offset readers can read, in either tier.
   */
  'logStartOffset'?: (number | string | Long);
  /**
   * First offset held on the replicas' disks.
   */
  'localLogStartOffset'?: (number | string | Long);
  /**
   * Offset after the last committed record.
   */
  'highWatermark'?: (number | string | Long);
  /**
   * Bytes of the log on the leader's disk and in the remote tier.
   */
  'localSizeBytes'?: (number | string | Long);
  'remoteSizeBytes'?: (number | string | Long);
  /**
   * Segments in the remote tier.
   */
  'remoteSegments'?: (number);
  /**
   * Offsets below this are in the remote tier (0: nothing uploaded).
   */
  'remoteEndOffset'?: (number | string | Long);
}

/**
 * A partition's log in both tiers, as its leader sees it (tiered storage:
 * older ranges in the object store, the rest on the replicas' disks).
 */
export interface PartitionLogInfo__Output {
  /**
   * First offset readers can read, in either tier.
   */
  'logStartOffset': (string);
  /**
   * First offset held on the replicas' disks.
   */
  'localLogStartOffset': (string);
  /**
   * Offset after the last committed record.
   */
  'highWatermark': (string);
  /**
   * Bytes of the log on the leader's disk and in the remote tier.
   */
  'localSizeBytes': (string);
  'remoteSizeBytes': (string);
  /**
   * Segments in the remote tier.
   */
  'remoteSegments': (number);
  /**
   * Offsets below this are in the remote tier (0: nothing uploaded).
   */
  'remoteEndOffset': (string);
}
