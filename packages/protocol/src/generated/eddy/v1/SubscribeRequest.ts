// Original file: proto/eddy/v1/fetch.proto

import type { SubscribeStart as _eddy_v1_SubscribeStart, SubscribeStart__Output as _eddy_v1_SubscribeStart__Output } from '../../eddy/v1/SubscribeStart.js';
import type { SubscribeCredit as _eddy_v1_SubscribeCredit, SubscribeCredit__Output as _eddy_v1_SubscribeCredit__Output } from '../../eddy/v1/SubscribeCredit.js';

export interface SubscribeRequest {
  /**
   * The first message of the stream: what to read.
   */
  'start'?: (_eddy_v1_SubscribeStart | null);
  /**
   * Later messages: more credit.
   */
  'credit'?: (_eddy_v1_SubscribeCredit | null);
  'request'?: "start"|"credit";
}

export interface SubscribeRequest__Output {
  /**
   * The first message of the stream: what to read.
   */
  'start'?: (_eddy_v1_SubscribeStart__Output | null);
  /**
   * Later messages: more credit.
   */
  'credit'?: (_eddy_v1_SubscribeCredit__Output | null);
  'request'?: "start"|"credit";
}
