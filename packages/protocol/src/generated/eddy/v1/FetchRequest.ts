// Original file: proto/eddy/v1/fetch.proto

import type { FetchPartition as _eddy_v1_FetchPartition, FetchPartition__Output as _eddy_v1_FetchPartition__Output } from '../../eddy/v1/FetchPartition.js';
import type { RecordFormat as _eddy_v1_RecordFormat, RecordFormat__Output as _eddy_v1_RecordFormat__Output } from '../../eddy/v1/RecordFormat.js';

export interface FetchRequest {
  'partitions'?: (_eddy_v1_FetchPartition)[];
  /**
   * Longest time to wait for min_bytes. 0: answer at once.
   */
  'maxWaitMs'?: (number);
  /**
   * Answer as soon as this many bytes are available across partitions.
   */
  'minBytes'?: (number);
  /**
   * Upper bound for the whole response (at least one batch is returned even if
   * larger). 0, or more than the server's cap (32 MiB), means the cap.
   */
  'maxBytes'?: (number);
  'format'?: (_eddy_v1_RecordFormat);
}

export interface FetchRequest__Output {
  'partitions': (_eddy_v1_FetchPartition__Output)[];
  /**
   * Longest time to wait for min_bytes. 0: answer at once.
   */
  'maxWaitMs': (number);
  /**
   * Answer as soon as this many bytes are available across partitions.
   */
  'minBytes': (number);
  /**
   * Upper bound for the whole response (at least one batch is returned even if
   * larger). 0, or more than the server's cap (32 MiB), means the cap.
   */
  'maxBytes': (number);
  'format': (_eddy_v1_RecordFormat__Output);
}
