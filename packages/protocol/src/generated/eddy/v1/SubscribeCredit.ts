// Original file: proto/eddy/v1/fetch.proto

import type { Long } from '@grpc/proto-loader';

export interface SubscribeCredit {
  /**
   * Additional bytes the server may send.
   */
  'bytes'?: (number | string | Long);
}

export interface SubscribeCredit__Output {
  /**
   * Additional bytes the server may send.
   */
  'bytes': (string);
}
