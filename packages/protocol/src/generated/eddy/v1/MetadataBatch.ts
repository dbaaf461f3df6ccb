// Original file: proto/eddy/v1/cluster.proto

import type { MetadataRecord as _eddy_v1_MetadataRecord, MetadataRecord__Output as _eddy_v1_MetadataRecord__Output } from '../../eddy/v1/MetadataRecord.js';

/**
 * The records of one controller Raft log entry, committed together.
 */
export interface MetadataBatch {
  'records'?: (_eddy_v1_MetadataRecord)[];
}

/**
 * The records of one controller Raft log entry, committed together.
 */
export interface MetadataBatch__Output {
  'records': (_eddy_v1_MetadataRecord__Output)[];
}
