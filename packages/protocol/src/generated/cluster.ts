import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AllocateProducerIdsRequest as _eddy_v1_AllocateProducerIdsRequest, AllocateProducerIdsRequest__Output as _eddy_v1_AllocateProducerIdsRequest__Output } from './eddy/v1/AllocateProducerIdsRequest.js';
import type { AllocateProducerIdsResponse as _eddy_v1_AllocateProducerIdsResponse, AllocateProducerIdsResponse__Output as _eddy_v1_AllocateProducerIdsResponse__Output } from './eddy/v1/AllocateProducerIdsResponse.js';
import type { ClusterIdRecord as _eddy_v1_ClusterIdRecord, ClusterIdRecord__Output as _eddy_v1_ClusterIdRecord__Output } from './eddy/v1/ClusterIdRecord.js';
import type { ConfigRecord as _eddy_v1_ConfigRecord, ConfigRecord__Output as _eddy_v1_ConfigRecord__Output } from './eddy/v1/ConfigRecord.js';
import type { ControllerServiceClient as _eddy_v1_ControllerServiceClient, ControllerServiceDefinition as _eddy_v1_ControllerServiceDefinition } from './eddy/v1/ControllerService.js';
import type { GetMetadataRequest as _eddy_v1_GetMetadataRequest, GetMetadataRequest__Output as _eddy_v1_GetMetadataRequest__Output } from './eddy/v1/GetMetadataRequest.js';
import type { GetMetadataResponse as _eddy_v1_GetMetadataResponse, GetMetadataResponse__Output as _eddy_v1_GetMetadataResponse__Output } from './eddy/v1/GetMetadataResponse.js';
import type { MetadataBatch as _eddy_v1_MetadataBatch, MetadataBatch__Output as _eddy_v1_MetadataBatch__Output } from './eddy/v1/MetadataBatch.js';
import type { MetadataDelta as _eddy_v1_MetadataDelta, MetadataDelta__Output as _eddy_v1_MetadataDelta__Output } from './eddy/v1/MetadataDelta.js';
import type { MetadataImage as _eddy_v1_MetadataImage, MetadataImage__Output as _eddy_v1_MetadataImage__Output } from './eddy/v1/MetadataImage.js';
import type { MetadataRecord as _eddy_v1_MetadataRecord, MetadataRecord__Output as _eddy_v1_MetadataRecord__Output } from './eddy/v1/MetadataRecord.js';
import type { MetadataServiceClient as _eddy_v1_MetadataServiceClient, MetadataServiceDefinition as _eddy_v1_MetadataServiceDefinition } from './eddy/v1/MetadataService.js';
import type { NodeFencedRecord as _eddy_v1_NodeFencedRecord, NodeFencedRecord__Output as _eddy_v1_NodeFencedRecord__Output } from './eddy/v1/NodeFencedRecord.js';
import type { NodeHeartbeatRequest as _eddy_v1_NodeHeartbeatRequest, NodeHeartbeatRequest__Output as _eddy_v1_NodeHeartbeatRequest__Output } from './eddy/v1/NodeHeartbeatRequest.js';
import type { NodeHeartbeatResponse as _eddy_v1_NodeHeartbeatResponse, NodeHeartbeatResponse__Output as _eddy_v1_NodeHeartbeatResponse__Output } from './eddy/v1/NodeHeartbeatResponse.js';
import type { NodeInfo as _eddy_v1_NodeInfo, NodeInfo__Output as _eddy_v1_NodeInfo__Output } from './eddy/v1/NodeInfo.js';
import type { NodeRegisteredRecord as _eddy_v1_NodeRegisteredRecord, NodeRegisteredRecord__Output as _eddy_v1_NodeRegisteredRecord__Output } from './eddy/v1/NodeRegisteredRecord.js';
import type { NodeUnfencedRecord as _eddy_v1_NodeUnfencedRecord, NodeUnfencedRecord__Output as _eddy_v1_NodeUnfencedRecord__Output } from './eddy/v1/NodeUnfencedRecord.js';
import type { PartitionLeader as _eddy_v1_PartitionLeader, PartitionLeader__Output as _eddy_v1_PartitionLeader__Output } from './eddy/v1/PartitionLeader.js';
import type { PartitionLeaderRecord as _eddy_v1_PartitionLeaderRecord, PartitionLeaderRecord__Output as _eddy_v1_PartitionLeaderRecord__Output } from './eddy/v1/PartitionLeaderRecord.js';
import type { PartitionMetadata as _eddy_v1_PartitionMetadata, PartitionMetadata__Output as _eddy_v1_PartitionMetadata__Output } from './eddy/v1/PartitionMetadata.js';
import type { PartitionRecord as _eddy_v1_PartitionRecord, PartitionRecord__Output as _eddy_v1_PartitionRecord__Output } from './eddy/v1/PartitionRecord.js';
import type { ProducerIdsRecord as _eddy_v1_ProducerIdsRecord, ProducerIdsRecord__Output as _eddy_v1_ProducerIdsRecord__Output } from './eddy/v1/ProducerIdsRecord.js';
import type { RegisterNodeRequest as _eddy_v1_RegisterNodeRequest, RegisterNodeRequest__Output as _eddy_v1_RegisterNodeRequest__Output } from './eddy/v1/RegisterNodeRequest.js';
import type { RegisterNodeResponse as _eddy_v1_RegisterNodeResponse, RegisterNodeResponse__Output as _eddy_v1_RegisterNodeResponse__Output } from './eddy/v1/RegisterNodeResponse.js';
import type { ReportLeadersRequest as _eddy_v1_ReportLeadersRequest, ReportLeadersRequest__Output as _eddy_v1_ReportLeadersRequest__Output } from './eddy/v1/ReportLeadersRequest.js';
import type { ReportLeadersResponse as _eddy_v1_ReportLeadersResponse, ReportLeadersResponse__Output as _eddy_v1_ReportLeadersResponse__Output } from './eddy/v1/ReportLeadersResponse.js';
import type { TopicCreatedRecord as _eddy_v1_TopicCreatedRecord, TopicCreatedRecord__Output as _eddy_v1_TopicCreatedRecord__Output } from './eddy/v1/TopicCreatedRecord.js';
import type { TopicDeletedRecord as _eddy_v1_TopicDeletedRecord, TopicDeletedRecord__Output as _eddy_v1_TopicDeletedRecord__Output } from './eddy/v1/TopicDeletedRecord.js';
import type { TopicMetadata as _eddy_v1_TopicMetadata, TopicMetadata__Output as _eddy_v1_TopicMetadata__Output } from './eddy/v1/TopicMetadata.js';
import type { WatchMetadataRequest as _eddy_v1_WatchMetadataRequest, WatchMetadataRequest__Output as _eddy_v1_WatchMetadataRequest__Output } from './eddy/v1/WatchMetadataRequest.js';
import type { WatchMetadataResponse as _eddy_v1_WatchMetadataResponse, WatchMetadataResponse__Output as _eddy_v1_WatchMetadataResponse__Output } from './eddy/v1/WatchMetadataResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  eddy: {
    v1: {
      AllocateProducerIdsRequest: MessageTypeDefinition<_eddy_v1_AllocateProducerIdsRequest, _eddy_v1_AllocateProducerIdsRequest__Output>
      AllocateProducerIdsResponse: MessageTypeDefinition<_eddy_v1_AllocateProducerIdsResponse, _eddy_v1_AllocateProducerIdsResponse__Output>
      ClusterIdRecord: MessageTypeDefinition<_eddy_v1_ClusterIdRecord, _eddy_v1_ClusterIdRecord__Output>
      ConfigRecord: MessageTypeDefinition<_eddy_v1_ConfigRecord, _eddy_v1_ConfigRecord__Output>
      ConfigScope: EnumTypeDefinition
      /**
       * Internal. ControllerService is how storage nodes talk to the controller quorum:
       * registration, heartbeats (which keep a node unfenced), partition-leadership
       * reports, producer-id blocks, and the metadata stream. Calls to a controller
       * that is not active fail with NOT_CONTROLLER naming the active one.
       */
      ControllerService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_ControllerServiceClient> & { service: _eddy_v1_ControllerServiceDefinition }
      GetMetadataRequest: MessageTypeDefinition<_eddy_v1_GetMetadataRequest, _eddy_v1_GetMetadataRequest__Output>
      GetMetadataResponse: MessageTypeDefinition<_eddy_v1_GetMetadataResponse, _eddy_v1_GetMetadataResponse__Output>
      MetadataBatch: MessageTypeDefinition<_eddy_v1_MetadataBatch, _eddy_v1_MetadataBatch__Output>
      MetadataDelta: MessageTypeDefinition<_eddy_v1_MetadataDelta, _eddy_v1_MetadataDelta__Output>
      MetadataImage: MessageTypeDefinition<_eddy_v1_MetadataImage, _eddy_v1_MetadataImage__Output>
      MetadataRecord: MessageTypeDefinition<_eddy_v1_MetadataRecord, _eddy_v1_MetadataRecord__Output>
      /**
       * MetadataService tells clients which nodes exist and which node leads each
       * partition. Every storage node serves it from its local copy of the cluster
       * metadata; clients bootstrap from any node and then talk to partition leaders.
       */
      MetadataService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_MetadataServiceClient> & { service: _eddy_v1_MetadataServiceDefinition }
      NodeFencedRecord: MessageTypeDefinition<_eddy_v1_NodeFencedRecord, _eddy_v1_NodeFencedRecord__Output>
      NodeHeartbeatRequest: MessageTypeDefinition<_eddy_v1_NodeHeartbeatRequest, _eddy_v1_NodeHeartbeatRequest__Output>
      NodeHeartbeatResponse: MessageTypeDefinition<_eddy_v1_NodeHeartbeatResponse, _eddy_v1_NodeHeartbeatResponse__Output>
      NodeInfo: MessageTypeDefinition<_eddy_v1_NodeInfo, _eddy_v1_NodeInfo__Output>
      NodeRegisteredRecord: MessageTypeDefinition<_eddy_v1_NodeRegisteredRecord, _eddy_v1_NodeRegisteredRecord__Output>
      NodeRole: EnumTypeDefinition
      NodeUnfencedRecord: MessageTypeDefinition<_eddy_v1_NodeUnfencedRecord, _eddy_v1_NodeUnfencedRecord__Output>
      PartitionLeader: MessageTypeDefinition<_eddy_v1_PartitionLeader, _eddy_v1_PartitionLeader__Output>
      PartitionLeaderRecord: MessageTypeDefinition<_eddy_v1_PartitionLeaderRecord, _eddy_v1_PartitionLeaderRecord__Output>
      PartitionMetadata: MessageTypeDefinition<_eddy_v1_PartitionMetadata, _eddy_v1_PartitionMetadata__Output>
      PartitionRecord: MessageTypeDefinition<_eddy_v1_PartitionRecord, _eddy_v1_PartitionRecord__Output>
      ProducerIdsRecord: MessageTypeDefinition<_eddy_v1_ProducerIdsRecord, _eddy_v1_ProducerIdsRecord__Output>
      RegisterNodeRequest: MessageTypeDefinition<_eddy_v1_RegisterNodeRequest, _eddy_v1_RegisterNodeRequest__Output>
      RegisterNodeResponse: MessageTypeDefinition<_eddy_v1_RegisterNodeResponse, _eddy_v1_RegisterNodeResponse__Output>
      ReportLeadersRequest: MessageTypeDefinition<_eddy_v1_ReportLeadersRequest, _eddy_v1_ReportLeadersRequest__Output>
      ReportLeadersResponse: MessageTypeDefinition<_eddy_v1_ReportLeadersResponse, _eddy_v1_ReportLeadersResponse__Output>
      TopicCreatedRecord: MessageTypeDefinition<_eddy_v1_TopicCreatedRecord, _eddy_v1_TopicCreatedRecord__Output>
      TopicDeletedRecord: MessageTypeDefinition<_eddy_v1_TopicDeletedRecord, _eddy_v1_TopicDeletedRecord__Output>
      TopicMetadata: MessageTypeDefinition<_eddy_v1_TopicMetadata, _eddy_v1_TopicMetadata__Output>
      WatchMetadataRequest: MessageTypeDefinition<_eddy_v1_WatchMetadataRequest, _eddy_v1_WatchMetadataRequest__Output>
      WatchMetadataResponse: MessageTypeDefinition<_eddy_v1_WatchMetadataResponse, _eddy_v1_WatchMetadataResponse__Output>
    }
  }
}

