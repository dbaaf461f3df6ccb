// Original file: proto/eddy/v1/cluster.proto

import type { MetadataRecord as _eddy_v1_MetadataRecord, MetadataRecord__Output as _eddy_v1_MetadataRecord__Output } from '../../eddy/v1/MetadataRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface MetadataDelta {
  'version'?: (number | string | Long);
  'record'?: (_eddy_v1_MetadataRecord | null);
}

export interface MetadataDelta__Output {
  'version': (string);
  'record': (_eddy_v1_MetadataRecord__Output | null);
}
