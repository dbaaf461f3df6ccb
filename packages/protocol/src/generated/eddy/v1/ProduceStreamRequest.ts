// Original file: proto/eddy/v1/produce.proto

import type { ProduceRequest as _eddy_v1_ProduceRequest, ProduceRequest__Output as _eddy_v1_ProduceRequest__Output } from '../../eddy/v1/ProduceRequest.js';
import type { Long } from '@grpc/proto-loader';

export interface ProduceStreamRequest {
  /**
   * Chosen by the client (unique among its requests in flight on this stream); repeated in the answer.
   */
  'id'?: (number | string | Long);
  'request'?: (_eddy_v1_ProduceRequest | null);
}

export interface ProduceStreamRequest__Output {
  /**
   * Chosen by the client (unique among its requests in flight on this stream); repeated in the answer.
   */
  'id': (string);
  'request': (_eddy_v1_ProduceRequest__Output | null);
}
