// Original file: proto/eddy/v1/admin.proto

import type { Long } from '@grpc/proto-loader';

/**
 * A principal's quotas. Absent values mean no limit (or, in SetQuota, unchanged).
 */
export interface Quota {
  /**
   * "User:<name>", or "User:*" for every user without quotas of their own.
   */
  'principal'?: (string);
  'produceBytesPerSec'?: (number | string | Long);
  'fetchBytesPerSec'?: (number | string | Long);
  'requestsPerSec'?: (number | string | Long);
  '_produceBytesPerSec'?: "produceBytesPerSec";
  '_fetchBytesPerSec'?: "fetchBytesPerSec";
  '_requestsPerSec'?: "requestsPerSec";
}

/**
 * A principal's quotas. Absent values mean no limit (or, in SetQuota, unchanged).
 */
export interface Quota__Output {
  /**
   * "User:<name>", or "User:*" for every user without quotas of their own.
   */
  'principal': (string);
  'produceBytesPerSec'?: (string);
  'fetchBytesPerSec'?: (string);
  'requestsPerSec'?: (string);
  '_produceBytesPerSec'?: "produceBytesPerSec";
  '_fetchBytesPerSec'?: "fetchBytesPerSec";
  '_requestsPerSec'?: "requestsPerSec";
}
