import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ConsumedRecord as _eddy_v1_ConsumedRecord, ConsumedRecord__Output as _eddy_v1_ConsumedRecord__Output } from './eddy/v1/ConsumedRecord.js';
import type { ErrorInfo as _eddy_v1_ErrorInfo, ErrorInfo__Output as _eddy_v1_ErrorInfo__Output } from './eddy/v1/ErrorInfo.js';
import type { Header as _eddy_v1_Header, Header__Output as _eddy_v1_Header__Output } from './eddy/v1/Header.js';
import type { Record as _eddy_v1_Record, Record__Output as _eddy_v1_Record__Output } from './eddy/v1/Record.js';
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
      Header: MessageTypeDefinition<_eddy_v1_Header, _eddy_v1_Header__Output>
      Record: MessageTypeDefinition<_eddy_v1_Record, _eddy_v1_Record__Output>
      TopicPartition: MessageTypeDefinition<_eddy_v1_TopicPartition, _eddy_v1_TopicPartition__Output>
    }
  }
}

