// Original file: proto/eddy/v1/cluster.proto

import type { PartitionLeader as _eddy_v1_PartitionLeader, PartitionLeader__Output as _eddy_v1_PartitionLeader__Output } from '../../eddy/v1/PartitionLeader.js';
import type { Long } from '@grpc/proto-loader';

export interface ReportLeadersRequest {
  'nodeId'?: (number);
  'nodeEpoch'?: (number | string | Long);
  'leaders'?: (_eddy_v1_PartitionLeader)[];
}

export interface ReportLeadersRequest__Output {
  'nodeId': (number);
  'nodeEpoch': (string);
  'leaders': (_eddy_v1_PartitionLeader__Output)[];
}
