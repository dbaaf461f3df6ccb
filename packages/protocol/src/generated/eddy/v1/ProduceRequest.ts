// Original file: proto/eddy/v1/produce.proto

import type { Acks as _eddy_v1_Acks, Acks__Output as _eddy_v1_Acks__Output } from '../../eddy/v1/Acks.js';
import type { PlainRecords as _eddy_v1_PlainRecords, PlainRecords__Output as _eddy_v1_PlainRecords__Output } from '../../eddy/v1/PlainRecords.js';

export interface ProduceRequest {
  'topic'?: (string);
  'partition'?: (number);
  'acks'?: (_eddy_v1_Acks);
  /**
   * How long the server may wait for replication before answering TIMEOUT. 0: the server's default.
   */
  'timeoutMs'?: (number);
  /**
   * A Kafka RecordBatch v2 (magic 2), as @eddy/client encodes it. The leader validates its CRC,
   * assigns the base offset and stores it verbatim. Carries the producer id, epoch and sequence.
   */
  'recordBatch'?: (Buffer | Uint8Array | string);
  /**
   * Plain records; the node encodes them into one batch.
   */
  'records'?: (_eddy_v1_PlainRecords | null);
  'payload'?: "recordBatch"|"records";
}

export interface ProduceRequest__Output {
  'topic': (string);
  'partition': (number);
  'acks': (_eddy_v1_Acks__Output);
  /**
   * How long the server may wait for replication before answering TIMEOUT. 0: the server's default.
   */
  'timeoutMs': (number);
  /**
   * A Kafka RecordBatch v2 (magic 2), as @eddy/client encodes it. The leader validates its CRC,
   * assigns the base offset and stores it verbatim. Carries the producer id, epoch and sequence.
   */
  'recordBatch'?: (Buffer);
  /**
   * Plain records; the node encodes them into one batch.
   */
  'records'?: (_eddy_v1_PlainRecords__Output | null);
  'payload'?: "recordBatch"|"records";
}
