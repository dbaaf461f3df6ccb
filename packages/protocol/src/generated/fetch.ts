import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ConsumedRecord as _eddy_v1_ConsumedRecord, ConsumedRecord__Output as _eddy_v1_ConsumedRecord__Output } from './eddy/v1/ConsumedRecord.js';
import type { ErrorInfo as _eddy_v1_ErrorInfo, ErrorInfo__Output as _eddy_v1_ErrorInfo__Output } from './eddy/v1/ErrorInfo.js';
import type { FetchPartition as _eddy_v1_FetchPartition, FetchPartition__Output as _eddy_v1_FetchPartition__Output } from './eddy/v1/FetchPartition.js';
import type { FetchRequest as _eddy_v1_FetchRequest, FetchRequest__Output as _eddy_v1_FetchRequest__Output } from './eddy/v1/FetchRequest.js';
import type { FetchResponse as _eddy_v1_FetchResponse, FetchResponse__Output as _eddy_v1_FetchResponse__Output } from './eddy/v1/FetchResponse.js';
import type { FetchServiceClient as _eddy_v1_FetchServiceClient, FetchServiceDefinition as _eddy_v1_FetchServiceDefinition } from './eddy/v1/FetchService.js';
import type { FetchedPartition as _eddy_v1_FetchedPartition, FetchedPartition__Output as _eddy_v1_FetchedPartition__Output } from './eddy/v1/FetchedPartition.js';
import type { Header as _eddy_v1_Header, Header__Output as _eddy_v1_Header__Output } from './eddy/v1/Header.js';
import type { ListOffsetsPartition as _eddy_v1_ListOffsetsPartition, ListOffsetsPartition__Output as _eddy_v1_ListOffsetsPartition__Output } from './eddy/v1/ListOffsetsPartition.js';
import type { ListOffsetsRequest as _eddy_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _eddy_v1_ListOffsetsRequest__Output } from './eddy/v1/ListOffsetsRequest.js';
import type { ListOffsetsResponse as _eddy_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _eddy_v1_ListOffsetsResponse__Output } from './eddy/v1/ListOffsetsResponse.js';
import type { ListedOffset as _eddy_v1_ListedOffset, ListedOffset__Output as _eddy_v1_ListedOffset__Output } from './eddy/v1/ListedOffset.js';
import type { Record as _eddy_v1_Record, Record__Output as _eddy_v1_Record__Output } from './eddy/v1/Record.js';
import type { SubscribeCredit as _eddy_v1_SubscribeCredit, SubscribeCredit__Output as _eddy_v1_SubscribeCredit__Output } from './eddy/v1/SubscribeCredit.js';
import type { SubscribeRequest as _eddy_v1_SubscribeRequest, SubscribeRequest__Output as _eddy_v1_SubscribeRequest__Output } from './eddy/v1/SubscribeRequest.js';
import type { SubscribeResponse as _eddy_v1_SubscribeResponse, SubscribeResponse__Output as _eddy_v1_SubscribeResponse__Output } from './eddy/v1/SubscribeResponse.js';
import type { SubscribeStart as _eddy_v1_SubscribeStart, SubscribeStart__Output as _eddy_v1_SubscribeStart__Output } from './eddy/v1/SubscribeStart.js';
import type { TopicPartition as _eddy_v1_TopicPartition, TopicPartition__Output as _eddy_v1_TopicPartition__Output } from './eddy/v1/TopicPartition.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  eddy: {
    v1: {
      Compression: EnumTypeDefinition
      ConsumedRecord: MessageTypeDefinition<_eddy_v1_ConsumedRecord, _eddy_v1_ConsumedRecord__Output>
      ErrorInfo: MessageTypeDefinition<_eddy_v1_ErrorInfo, _eddy_v1_ErrorInfo__Output>
      FetchPartition: MessageTypeDefinition<_eddy_v1_FetchPartition, _eddy_v1_FetchPartition__Output>
      FetchRequest: MessageTypeDefinition<_eddy_v1_FetchRequest, _eddy_v1_FetchRequest__Output>
      FetchResponse: MessageTypeDefinition<_eddy_v1_FetchResponse, _eddy_v1_FetchResponse__Output>
      /**
       * FetchService reads partitions. Only committed records are returned (below the
       * high watermark). Send to the partition's leader.
       */
      FetchService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_FetchServiceClient> & { service: _eddy_v1_FetchServiceDefinition }
      FetchedPartition: MessageTypeDefinition<_eddy_v1_FetchedPartition, _eddy_v1_FetchedPartition__Output>
      Header: MessageTypeDefinition<_eddy_v1_Header, _eddy_v1_Header__Output>
      ListOffsetsPartition: MessageTypeDefinition<_eddy_v1_ListOffsetsPartition, _eddy_v1_ListOffsetsPartition__Output>
      ListOffsetsRequest: MessageTypeDefinition<_eddy_v1_ListOffsetsRequest, _eddy_v1_ListOffsetsRequest__Output>
      ListOffsetsResponse: MessageTypeDefinition<_eddy_v1_ListOffsetsResponse, _eddy_v1_ListOffsetsResponse__Output>
      ListedOffset: MessageTypeDefinition<_eddy_v1_ListedOffset, _eddy_v1_ListedOffset__Output>
      OffsetSpec: EnumTypeDefinition
      Record: MessageTypeDefinition<_eddy_v1_Record, _eddy_v1_Record__Output>
      RecordFormat: EnumTypeDefinition
      SubscribeCredit: MessageTypeDefinition<_eddy_v1_SubscribeCredit, _eddy_v1_SubscribeCredit__Output>
      SubscribeRequest: MessageTypeDefinition<_eddy_v1_SubscribeRequest, _eddy_v1_SubscribeRequest__Output>
      SubscribeResponse: MessageTypeDefinition<_eddy_v1_SubscribeResponse, _eddy_v1_SubscribeResponse__Output>
      SubscribeStart: MessageTypeDefinition<_eddy_v1_SubscribeStart, _eddy_v1_SubscribeStart__Output>
      TopicPartition: MessageTypeDefinition<_eddy_v1_TopicPartition, _eddy_v1_TopicPartition__Output>
    }
  }
}

