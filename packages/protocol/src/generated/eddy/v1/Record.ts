// Original file: proto/eddy/v1/records.proto

import type { Header as _eddy_v1_Header, Header__Output as _eddy_v1_Header__Output } from '../../eddy/v1/Header.js';
import type { Long } from '@grpc/proto-loader';

/**
 * One record (event) as a producer sends it.
 */
export interface Record {
  /**
   * Absent means a null key: the record is placed by sticky partitioning.
   */
  'key'?: (Buffer | Uint8Array | string);
  /**
   * Absent means a null value (a tombstone on compacted topics).
   */
  'value'?: (Buffer | Uint8Array | string);
  'headers'?: (_eddy_v1_Header)[];
  /**
   * Milliseconds since the Unix epoch. Absent or 0: the server's time.
   */
  'timestampMs'?: (number | string | Long);
  '_key'?: "key";
  '_value'?: "value";
}

/**
 * One record (event) as a producer sends it.
 */
export interface Record__Output {
  /**
   * Absent means a null key: the record is placed by sticky partitioning.
   */
  'key'?: (Buffer);
  /**
   * Absent means a null value (a tombstone on compacted topics).
   */
  'value'?: (Buffer);
  'headers': (_eddy_v1_Header__Output)[];
  /**
   * Milliseconds since the Unix epoch. Absent or 0: the server's time.
   */
  'timestampMs': (string);
  '_key'?: "key";
  '_value'?: "value";
}
