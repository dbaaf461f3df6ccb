// Original file: proto/eddy/v1/records.proto

import type { Header as _eddy_v1_Header, Header__Output as _eddy_v1_Header__Output } from '../../eddy/v1/Header.js';
import type { Long } from '@grpc/proto-loader';

/**
 * A record as read back: the plain record plus where it sits in the log.
 */
export interface ConsumedRecord {
  'offset'?: (number | string | Long);
  /**
   * CreateTime (the producer's) or LogAppendTime (the leader's), per the topic's
   * message.timestamp.type.
   */
  'timestampMs'?: (number | string | Long);
  'key'?: (Buffer | Uint8Array | string);
  'value'?: (Buffer | Uint8Array | string);
  'headers'?: (_eddy_v1_Header)[];
  /**
   * Leader epoch in which the record's batch was appended.
   */
  'leaderEpoch'?: (number);
  '_key'?: "key";
  '_value'?: "value";
}

/**
 * A record as read back: the plain record plus where it sits in the log.
 */
export interface ConsumedRecord__Output {
  'offset': (string);
  /**
   * CreateTime (the producer's) or LogAppendTime (the leader's), per the topic's
   * message.timestamp.type.
   */
  'timestampMs': (string);
  'key'?: (Buffer);
  'value'?: (Buffer);
  'headers': (_eddy_v1_Header__Output)[];
  /**
   * Leader epoch in which the record's batch was appended.
   */
  'leaderEpoch': (number);
  '_key'?: "key";
  '_value'?: "value";
}
