// Original file: proto/eddy/v1/raft.proto

import type { RaftEntry as _eddy_v1_RaftEntry, RaftEntry__Output as _eddy_v1_RaftEntry__Output } from '../../eddy/v1/RaftEntry.js';
import type { Long } from '@grpc/proto-loader';

export interface ReadLogResponse {
  /**
   * The indexes [first_index, last_index] this response covers, following the
   * previous response's without a gap. Every entry the node holds in the span
   * is in `entries`, in index order; an index of the span without an entry
   * was removed by the serving node's log compaction (cleanup.policy=compact).
   */
  'firstIndex'?: (number | string | Long);
  'lastIndex'?: (number | string | Long);
  'entries'?: (_eddy_v1_RaftEntry)[];
}

export interface ReadLogResponse__Output {
  /**
   * The indexes [first_index, last_index] this response covers, following the
   * previous response's without a gap. Every entry the node holds in the span
   * is in `entries`, in index order; an index of the span without an entry
   * was removed by the serving node's log compaction (cleanup.policy=compact).
   */
  'firstIndex': (string);
  'lastIndex': (string);
  'entries': (_eddy_v1_RaftEntry__Output)[];
}
