// Original file: proto/eddy/v1/fetch.proto

import type { OffsetSpec as _eddy_v1_OffsetSpec, OffsetSpec__Output as _eddy_v1_OffsetSpec__Output } from '../../eddy/v1/OffsetSpec.js';
import type { Long } from '@grpc/proto-loader';

export interface ListOffsetsPartition {
  'topic'?: (string);
  'partition'?: (number);
  'spec'?: (_eddy_v1_OffsetSpec);
  'timestampMs'?: (number | string | Long);
}

export interface ListOffsetsPartition__Output {
  'topic': (string);
  'partition': (number);
  'spec': (_eddy_v1_OffsetSpec__Output);
  'timestampMs': (string);
}
