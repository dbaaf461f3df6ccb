// Original file: proto/eddy/v1/raft.proto

import type { Long } from '@grpc/proto-loader';

/**
 * Heartbeat state for one group, batched per pair of nodes.
 */
export interface CoalescedHeartbeat {
  'group'?: (string);
  'response'?: (boolean);
  'term'?: (number | string | Long);
  'commit'?: (number | string | Long);
  'context'?: (Buffer | Uint8Array | string);
}

/**
 * Heartbeat state for one group, batched per pair of nodes.
 */
export interface CoalescedHeartbeat__Output {
  'group': (string);
  'response': (boolean);
  'term': (string);
  'commit': (string);
  'context': (Buffer);
}
