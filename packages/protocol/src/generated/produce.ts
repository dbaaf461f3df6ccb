import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ConsumedRecord as _eddy_v1_ConsumedRecord, ConsumedRecord__Output as _eddy_v1_ConsumedRecord__Output } from './eddy/v1/ConsumedRecord.js';
import type { ErrorInfo as _eddy_v1_ErrorInfo, ErrorInfo__Output as _eddy_v1_ErrorInfo__Output } from './eddy/v1/ErrorInfo.js';
import type { Header as _eddy_v1_Header, Header__Output as _eddy_v1_Header__Output } from './eddy/v1/Header.js';
import type { InitProducerIdRequest as _eddy_v1_InitProducerIdRequest, InitProducerIdRequest__Output as _eddy_v1_InitProducerIdRequest__Output } from './eddy/v1/InitProducerIdRequest.js';
import type { InitProducerIdResponse as _eddy_v1_InitProducerIdResponse, InitProducerIdResponse__Output as _eddy_v1_InitProducerIdResponse__Output } from './eddy/v1/InitProducerIdResponse.js';
import type { PlainRecords as _eddy_v1_PlainRecords, PlainRecords__Output as _eddy_v1_PlainRecords__Output } from './eddy/v1/PlainRecords.js';
import type { ProduceRequest as _eddy_v1_ProduceRequest, ProduceRequest__Output as _eddy_v1_ProduceRequest__Output } from './eddy/v1/ProduceRequest.js';
import type { ProduceResponse as _eddy_v1_ProduceResponse, ProduceResponse__Output as _eddy_v1_ProduceResponse__Output } from './eddy/v1/ProduceResponse.js';
import type { ProduceServiceClient as _eddy_v1_ProduceServiceClient, ProduceServiceDefinition as _eddy_v1_ProduceServiceDefinition } from './eddy/v1/ProduceService.js';
import type { ProduceStreamRequest as _eddy_v1_ProduceStreamRequest, ProduceStreamRequest__Output as _eddy_v1_ProduceStreamRequest__Output } from './eddy/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse as _eddy_v1_ProduceStreamResponse, ProduceStreamResponse__Output as _eddy_v1_ProduceStreamResponse__Output } from './eddy/v1/ProduceStreamResponse.js';
import type { Record as _eddy_v1_Record, Record__Output as _eddy_v1_Record__Output } from './eddy/v1/Record.js';
import type { TopicPartition as _eddy_v1_TopicPartition, TopicPartition__Output as _eddy_v1_TopicPartition__Output } from './eddy/v1/TopicPartition.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  eddy: {
    v1: {
      Acks: EnumTypeDefinition
      Compression: EnumTypeDefinition
      ConsumedRecord: MessageTypeDefinition<_eddy_v1_ConsumedRecord, _eddy_v1_ConsumedRecord__Output>
      ErrorInfo: MessageTypeDefinition<_eddy_v1_ErrorInfo, _eddy_v1_ErrorInfo__Output>
      Header: MessageTypeDefinition<_eddy_v1_Header, _eddy_v1_Header__Output>
      InitProducerIdRequest: MessageTypeDefinition<_eddy_v1_InitProducerIdRequest, _eddy_v1_InitProducerIdRequest__Output>
      InitProducerIdResponse: MessageTypeDefinition<_eddy_v1_InitProducerIdResponse, _eddy_v1_InitProducerIdResponse__Output>
      PlainRecords: MessageTypeDefinition<_eddy_v1_PlainRecords, _eddy_v1_PlainRecords__Output>
      ProduceRequest: MessageTypeDefinition<_eddy_v1_ProduceRequest, _eddy_v1_ProduceRequest__Output>
      ProduceResponse: MessageTypeDefinition<_eddy_v1_ProduceResponse, _eddy_v1_ProduceResponse__Output>
      /**
       * ProduceService appends records to partitions. Send to the partition's leader
       * (see MetadataService); any other node answers NOT_LEADER with a leader hint
       * in the trailers (eddy-leader-id, eddy-leader-address).
       */
      ProduceService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_ProduceServiceClient> & { service: _eddy_v1_ProduceServiceDefinition }
      ProduceStreamRequest: MessageTypeDefinition<_eddy_v1_ProduceStreamRequest, _eddy_v1_ProduceStreamRequest__Output>
      ProduceStreamResponse: MessageTypeDefinition<_eddy_v1_ProduceStreamResponse, _eddy_v1_ProduceStreamResponse__Output>
      Record: MessageTypeDefinition<_eddy_v1_Record, _eddy_v1_Record__Output>
      TopicPartition: MessageTypeDefinition<_eddy_v1_TopicPartition, _eddy_v1_TopicPartition__Output>
    }
  }
}

