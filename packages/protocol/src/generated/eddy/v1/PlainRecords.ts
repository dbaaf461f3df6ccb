// Original file: proto/eddy/v1/produce.proto

import type { Record as _eddy_v1_Record, Record__Output as _eddy_v1_Record__Output } from '../../eddy/v1/Record.js';
import type { Compression as _eddy_v1_Compression, Compression__Output as _eddy_v1_Compression__Output } from '../../eddy/v1/Compression.js';
import type { Long } from '@grpc/proto-loader';

/**
 * Plain records with optional idempotence fields (producer_id -1 disables deduplication).
 */
export interface PlainRecords {
  'records'?: (_eddy_v1_Record)[];
  'producerId'?: (number | string | Long);
  'producerEpoch'?: (number);
  'baseSequence'?: (number);
  'compression'?: (_eddy_v1_Compression);
}

/**
 * Plain records with optional idempotence fields (producer_id -1 disables deduplication).
 */
export interface PlainRecords__Output {
  'records': (_eddy_v1_Record__Output)[];
  'producerId': (string);
  'producerEpoch': (number);
  'baseSequence': (number);
  'compression': (_eddy_v1_Compression__Output);
}
