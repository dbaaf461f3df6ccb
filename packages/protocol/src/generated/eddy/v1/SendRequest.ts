// Original file: proto/eddy/v1/raft.proto

import type { RaftMessage as _eddy_v1_RaftMessage, RaftMessage__Output as _eddy_v1_RaftMessage__Output } from '../../eddy/v1/RaftMessage.js';
import type { CoalescedHeartbeat as _eddy_v1_CoalescedHeartbeat, CoalescedHeartbeat__Output as _eddy_v1_CoalescedHeartbeat__Output } from '../../eddy/v1/CoalescedHeartbeat.js';

export interface SendRequest {
  'fromNode'?: (number);
  'toNode'?: (number);
  'messages'?: (_eddy_v1_RaftMessage)[];
  /**
   * Heartbeats (and their responses) for many groups at once.
   */
  'heartbeats'?: (_eddy_v1_CoalescedHeartbeat)[];
}

export interface SendRequest__Output {
  'fromNode': (number);
  'toNode': (number);
  'messages': (_eddy_v1_RaftMessage__Output)[];
  /**
   * Heartbeats (and their responses) for many groups at once.
   */
  'heartbeats': (_eddy_v1_CoalescedHeartbeat__Output)[];
}
