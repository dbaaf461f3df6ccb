// Original file: proto/eddy/v1/raft.proto

import type { RaftEntryType as _eddy_v1_RaftEntryType, RaftEntryType__Output as _eddy_v1_RaftEntryType__Output } from '../../eddy/v1/RaftEntryType.js';
import type { Long } from '@grpc/proto-loader';

export interface RaftEntry {
  'term'?: (number | string | Long);
  'index'?: (number | string | Long);
  'type'?: (_eddy_v1_RaftEntryType);
  'data'?: (Buffer | Uint8Array | string);
}

export interface RaftEntry__Output {
  'term': (string);
  'index': (string);
  'type': (_eddy_v1_RaftEntryType__Output);
  'data': (Buffer);
}
