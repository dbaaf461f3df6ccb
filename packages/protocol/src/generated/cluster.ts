import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { AclAddedRecord as _eddy_v1_AclAddedRecord, AclAddedRecord__Output as _eddy_v1_AclAddedRecord__Output } from './eddy/v1/AclAddedRecord.js';
import type { AclBinding as _eddy_v1_AclBinding, AclBinding__Output as _eddy_v1_AclBinding__Output } from './eddy/v1/AclBinding.js';
import type { AclFilter as _eddy_v1_AclFilter, AclFilter__Output as _eddy_v1_AclFilter__Output } from './eddy/v1/AclFilter.js';
import type { AclRemovedRecord as _eddy_v1_AclRemovedRecord, AclRemovedRecord__Output as _eddy_v1_AclRemovedRecord__Output } from './eddy/v1/AclRemovedRecord.js';
import type { AddControllerVoterRequest as _eddy_v1_AddControllerVoterRequest, AddControllerVoterRequest__Output as _eddy_v1_AddControllerVoterRequest__Output } from './eddy/v1/AddControllerVoterRequest.js';
import type { AddControllerVoterResponse as _eddy_v1_AddControllerVoterResponse, AddControllerVoterResponse__Output as _eddy_v1_AddControllerVoterResponse__Output } from './eddy/v1/AddControllerVoterResponse.js';
import type { AdminServiceClient as _eddy_v1_AdminServiceClient, AdminServiceDefinition as _eddy_v1_AdminServiceDefinition } from './eddy/v1/AdminService.js';
import type { AllocateProducerIdsRequest as _eddy_v1_AllocateProducerIdsRequest, AllocateProducerIdsRequest__Output as _eddy_v1_AllocateProducerIdsRequest__Output } from './eddy/v1/AllocateProducerIdsRequest.js';
import type { AllocateProducerIdsResponse as _eddy_v1_AllocateProducerIdsResponse, AllocateProducerIdsResponse__Output as _eddy_v1_AllocateProducerIdsResponse__Output } from './eddy/v1/AllocateProducerIdsResponse.js';
import type { AlterConfigsRequest as _eddy_v1_AlterConfigsRequest, AlterConfigsRequest__Output as _eddy_v1_AlterConfigsRequest__Output } from './eddy/v1/AlterConfigsRequest.js';
import type { AlterConfigsResponse as _eddy_v1_AlterConfigsResponse, AlterConfigsResponse__Output as _eddy_v1_AlterConfigsResponse__Output } from './eddy/v1/AlterConfigsResponse.js';
import type { AlterPartitionReassignmentsRequest as _eddy_v1_AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsRequest__Output as _eddy_v1_AlterPartitionReassignmentsRequest__Output } from './eddy/v1/AlterPartitionReassignmentsRequest.js';
import type { AlterPartitionReassignmentsResponse as _eddy_v1_AlterPartitionReassignmentsResponse, AlterPartitionReassignmentsResponse__Output as _eddy_v1_AlterPartitionReassignmentsResponse__Output } from './eddy/v1/AlterPartitionReassignmentsResponse.js';
import type { ClusterIdRecord as _eddy_v1_ClusterIdRecord, ClusterIdRecord__Output as _eddy_v1_ClusterIdRecord__Output } from './eddy/v1/ClusterIdRecord.js';
import type { ConfigEntry as _eddy_v1_ConfigEntry, ConfigEntry__Output as _eddy_v1_ConfigEntry__Output } from './eddy/v1/ConfigEntry.js';
import type { ConfigRecord as _eddy_v1_ConfigRecord, ConfigRecord__Output as _eddy_v1_ConfigRecord__Output } from './eddy/v1/ConfigRecord.js';
import type { ControllerInfo as _eddy_v1_ControllerInfo, ControllerInfo__Output as _eddy_v1_ControllerInfo__Output } from './eddy/v1/ControllerInfo.js';
import type { ControllerRegistrationRecord as _eddy_v1_ControllerRegistrationRecord, ControllerRegistrationRecord__Output as _eddy_v1_ControllerRegistrationRecord__Output } from './eddy/v1/ControllerRegistrationRecord.js';
import type { ControllerServiceClient as _eddy_v1_ControllerServiceClient, ControllerServiceDefinition as _eddy_v1_ControllerServiceDefinition } from './eddy/v1/ControllerService.js';
import type { CreateAclsRequest as _eddy_v1_CreateAclsRequest, CreateAclsRequest__Output as _eddy_v1_CreateAclsRequest__Output } from './eddy/v1/CreateAclsRequest.js';
import type { CreateAclsResponse as _eddy_v1_CreateAclsResponse, CreateAclsResponse__Output as _eddy_v1_CreateAclsResponse__Output } from './eddy/v1/CreateAclsResponse.js';
import type { CreatePartitionsRequest as _eddy_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _eddy_v1_CreatePartitionsRequest__Output } from './eddy/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _eddy_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _eddy_v1_CreatePartitionsResponse__Output } from './eddy/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _eddy_v1_CreateTopicRequest, CreateTopicRequest__Output as _eddy_v1_CreateTopicRequest__Output } from './eddy/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _eddy_v1_CreateTopicResponse, CreateTopicResponse__Output as _eddy_v1_CreateTopicResponse__Output } from './eddy/v1/CreateTopicResponse.js';
import type { CreateUserRequest as _eddy_v1_CreateUserRequest, CreateUserRequest__Output as _eddy_v1_CreateUserRequest__Output } from './eddy/v1/CreateUserRequest.js';
import type { CreateUserResponse as _eddy_v1_CreateUserResponse, CreateUserResponse__Output as _eddy_v1_CreateUserResponse__Output } from './eddy/v1/CreateUserResponse.js';
import type { DecommissionNodeRequest as _eddy_v1_DecommissionNodeRequest, DecommissionNodeRequest__Output as _eddy_v1_DecommissionNodeRequest__Output } from './eddy/v1/DecommissionNodeRequest.js';
import type { DecommissionNodeResponse as _eddy_v1_DecommissionNodeResponse, DecommissionNodeResponse__Output as _eddy_v1_DecommissionNodeResponse__Output } from './eddy/v1/DecommissionNodeResponse.js';
import type { DeleteAclsRequest as _eddy_v1_DeleteAclsRequest, DeleteAclsRequest__Output as _eddy_v1_DeleteAclsRequest__Output } from './eddy/v1/DeleteAclsRequest.js';
import type { DeleteAclsResponse as _eddy_v1_DeleteAclsResponse, DeleteAclsResponse__Output as _eddy_v1_DeleteAclsResponse__Output } from './eddy/v1/DeleteAclsResponse.js';
import type { DeleteQuotaRequest as _eddy_v1_DeleteQuotaRequest, DeleteQuotaRequest__Output as _eddy_v1_DeleteQuotaRequest__Output } from './eddy/v1/DeleteQuotaRequest.js';
import type { DeleteQuotaResponse as _eddy_v1_DeleteQuotaResponse, DeleteQuotaResponse__Output as _eddy_v1_DeleteQuotaResponse__Output } from './eddy/v1/DeleteQuotaResponse.js';
import type { DeleteTopicRequest as _eddy_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _eddy_v1_DeleteTopicRequest__Output } from './eddy/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _eddy_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _eddy_v1_DeleteTopicResponse__Output } from './eddy/v1/DeleteTopicResponse.js';
import type { DeleteUserRequest as _eddy_v1_DeleteUserRequest, DeleteUserRequest__Output as _eddy_v1_DeleteUserRequest__Output } from './eddy/v1/DeleteUserRequest.js';
import type { DeleteUserResponse as _eddy_v1_DeleteUserResponse, DeleteUserResponse__Output as _eddy_v1_DeleteUserResponse__Output } from './eddy/v1/DeleteUserResponse.js';
import type { DescribeClusterRequest as _eddy_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _eddy_v1_DescribeClusterRequest__Output } from './eddy/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _eddy_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _eddy_v1_DescribeClusterResponse__Output } from './eddy/v1/DescribeClusterResponse.js';
import type { DescribeConfigsRequest as _eddy_v1_DescribeConfigsRequest, DescribeConfigsRequest__Output as _eddy_v1_DescribeConfigsRequest__Output } from './eddy/v1/DescribeConfigsRequest.js';
import type { DescribeConfigsResponse as _eddy_v1_DescribeConfigsResponse, DescribeConfigsResponse__Output as _eddy_v1_DescribeConfigsResponse__Output } from './eddy/v1/DescribeConfigsResponse.js';
import type { DescribeTopicRequest as _eddy_v1_DescribeTopicRequest, DescribeTopicRequest__Output as _eddy_v1_DescribeTopicRequest__Output } from './eddy/v1/DescribeTopicRequest.js';
import type { DescribeTopicResponse as _eddy_v1_DescribeTopicResponse, DescribeTopicResponse__Output as _eddy_v1_DescribeTopicResponse__Output } from './eddy/v1/DescribeTopicResponse.js';
import type { GetMetadataRequest as _eddy_v1_GetMetadataRequest, GetMetadataRequest__Output as _eddy_v1_GetMetadataRequest__Output } from './eddy/v1/GetMetadataRequest.js';
import type { GetMetadataResponse as _eddy_v1_GetMetadataResponse, GetMetadataResponse__Output as _eddy_v1_GetMetadataResponse__Output } from './eddy/v1/GetMetadataResponse.js';
import type { ListAclsRequest as _eddy_v1_ListAclsRequest, ListAclsRequest__Output as _eddy_v1_ListAclsRequest__Output } from './eddy/v1/ListAclsRequest.js';
import type { ListAclsResponse as _eddy_v1_ListAclsResponse, ListAclsResponse__Output as _eddy_v1_ListAclsResponse__Output } from './eddy/v1/ListAclsResponse.js';
import type { ListNodesRequest as _eddy_v1_ListNodesRequest, ListNodesRequest__Output as _eddy_v1_ListNodesRequest__Output } from './eddy/v1/ListNodesRequest.js';
import type { ListNodesResponse as _eddy_v1_ListNodesResponse, ListNodesResponse__Output as _eddy_v1_ListNodesResponse__Output } from './eddy/v1/ListNodesResponse.js';
import type { ListPartitionReassignmentsRequest as _eddy_v1_ListPartitionReassignmentsRequest, ListPartitionReassignmentsRequest__Output as _eddy_v1_ListPartitionReassignmentsRequest__Output } from './eddy/v1/ListPartitionReassignmentsRequest.js';
import type { ListPartitionReassignmentsResponse as _eddy_v1_ListPartitionReassignmentsResponse, ListPartitionReassignmentsResponse__Output as _eddy_v1_ListPartitionReassignmentsResponse__Output } from './eddy/v1/ListPartitionReassignmentsResponse.js';
import type { ListQuotasRequest as _eddy_v1_ListQuotasRequest, ListQuotasRequest__Output as _eddy_v1_ListQuotasRequest__Output } from './eddy/v1/ListQuotasRequest.js';
import type { ListQuotasResponse as _eddy_v1_ListQuotasResponse, ListQuotasResponse__Output as _eddy_v1_ListQuotasResponse__Output } from './eddy/v1/ListQuotasResponse.js';
import type { ListTopicsRequest as _eddy_v1_ListTopicsRequest, ListTopicsRequest__Output as _eddy_v1_ListTopicsRequest__Output } from './eddy/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _eddy_v1_ListTopicsResponse, ListTopicsResponse__Output as _eddy_v1_ListTopicsResponse__Output } from './eddy/v1/ListTopicsResponse.js';
import type { ListUsersRequest as _eddy_v1_ListUsersRequest, ListUsersRequest__Output as _eddy_v1_ListUsersRequest__Output } from './eddy/v1/ListUsersRequest.js';
import type { ListUsersResponse as _eddy_v1_ListUsersResponse, ListUsersResponse__Output as _eddy_v1_ListUsersResponse__Output } from './eddy/v1/ListUsersResponse.js';
import type { MetadataBatch as _eddy_v1_MetadataBatch, MetadataBatch__Output as _eddy_v1_MetadataBatch__Output } from './eddy/v1/MetadataBatch.js';
import type { MetadataDelta as _eddy_v1_MetadataDelta, MetadataDelta__Output as _eddy_v1_MetadataDelta__Output } from './eddy/v1/MetadataDelta.js';
import type { MetadataImage as _eddy_v1_MetadataImage, MetadataImage__Output as _eddy_v1_MetadataImage__Output } from './eddy/v1/MetadataImage.js';
import type { MetadataRecord as _eddy_v1_MetadataRecord, MetadataRecord__Output as _eddy_v1_MetadataRecord__Output } from './eddy/v1/MetadataRecord.js';
import type { MetadataServiceClient as _eddy_v1_MetadataServiceClient, MetadataServiceDefinition as _eddy_v1_MetadataServiceDefinition } from './eddy/v1/MetadataService.js';
import type { NodeDecommissionRecord as _eddy_v1_NodeDecommissionRecord, NodeDecommissionRecord__Output as _eddy_v1_NodeDecommissionRecord__Output } from './eddy/v1/NodeDecommissionRecord.js';
import type { NodeFencedRecord as _eddy_v1_NodeFencedRecord, NodeFencedRecord__Output as _eddy_v1_NodeFencedRecord__Output } from './eddy/v1/NodeFencedRecord.js';
import type { NodeHeartbeatRequest as _eddy_v1_NodeHeartbeatRequest, NodeHeartbeatRequest__Output as _eddy_v1_NodeHeartbeatRequest__Output } from './eddy/v1/NodeHeartbeatRequest.js';
import type { NodeHeartbeatResponse as _eddy_v1_NodeHeartbeatResponse, NodeHeartbeatResponse__Output as _eddy_v1_NodeHeartbeatResponse__Output } from './eddy/v1/NodeHeartbeatResponse.js';
import type { NodeInfo as _eddy_v1_NodeInfo, NodeInfo__Output as _eddy_v1_NodeInfo__Output } from './eddy/v1/NodeInfo.js';
import type { NodeRegisteredRecord as _eddy_v1_NodeRegisteredRecord, NodeRegisteredRecord__Output as _eddy_v1_NodeRegisteredRecord__Output } from './eddy/v1/NodeRegisteredRecord.js';
import type { NodeStatus as _eddy_v1_NodeStatus, NodeStatus__Output as _eddy_v1_NodeStatus__Output } from './eddy/v1/NodeStatus.js';
import type { NodeUnfencedRecord as _eddy_v1_NodeUnfencedRecord, NodeUnfencedRecord__Output as _eddy_v1_NodeUnfencedRecord__Output } from './eddy/v1/NodeUnfencedRecord.js';
import type { PartitionDescription as _eddy_v1_PartitionDescription, PartitionDescription__Output as _eddy_v1_PartitionDescription__Output } from './eddy/v1/PartitionDescription.js';
import type { PartitionLeader as _eddy_v1_PartitionLeader, PartitionLeader__Output as _eddy_v1_PartitionLeader__Output } from './eddy/v1/PartitionLeader.js';
import type { PartitionLeaderRecord as _eddy_v1_PartitionLeaderRecord, PartitionLeaderRecord__Output as _eddy_v1_PartitionLeaderRecord__Output } from './eddy/v1/PartitionLeaderRecord.js';
import type { PartitionLogInfo as _eddy_v1_PartitionLogInfo, PartitionLogInfo__Output as _eddy_v1_PartitionLogInfo__Output } from './eddy/v1/PartitionLogInfo.js';
import type { PartitionMetadata as _eddy_v1_PartitionMetadata, PartitionMetadata__Output as _eddy_v1_PartitionMetadata__Output } from './eddy/v1/PartitionMetadata.js';
import type { PartitionMove as _eddy_v1_PartitionMove, PartitionMove__Output as _eddy_v1_PartitionMove__Output } from './eddy/v1/PartitionMove.js';
import type { PartitionReassignment as _eddy_v1_PartitionReassignment, PartitionReassignment__Output as _eddy_v1_PartitionReassignment__Output } from './eddy/v1/PartitionReassignment.js';
import type { PartitionRecord as _eddy_v1_PartitionRecord, PartitionRecord__Output as _eddy_v1_PartitionRecord__Output } from './eddy/v1/PartitionRecord.js';
import type { ProducerIdsRecord as _eddy_v1_ProducerIdsRecord, ProducerIdsRecord__Output as _eddy_v1_ProducerIdsRecord__Output } from './eddy/v1/ProducerIdsRecord.js';
import type { Quota as _eddy_v1_Quota, Quota__Output as _eddy_v1_Quota__Output } from './eddy/v1/Quota.js';
import type { QuotaRecord as _eddy_v1_QuotaRecord, QuotaRecord__Output as _eddy_v1_QuotaRecord__Output } from './eddy/v1/QuotaRecord.js';
import type { QuotaRemovedRecord as _eddy_v1_QuotaRemovedRecord, QuotaRemovedRecord__Output as _eddy_v1_QuotaRemovedRecord__Output } from './eddy/v1/QuotaRemovedRecord.js';
import type { ReassignmentStatus as _eddy_v1_ReassignmentStatus, ReassignmentStatus__Output as _eddy_v1_ReassignmentStatus__Output } from './eddy/v1/ReassignmentStatus.js';
import type { RebalanceRequest as _eddy_v1_RebalanceRequest, RebalanceRequest__Output as _eddy_v1_RebalanceRequest__Output } from './eddy/v1/RebalanceRequest.js';
import type { RebalanceResponse as _eddy_v1_RebalanceResponse, RebalanceResponse__Output as _eddy_v1_RebalanceResponse__Output } from './eddy/v1/RebalanceResponse.js';
import type { RecommissionNodeRequest as _eddy_v1_RecommissionNodeRequest, RecommissionNodeRequest__Output as _eddy_v1_RecommissionNodeRequest__Output } from './eddy/v1/RecommissionNodeRequest.js';
import type { RecommissionNodeResponse as _eddy_v1_RecommissionNodeResponse, RecommissionNodeResponse__Output as _eddy_v1_RecommissionNodeResponse__Output } from './eddy/v1/RecommissionNodeResponse.js';
import type { RegisterNodeRequest as _eddy_v1_RegisterNodeRequest, RegisterNodeRequest__Output as _eddy_v1_RegisterNodeRequest__Output } from './eddy/v1/RegisterNodeRequest.js';
import type { RegisterNodeResponse as _eddy_v1_RegisterNodeResponse, RegisterNodeResponse__Output as _eddy_v1_RegisterNodeResponse__Output } from './eddy/v1/RegisterNodeResponse.js';
import type { RemoveControllerVoterRequest as _eddy_v1_RemoveControllerVoterRequest, RemoveControllerVoterRequest__Output as _eddy_v1_RemoveControllerVoterRequest__Output } from './eddy/v1/RemoveControllerVoterRequest.js';
import type { RemoveControllerVoterResponse as _eddy_v1_RemoveControllerVoterResponse, RemoveControllerVoterResponse__Output as _eddy_v1_RemoveControllerVoterResponse__Output } from './eddy/v1/RemoveControllerVoterResponse.js';
import type { ReportLeadersRequest as _eddy_v1_ReportLeadersRequest, ReportLeadersRequest__Output as _eddy_v1_ReportLeadersRequest__Output } from './eddy/v1/ReportLeadersRequest.js';
import type { ReportLeadersResponse as _eddy_v1_ReportLeadersResponse, ReportLeadersResponse__Output as _eddy_v1_ReportLeadersResponse__Output } from './eddy/v1/ReportLeadersResponse.js';
import type { ScramCredentialRecord as _eddy_v1_ScramCredentialRecord, ScramCredentialRecord__Output as _eddy_v1_ScramCredentialRecord__Output } from './eddy/v1/ScramCredentialRecord.js';
import type { ScramCredentialRemovedRecord as _eddy_v1_ScramCredentialRemovedRecord, ScramCredentialRemovedRecord__Output as _eddy_v1_ScramCredentialRemovedRecord__Output } from './eddy/v1/ScramCredentialRemovedRecord.js';
import type { SetQuotaRequest as _eddy_v1_SetQuotaRequest, SetQuotaRequest__Output as _eddy_v1_SetQuotaRequest__Output } from './eddy/v1/SetQuotaRequest.js';
import type { SetQuotaResponse as _eddy_v1_SetQuotaResponse, SetQuotaResponse__Output as _eddy_v1_SetQuotaResponse__Output } from './eddy/v1/SetQuotaResponse.js';
import type { TopicCreatedRecord as _eddy_v1_TopicCreatedRecord, TopicCreatedRecord__Output as _eddy_v1_TopicCreatedRecord__Output } from './eddy/v1/TopicCreatedRecord.js';
import type { TopicDeletedRecord as _eddy_v1_TopicDeletedRecord, TopicDeletedRecord__Output as _eddy_v1_TopicDeletedRecord__Output } from './eddy/v1/TopicDeletedRecord.js';
import type { TopicDescription as _eddy_v1_TopicDescription, TopicDescription__Output as _eddy_v1_TopicDescription__Output } from './eddy/v1/TopicDescription.js';
import type { TopicMetadata as _eddy_v1_TopicMetadata, TopicMetadata__Output as _eddy_v1_TopicMetadata__Output } from './eddy/v1/TopicMetadata.js';
import type { TopicSummary as _eddy_v1_TopicSummary, TopicSummary__Output as _eddy_v1_TopicSummary__Output } from './eddy/v1/TopicSummary.js';
import type { UserInfo as _eddy_v1_UserInfo, UserInfo__Output as _eddy_v1_UserInfo__Output } from './eddy/v1/UserInfo.js';
import type { WatchMetadataRequest as _eddy_v1_WatchMetadataRequest, WatchMetadataRequest__Output as _eddy_v1_WatchMetadataRequest__Output } from './eddy/v1/WatchMetadataRequest.js';
import type { WatchMetadataResponse as _eddy_v1_WatchMetadataResponse, WatchMetadataResponse__Output as _eddy_v1_WatchMetadataResponse__Output } from './eddy/v1/WatchMetadataResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  eddy: {
    v1: {
      AclAddedRecord: MessageTypeDefinition<_eddy_v1_AclAddedRecord, _eddy_v1_AclAddedRecord__Output>
      AclBinding: MessageTypeDefinition<_eddy_v1_AclBinding, _eddy_v1_AclBinding__Output>
      AclFilter: MessageTypeDefinition<_eddy_v1_AclFilter, _eddy_v1_AclFilter__Output>
      AclOperation: EnumTypeDefinition
      AclPatternType: EnumTypeDefinition
      AclPermission: EnumTypeDefinition
      AclRemovedRecord: MessageTypeDefinition<_eddy_v1_AclRemovedRecord, _eddy_v1_AclRemovedRecord__Output>
      AclResourceType: EnumTypeDefinition
      AddControllerVoterRequest: MessageTypeDefinition<_eddy_v1_AddControllerVoterRequest, _eddy_v1_AddControllerVoterRequest__Output>
      AddControllerVoterResponse: MessageTypeDefinition<_eddy_v1_AddControllerVoterResponse, _eddy_v1_AddControllerVoterResponse__Output>
      /**
       * AdminService changes and describes the cluster's shape. The active controller
       * serves it; any other node forwards the call to the active controller, so
       * clients may send it to any node. Operations are linearizable: once a call
       * returns, every later call observes its effect.
       */
      AdminService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_AdminServiceClient> & { service: _eddy_v1_AdminServiceDefinition }
      AllocateProducerIdsRequest: MessageTypeDefinition<_eddy_v1_AllocateProducerIdsRequest, _eddy_v1_AllocateProducerIdsRequest__Output>
      AllocateProducerIdsResponse: MessageTypeDefinition<_eddy_v1_AllocateProducerIdsResponse, _eddy_v1_AllocateProducerIdsResponse__Output>
      AlterConfigsRequest: MessageTypeDefinition<_eddy_v1_AlterConfigsRequest, _eddy_v1_AlterConfigsRequest__Output>
      AlterConfigsResponse: MessageTypeDefinition<_eddy_v1_AlterConfigsResponse, _eddy_v1_AlterConfigsResponse__Output>
      AlterPartitionReassignmentsRequest: MessageTypeDefinition<_eddy_v1_AlterPartitionReassignmentsRequest, _eddy_v1_AlterPartitionReassignmentsRequest__Output>
      AlterPartitionReassignmentsResponse: MessageTypeDefinition<_eddy_v1_AlterPartitionReassignmentsResponse, _eddy_v1_AlterPartitionReassignmentsResponse__Output>
      ClusterIdRecord: MessageTypeDefinition<_eddy_v1_ClusterIdRecord, _eddy_v1_ClusterIdRecord__Output>
      ConfigEntry: MessageTypeDefinition<_eddy_v1_ConfigEntry, _eddy_v1_ConfigEntry__Output>
      ConfigRecord: MessageTypeDefinition<_eddy_v1_ConfigRecord, _eddy_v1_ConfigRecord__Output>
      ConfigResourceType: EnumTypeDefinition
      ConfigScope: EnumTypeDefinition
      ConfigSource: EnumTypeDefinition
      ControllerInfo: MessageTypeDefinition<_eddy_v1_ControllerInfo, _eddy_v1_ControllerInfo__Output>
      ControllerRegistrationRecord: MessageTypeDefinition<_eddy_v1_ControllerRegistrationRecord, _eddy_v1_ControllerRegistrationRecord__Output>
      /**
       * Internal. ControllerService is how storage nodes talk to the controller quorum:
       * registration, heartbeats (which keep a node unfenced), partition-leadership
       * reports, producer-id blocks, and the metadata stream. Calls to a controller
       * that is not active fail with NOT_CONTROLLER naming the active one.
       */
      ControllerService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_ControllerServiceClient> & { service: _eddy_v1_ControllerServiceDefinition }
      CreateAclsRequest: MessageTypeDefinition<_eddy_v1_CreateAclsRequest, _eddy_v1_CreateAclsRequest__Output>
      CreateAclsResponse: MessageTypeDefinition<_eddy_v1_CreateAclsResponse, _eddy_v1_CreateAclsResponse__Output>
      CreatePartitionsRequest: MessageTypeDefinition<_eddy_v1_CreatePartitionsRequest, _eddy_v1_CreatePartitionsRequest__Output>
      CreatePartitionsResponse: MessageTypeDefinition<_eddy_v1_CreatePartitionsResponse, _eddy_v1_CreatePartitionsResponse__Output>
      CreateTopicRequest: MessageTypeDefinition<_eddy_v1_CreateTopicRequest, _eddy_v1_CreateTopicRequest__Output>
      CreateTopicResponse: MessageTypeDefinition<_eddy_v1_CreateTopicResponse, _eddy_v1_CreateTopicResponse__Output>
      CreateUserRequest: MessageTypeDefinition<_eddy_v1_CreateUserRequest, _eddy_v1_CreateUserRequest__Output>
      CreateUserResponse: MessageTypeDefinition<_eddy_v1_CreateUserResponse, _eddy_v1_CreateUserResponse__Output>
      DecommissionNodeRequest: MessageTypeDefinition<_eddy_v1_DecommissionNodeRequest, _eddy_v1_DecommissionNodeRequest__Output>
      DecommissionNodeResponse: MessageTypeDefinition<_eddy_v1_DecommissionNodeResponse, _eddy_v1_DecommissionNodeResponse__Output>
      DeleteAclsRequest: MessageTypeDefinition<_eddy_v1_DeleteAclsRequest, _eddy_v1_DeleteAclsRequest__Output>
      DeleteAclsResponse: MessageTypeDefinition<_eddy_v1_DeleteAclsResponse, _eddy_v1_DeleteAclsResponse__Output>
      DeleteQuotaRequest: MessageTypeDefinition<_eddy_v1_DeleteQuotaRequest, _eddy_v1_DeleteQuotaRequest__Output>
      DeleteQuotaResponse: MessageTypeDefinition<_eddy_v1_DeleteQuotaResponse, _eddy_v1_DeleteQuotaResponse__Output>
      DeleteTopicRequest: MessageTypeDefinition<_eddy_v1_DeleteTopicRequest, _eddy_v1_DeleteTopicRequest__Output>
      DeleteTopicResponse: MessageTypeDefinition<_eddy_v1_DeleteTopicResponse, _eddy_v1_DeleteTopicResponse__Output>
      DeleteUserRequest: MessageTypeDefinition<_eddy_v1_DeleteUserRequest, _eddy_v1_DeleteUserRequest__Output>
      DeleteUserResponse: MessageTypeDefinition<_eddy_v1_DeleteUserResponse, _eddy_v1_DeleteUserResponse__Output>
      DescribeClusterRequest: MessageTypeDefinition<_eddy_v1_DescribeClusterRequest, _eddy_v1_DescribeClusterRequest__Output>
      DescribeClusterResponse: MessageTypeDefinition<_eddy_v1_DescribeClusterResponse, _eddy_v1_DescribeClusterResponse__Output>
      DescribeConfigsRequest: MessageTypeDefinition<_eddy_v1_DescribeConfigsRequest, _eddy_v1_DescribeConfigsRequest__Output>
      DescribeConfigsResponse: MessageTypeDefinition<_eddy_v1_DescribeConfigsResponse, _eddy_v1_DescribeConfigsResponse__Output>
      DescribeTopicRequest: MessageTypeDefinition<_eddy_v1_DescribeTopicRequest, _eddy_v1_DescribeTopicRequest__Output>
      DescribeTopicResponse: MessageTypeDefinition<_eddy_v1_DescribeTopicResponse, _eddy_v1_DescribeTopicResponse__Output>
      GetMetadataRequest: MessageTypeDefinition<_eddy_v1_GetMetadataRequest, _eddy_v1_GetMetadataRequest__Output>
      GetMetadataResponse: MessageTypeDefinition<_eddy_v1_GetMetadataResponse, _eddy_v1_GetMetadataResponse__Output>
      ListAclsRequest: MessageTypeDefinition<_eddy_v1_ListAclsRequest, _eddy_v1_ListAclsRequest__Output>
      ListAclsResponse: MessageTypeDefinition<_eddy_v1_ListAclsResponse, _eddy_v1_ListAclsResponse__Output>
      ListNodesRequest: MessageTypeDefinition<_eddy_v1_ListNodesRequest, _eddy_v1_ListNodesRequest__Output>
      ListNodesResponse: MessageTypeDefinition<_eddy_v1_ListNodesResponse, _eddy_v1_ListNodesResponse__Output>
      ListPartitionReassignmentsRequest: MessageTypeDefinition<_eddy_v1_ListPartitionReassignmentsRequest, _eddy_v1_ListPartitionReassignmentsRequest__Output>
      ListPartitionReassignmentsResponse: MessageTypeDefinition<_eddy_v1_ListPartitionReassignmentsResponse, _eddy_v1_ListPartitionReassignmentsResponse__Output>
      ListQuotasRequest: MessageTypeDefinition<_eddy_v1_ListQuotasRequest, _eddy_v1_ListQuotasRequest__Output>
      ListQuotasResponse: MessageTypeDefinition<_eddy_v1_ListQuotasResponse, _eddy_v1_ListQuotasResponse__Output>
      ListTopicsRequest: MessageTypeDefinition<_eddy_v1_ListTopicsRequest, _eddy_v1_ListTopicsRequest__Output>
      ListTopicsResponse: MessageTypeDefinition<_eddy_v1_ListTopicsResponse, _eddy_v1_ListTopicsResponse__Output>
      ListUsersRequest: MessageTypeDefinition<_eddy_v1_ListUsersRequest, _eddy_v1_ListUsersRequest__Output>
      ListUsersResponse: MessageTypeDefinition<_eddy_v1_ListUsersResponse, _eddy_v1_ListUsersResponse__Output>
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
      NodeDecommissionRecord: MessageTypeDefinition<_eddy_v1_NodeDecommissionRecord, _eddy_v1_NodeDecommissionRecord__Output>
      NodeFencedRecord: MessageTypeDefinition<_eddy_v1_NodeFencedRecord, _eddy_v1_NodeFencedRecord__Output>
      NodeHeartbeatRequest: MessageTypeDefinition<_eddy_v1_NodeHeartbeatRequest, _eddy_v1_NodeHeartbeatRequest__Output>
      NodeHeartbeatResponse: MessageTypeDefinition<_eddy_v1_NodeHeartbeatResponse, _eddy_v1_NodeHeartbeatResponse__Output>
      NodeInfo: MessageTypeDefinition<_eddy_v1_NodeInfo, _eddy_v1_NodeInfo__Output>
      NodeRegisteredRecord: MessageTypeDefinition<_eddy_v1_NodeRegisteredRecord, _eddy_v1_NodeRegisteredRecord__Output>
      NodeRole: EnumTypeDefinition
      NodeState: EnumTypeDefinition
      NodeStatus: MessageTypeDefinition<_eddy_v1_NodeStatus, _eddy_v1_NodeStatus__Output>
      NodeUnfencedRecord: MessageTypeDefinition<_eddy_v1_NodeUnfencedRecord, _eddy_v1_NodeUnfencedRecord__Output>
      PartitionDescription: MessageTypeDefinition<_eddy_v1_PartitionDescription, _eddy_v1_PartitionDescription__Output>
      PartitionLeader: MessageTypeDefinition<_eddy_v1_PartitionLeader, _eddy_v1_PartitionLeader__Output>
      PartitionLeaderRecord: MessageTypeDefinition<_eddy_v1_PartitionLeaderRecord, _eddy_v1_PartitionLeaderRecord__Output>
      PartitionLogInfo: MessageTypeDefinition<_eddy_v1_PartitionLogInfo, _eddy_v1_PartitionLogInfo__Output>
      PartitionMetadata: MessageTypeDefinition<_eddy_v1_PartitionMetadata, _eddy_v1_PartitionMetadata__Output>
      PartitionMove: MessageTypeDefinition<_eddy_v1_PartitionMove, _eddy_v1_PartitionMove__Output>
      PartitionReassignment: MessageTypeDefinition<_eddy_v1_PartitionReassignment, _eddy_v1_PartitionReassignment__Output>
      PartitionRecord: MessageTypeDefinition<_eddy_v1_PartitionRecord, _eddy_v1_PartitionRecord__Output>
      ProducerIdsRecord: MessageTypeDefinition<_eddy_v1_ProducerIdsRecord, _eddy_v1_ProducerIdsRecord__Output>
      Quota: MessageTypeDefinition<_eddy_v1_Quota, _eddy_v1_Quota__Output>
      QuotaRecord: MessageTypeDefinition<_eddy_v1_QuotaRecord, _eddy_v1_QuotaRecord__Output>
      QuotaRemovedRecord: MessageTypeDefinition<_eddy_v1_QuotaRemovedRecord, _eddy_v1_QuotaRemovedRecord__Output>
      ReassignmentStatus: MessageTypeDefinition<_eddy_v1_ReassignmentStatus, _eddy_v1_ReassignmentStatus__Output>
      RebalanceRequest: MessageTypeDefinition<_eddy_v1_RebalanceRequest, _eddy_v1_RebalanceRequest__Output>
      RebalanceResponse: MessageTypeDefinition<_eddy_v1_RebalanceResponse, _eddy_v1_RebalanceResponse__Output>
      RecommissionNodeRequest: MessageTypeDefinition<_eddy_v1_RecommissionNodeRequest, _eddy_v1_RecommissionNodeRequest__Output>
      RecommissionNodeResponse: MessageTypeDefinition<_eddy_v1_RecommissionNodeResponse, _eddy_v1_RecommissionNodeResponse__Output>
      RegisterNodeRequest: MessageTypeDefinition<_eddy_v1_RegisterNodeRequest, _eddy_v1_RegisterNodeRequest__Output>
      RegisterNodeResponse: MessageTypeDefinition<_eddy_v1_RegisterNodeResponse, _eddy_v1_RegisterNodeResponse__Output>
      RemoveControllerVoterRequest: MessageTypeDefinition<_eddy_v1_RemoveControllerVoterRequest, _eddy_v1_RemoveControllerVoterRequest__Output>
      RemoveControllerVoterResponse: MessageTypeDefinition<_eddy_v1_RemoveControllerVoterResponse, _eddy_v1_RemoveControllerVoterResponse__Output>
      ReportLeadersRequest: MessageTypeDefinition<_eddy_v1_ReportLeadersRequest, _eddy_v1_ReportLeadersRequest__Output>
      ReportLeadersResponse: MessageTypeDefinition<_eddy_v1_ReportLeadersResponse, _eddy_v1_ReportLeadersResponse__Output>
      ScramCredentialRecord: MessageTypeDefinition<_eddy_v1_ScramCredentialRecord, _eddy_v1_ScramCredentialRecord__Output>
      ScramCredentialRemovedRecord: MessageTypeDefinition<_eddy_v1_ScramCredentialRemovedRecord, _eddy_v1_ScramCredentialRemovedRecord__Output>
      ScramMechanism: EnumTypeDefinition
      SetQuotaRequest: MessageTypeDefinition<_eddy_v1_SetQuotaRequest, _eddy_v1_SetQuotaRequest__Output>
      SetQuotaResponse: MessageTypeDefinition<_eddy_v1_SetQuotaResponse, _eddy_v1_SetQuotaResponse__Output>
      TopicCreatedRecord: MessageTypeDefinition<_eddy_v1_TopicCreatedRecord, _eddy_v1_TopicCreatedRecord__Output>
      TopicDeletedRecord: MessageTypeDefinition<_eddy_v1_TopicDeletedRecord, _eddy_v1_TopicDeletedRecord__Output>
      TopicDescription: MessageTypeDefinition<_eddy_v1_TopicDescription, _eddy_v1_TopicDescription__Output>
      TopicMetadata: MessageTypeDefinition<_eddy_v1_TopicMetadata, _eddy_v1_TopicMetadata__Output>
      TopicSummary: MessageTypeDefinition<_eddy_v1_TopicSummary, _eddy_v1_TopicSummary__Output>
      UserInfo: MessageTypeDefinition<_eddy_v1_UserInfo, _eddy_v1_UserInfo__Output>
      WatchMetadataRequest: MessageTypeDefinition<_eddy_v1_WatchMetadataRequest, _eddy_v1_WatchMetadataRequest__Output>
      WatchMetadataResponse: MessageTypeDefinition<_eddy_v1_WatchMetadataResponse, _eddy_v1_WatchMetadataResponse__Output>
    }
  }
}

