// Original file: proto/eddy/v1/cluster.proto

import type { MetadataRecord as _eddy_v1_MetadataRecord, MetadataRecord__Output as _eddy_v1_MetadataRecord__Output } from '../../eddy/v1/MetadataRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface MetadataImage {
  'version'?: (number | string | Long);
  'clusterId'?: (string);
  'records'?: (_eddy_v1_MetadataRecord)[];
}

export interface MetadataImage__Output {
  'version': (string);
  'clusterId': (string);
  'records': (_eddy_v1_MetadataRecord__Output)[];
}
