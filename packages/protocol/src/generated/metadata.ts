import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetMetadataRequest as _eddy_v1_GetMetadataRequest, GetMetadataRequest__Output as _eddy_v1_GetMetadataRequest__Output } from './eddy/v1/GetMetadataRequest.js';
import type { GetMetadataResponse as _eddy_v1_GetMetadataResponse, GetMetadataResponse__Output as _eddy_v1_GetMetadataResponse__Output } from './eddy/v1/GetMetadataResponse.js';
import type { MetadataServiceClient as _eddy_v1_MetadataServiceClient, MetadataServiceDefinition as _eddy_v1_MetadataServiceDefinition } from './eddy/v1/MetadataService.js';
import type { NodeInfo as _eddy_v1_NodeInfo, NodeInfo__Output as _eddy_v1_NodeInfo__Output } from './eddy/v1/NodeInfo.js';
import type { PartitionMetadata as _eddy_v1_PartitionMetadata, PartitionMetadata__Output as _eddy_v1_PartitionMetadata__Output } from './eddy/v1/PartitionMetadata.js';
import type { TopicMetadata as _eddy_v1_TopicMetadata, TopicMetadata__Output as _eddy_v1_TopicMetadata__Output } from './eddy/v1/TopicMetadata.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  eddy: {
    v1: {
      GetMetadataRequest: MessageTypeDefinition<_eddy_v1_GetMetadataRequest, _eddy_v1_GetMetadataRequest__Output>
      GetMetadataResponse: MessageTypeDefinition<_eddy_v1_GetMetadataResponse, _eddy_v1_GetMetadataResponse__Output>
      /**
       * MetadataService tells clients which nodes exist and which node leads each
       * partition. Every storage node serves it from its local copy of the cluster
       * metadata; clients bootstrap from any node and then talk to partition leaders.
       */
      MetadataService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_MetadataServiceClient> & { service: _eddy_v1_MetadataServiceDefinition }
      NodeInfo: MessageTypeDefinition<_eddy_v1_NodeInfo, _eddy_v1_NodeInfo__Output>
      NodeRole: EnumTypeDefinition
      NodeState: EnumTypeDefinition
      PartitionMetadata: MessageTypeDefinition<_eddy_v1_PartitionMetadata, _eddy_v1_PartitionMetadata__Output>
      TopicMetadata: MessageTypeDefinition<_eddy_v1_TopicMetadata, _eddy_v1_TopicMetadata__Output>
    }
  }
}

