import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdminServiceClient as _eddy_v1_AdminServiceClient, AdminServiceDefinition as _eddy_v1_AdminServiceDefinition } from './eddy/v1/AdminService.js';
import type { AlterConfigsRequest as _eddy_v1_AlterConfigsRequest, AlterConfigsRequest__Output as _eddy_v1_AlterConfigsRequest__Output } from './eddy/v1/AlterConfigsRequest.js';
import type { AlterConfigsResponse as _eddy_v1_AlterConfigsResponse, AlterConfigsResponse__Output as _eddy_v1_AlterConfigsResponse__Output } from './eddy/v1/AlterConfigsResponse.js';
import type { ConfigEntry as _eddy_v1_ConfigEntry, ConfigEntry__Output as _eddy_v1_ConfigEntry__Output } from './eddy/v1/ConfigEntry.js';
import type { ControllerInfo as _eddy_v1_ControllerInfo, ControllerInfo__Output as _eddy_v1_ControllerInfo__Output } from './eddy/v1/ControllerInfo.js';
import type { CreatePartitionsRequest as _eddy_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _eddy_v1_CreatePartitionsRequest__Output } from './eddy/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _eddy_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _eddy_v1_CreatePartitionsResponse__Output } from './eddy/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _eddy_v1_CreateTopicRequest, CreateTopicRequest__Output as _eddy_v1_CreateTopicRequest__Output } from './eddy/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _eddy_v1_CreateTopicResponse, CreateTopicResponse__Output as _eddy_v1_CreateTopicResponse__Output } from './eddy/v1/CreateTopicResponse.js';
import type { DeleteTopicRequest as _eddy_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _eddy_v1_DeleteTopicRequest__Output } from './eddy/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _eddy_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _eddy_v1_DeleteTopicResponse__Output } from './eddy/v1/DeleteTopicResponse.js';
import type { DescribeClusterRequest as _eddy_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _eddy_v1_DescribeClusterRequest__Output } from './eddy/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _eddy_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _eddy_v1_DescribeClusterResponse__Output } from './eddy/v1/DescribeClusterResponse.js';
import type { DescribeConfigsRequest as _eddy_v1_DescribeConfigsRequest, DescribeConfigsRequest__Output as _eddy_v1_DescribeConfigsRequest__Output } from './eddy/v1/DescribeConfigsRequest.js';
import type { DescribeConfigsResponse as _eddy_v1_DescribeConfigsResponse, DescribeConfigsResponse__Output as _eddy_v1_DescribeConfigsResponse__Output } from './eddy/v1/DescribeConfigsResponse.js';
import type { DescribeTopicRequest as _eddy_v1_DescribeTopicRequest, DescribeTopicRequest__Output as _eddy_v1_DescribeTopicRequest__Output } from './eddy/v1/DescribeTopicRequest.js';
import type { DescribeTopicResponse as _eddy_v1_DescribeTopicResponse, DescribeTopicResponse__Output as _eddy_v1_DescribeTopicResponse__Output } from './eddy/v1/DescribeTopicResponse.js';
import type { GetMetadataRequest as _eddy_v1_GetMetadataRequest, GetMetadataRequest__Output as _eddy_v1_GetMetadataRequest__Output } from './eddy/v1/GetMetadataRequest.js';
import type { GetMetadataResponse as _eddy_v1_GetMetadataResponse, GetMetadataResponse__Output as _eddy_v1_GetMetadataResponse__Output } from './eddy/v1/GetMetadataResponse.js';
import type { ListTopicsRequest as _eddy_v1_ListTopicsRequest, ListTopicsRequest__Output as _eddy_v1_ListTopicsRequest__Output } from './eddy/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _eddy_v1_ListTopicsResponse, ListTopicsResponse__Output as _eddy_v1_ListTopicsResponse__Output } from './eddy/v1/ListTopicsResponse.js';
import type { MetadataServiceClient as _eddy_v1_MetadataServiceClient, MetadataServiceDefinition as _eddy_v1_MetadataServiceDefinition } from './eddy/v1/MetadataService.js';
import type { NodeInfo as _eddy_v1_NodeInfo, NodeInfo__Output as _eddy_v1_NodeInfo__Output } from './eddy/v1/NodeInfo.js';
import type { PartitionDescription as _eddy_v1_PartitionDescription, PartitionDescription__Output as _eddy_v1_PartitionDescription__Output } from './eddy/v1/PartitionDescription.js';
import type { PartitionMetadata as _eddy_v1_PartitionMetadata, PartitionMetadata__Output as _eddy_v1_PartitionMetadata__Output } from './eddy/v1/PartitionMetadata.js';
import type { TopicDescription as _eddy_v1_TopicDescription, TopicDescription__Output as _eddy_v1_TopicDescription__Output } from './eddy/v1/TopicDescription.js';
import type { TopicMetadata as _eddy_v1_TopicMetadata, TopicMetadata__Output as _eddy_v1_TopicMetadata__Output } from './eddy/v1/TopicMetadata.js';
import type { TopicSummary as _eddy_v1_TopicSummary, TopicSummary__Output as _eddy_v1_TopicSummary__Output } from './eddy/v1/TopicSummary.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  eddy: {
    v1: {
      /**
       * AdminService changes and describes the cluster's shape. The active controller
       * serves it; any other node forwards the call to the active controller, so
       * clients may send it to any node. Operations are linearizable: once a call
       * returns, every later call observes its effect.
       */
      AdminService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_AdminServiceClient> & { service: _eddy_v1_AdminServiceDefinition }
      AlterConfigsRequest: MessageTypeDefinition<_eddy_v1_AlterConfigsRequest, _eddy_v1_AlterConfigsRequest__Output>
      AlterConfigsResponse: MessageTypeDefinition<_eddy_v1_AlterConfigsResponse, _eddy_v1_AlterConfigsResponse__Output>
      ConfigEntry: MessageTypeDefinition<_eddy_v1_ConfigEntry, _eddy_v1_ConfigEntry__Output>
      ConfigResourceType: EnumTypeDefinition
      ConfigSource: EnumTypeDefinition
      ControllerInfo: MessageTypeDefinition<_eddy_v1_ControllerInfo, _eddy_v1_ControllerInfo__Output>
      CreatePartitionsRequest: MessageTypeDefinition<_eddy_v1_CreatePartitionsRequest, _eddy_v1_CreatePartitionsRequest__Output>
      CreatePartitionsResponse: MessageTypeDefinition<_eddy_v1_CreatePartitionsResponse, _eddy_v1_CreatePartitionsResponse__Output>
      CreateTopicRequest: MessageTypeDefinition<_eddy_v1_CreateTopicRequest, _eddy_v1_CreateTopicRequest__Output>
      CreateTopicResponse: MessageTypeDefinition<_eddy_v1_CreateTopicResponse, _eddy_v1_CreateTopicResponse__Output>
      DeleteTopicRequest: MessageTypeDefinition<_eddy_v1_DeleteTopicRequest, _eddy_v1_DeleteTopicRequest__Output>
      DeleteTopicResponse: MessageTypeDefinition<_eddy_v1_DeleteTopicResponse, _eddy_v1_DeleteTopicResponse__Output>
      DescribeClusterRequest: MessageTypeDefinition<_eddy_v1_DescribeClusterRequest, _eddy_v1_DescribeClusterRequest__Output>
      DescribeClusterResponse: MessageTypeDefinition<_eddy_v1_DescribeClusterResponse, _eddy_v1_DescribeClusterResponse__Output>
      DescribeConfigsRequest: MessageTypeDefinition<_eddy_v1_DescribeConfigsRequest, _eddy_v1_DescribeConfigsRequest__Output>
      DescribeConfigsResponse: MessageTypeDefinition<_eddy_v1_DescribeConfigsResponse, _eddy_v1_DescribeConfigsResponse__Output>
      DescribeTopicRequest: MessageTypeDefinition<_eddy_v1_DescribeTopicRequest, _eddy_v1_DescribeTopicRequest__Output>
      DescribeTopicResponse: MessageTypeDefinition<_eddy_v1_DescribeTopicResponse, _eddy_v1_DescribeTopicResponse__Output>
      GetMetadataRequest: MessageTypeDefinition<_eddy_v1_GetMetadataRequest, _eddy_v1_GetMetadataRequest__Output>
      GetMetadataResponse: MessageTypeDefinition<_eddy_v1_GetMetadataResponse, _eddy_v1_GetMetadataResponse__Output>
      ListTopicsRequest: MessageTypeDefinition<_eddy_v1_ListTopicsRequest, _eddy_v1_ListTopicsRequest__Output>
      ListTopicsResponse: MessageTypeDefinition<_eddy_v1_ListTopicsResponse, _eddy_v1_ListTopicsResponse__Output>
      /**
       * MetadataService tells clients which nodes exist and which node leads each
       * partition. Every storage node serves it from its local copy of the cluster
       * metadata; clients bootstrap from any node and then talk to partition leaders.
       */
      MetadataService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_MetadataServiceClient> & { service: _eddy_v1_MetadataServiceDefinition }
      NodeInfo: MessageTypeDefinition<_eddy_v1_NodeInfo, _eddy_v1_NodeInfo__Output>
      NodeRole: EnumTypeDefinition
      PartitionDescription: MessageTypeDefinition<_eddy_v1_PartitionDescription, _eddy_v1_PartitionDescription__Output>
      PartitionMetadata: MessageTypeDefinition<_eddy_v1_PartitionMetadata, _eddy_v1_PartitionMetadata__Output>
      TopicDescription: MessageTypeDefinition<_eddy_v1_TopicDescription, _eddy_v1_TopicDescription__Output>
      TopicMetadata: MessageTypeDefinition<_eddy_v1_TopicMetadata, _eddy_v1_TopicMetadata__Output>
      TopicSummary: MessageTypeDefinition<_eddy_v1_TopicSummary, _eddy_v1_TopicSummary__Output>
    }
  }
}

