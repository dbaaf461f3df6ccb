// Original file: proto/eddy/v1/produce.proto

import type { ProduceResponse as _eddy_v1_ProduceResponse, ProduceResponse__Output as _eddy_v1_ProduceResponse__Output } from '../../eddy/v1/ProduceResponse.js';
import type { ErrorInfo as _eddy_v1_ErrorInfo, ErrorInfo__Output as _eddy_v1_ErrorInfo__Output } from '../../eddy/v1/ErrorInfo.js';
import type { Long } from '@grpc/proto-loader';

export interface ProduceStreamResponse {
  'id'?: (number | string | Long);
  'response'?: (_eddy_v1_ProduceResponse | null);
  /**
   * Why the batch was refused or its fate is unknown; the same codes Produce answers with.
   */
  'error'?: (_eddy_v1_ErrorInfo | null);
  'result'?: "response"|"error";
}

export interface ProduceStreamResponse__Output {
  'id': (string);
  'response'?: (_eddy_v1_ProduceResponse__Output | null);
  /**
   * Why the batch was refused or its fate is unknown; the same codes Produce answers with.
   */
  'error'?: (_eddy_v1_ErrorInfo__Output | null);
  'result'?: "response"|"error";
}
