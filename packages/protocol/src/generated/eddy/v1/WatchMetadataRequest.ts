// Original file: proto/eddy/v1/cluster.proto

import type { Long } from '@grpc/proto-loader';

export interface WatchMetadataRequest {
  /**
   * The version the caller already has; 0 (or a version older than the log start) gets the whole image first.
   */
  'fromVersion'?: (number | string | Long);
}

export interface WatchMetadataRequest__Output {
  /**
   * The version the caller already has; 0 (or a version older than the log start) gets the whole image first.
   */
  'fromVersion': (string);
}
