// Original file: proto/eddy/v1/cluster.proto

import type { MetadataRecord as _eddy_v1_MetadataRecord, MetadataRecord__Output as _eddy_v1_MetadataRecord__Output } from '../../eddy/v1/MetadataRecord.js';
import type { Long } from '@grpc/proto-loader';

export interface MetadataDelta {
  /**
   * The version of the last record; the records hold versions
   * version - len(records) + 1 .. version, in order.
   */
  'version'?: (number | string | Long);
  /**
   * Records committed together (one controller log entry, e.g. a topic and its
   * partitions): apply them all before reading the image, so a reader never
   * sees half of a change.
   */
  'records'?: (_eddy_v1_MetadataRecord)[];
}

export interface MetadataDelta__Output {
  /**
   * The version of the last record; the records hold versions
   * version - len(records) + 1 .. version, in order.
   */
  'version': (string);
  /**
   * Records committed together (one controller log entry, e.g. a topic and its
   * partitions): apply them all before reading the image, so a reader never
   * sees half of a change.
   */
  'records': (_eddy_v1_MetadataRecord__Output)[];
}
