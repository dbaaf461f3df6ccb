// Original file: proto/eddy/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddControllerVoterRequest as _eddy_v1_AddControllerVoterRequest, AddControllerVoterRequest__Output as _eddy_v1_AddControllerVoterRequest__Output } from '../../eddy/v1/AddControllerVoterRequest.js';
import type { AddControllerVoterResponse as _eddy_v1_AddControllerVoterResponse, AddControllerVoterResponse__Output as _eddy_v1_AddControllerVoterResponse__Output } from '../../eddy/v1/AddControllerVoterResponse.js';
import type { AlterConfigsRequest as _eddy_v1_AlterConfigsRequest, AlterConfigsRequest__Output as _eddy_v1_AlterConfigsRequest__Output } from '../../eddy/v1/AlterConfigsRequest.js';
import type { AlterConfigsResponse as _eddy_v1_AlterConfigsResponse, AlterConfigsResponse__Output as _eddy_v1_AlterConfigsResponse__Output } from '../../eddy/v1/AlterConfigsResponse.js';
import type { AlterPartitionReassignmentsRequest as _eddy_v1_AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsRequest__Output as _eddy_v1_AlterPartitionReassignmentsRequest__Output } from '../../eddy/v1/AlterPartitionReassignmentsRequest.js';
import type { AlterPartitionReassignmentsResponse as _eddy_v1_AlterPartitionReassignmentsResponse, AlterPartitionReassignmentsResponse__Output as _eddy_v1_AlterPartitionReassignmentsResponse__Output } from '../../eddy/v1/AlterPartitionReassignmentsResponse.js';
import type { CreateAclsRequest as _eddy_v1_CreateAclsRequest, CreateAclsRequest__Output as _eddy_v1_CreateAclsRequest__Output } from '../../eddy/v1/CreateAclsRequest.js';
import type { CreateAclsResponse as _eddy_v1_CreateAclsResponse, CreateAclsResponse__Output as _eddy_v1_CreateAclsResponse__Output } from '../../eddy/v1/CreateAclsResponse.js';
import type { CreatePartitionsRequest as _eddy_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _eddy_v1_CreatePartitionsRequest__Output } from '../../eddy/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _eddy_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _eddy_v1_CreatePartitionsResponse__Output } from '../../eddy/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _eddy_v1_CreateTopicRequest, CreateTopicRequest__Output as _eddy_v1_CreateTopicRequest__Output } from '../../eddy/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _eddy_v1_CreateTopicResponse, CreateTopicResponse__Output as _eddy_v1_CreateTopicResponse__Output } from '../../eddy/v1/CreateTopicResponse.js';
import type { CreateUserRequest as _eddy_v1_CreateUserRequest, CreateUserRequest__Output as _eddy_v1_CreateUserRequest__Output } from '../../eddy/v1/CreateUserRequest.js';
import type { CreateUserResponse as _eddy_v1_CreateUserResponse, CreateUserResponse__Output as _eddy_v1_CreateUserResponse__Output } from '../../eddy/v1/CreateUserResponse.js';
import type { DecommissionNodeRequest as _eddy_v1_DecommissionNodeRequest, DecommissionNodeRequest__Output as _eddy_v1_DecommissionNodeRequest__Output } from '../../eddy/v1/DecommissionNodeRequest.js';
import type { DecommissionNodeResponse as _eddy_v1_DecommissionNodeResponse, DecommissionNodeResponse__Output as _eddy_v1_DecommissionNodeResponse__Output } from '../../eddy/v1/DecommissionNodeResponse.js';
import type { DeleteAclsRequest as _eddy_v1_DeleteAclsRequest, DeleteAclsRequest__Output as _eddy_v1_DeleteAclsRequest__Output } from '../../eddy/v1/DeleteAclsRequest.js';
import type { DeleteAclsResponse as _eddy_v1_DeleteAclsResponse, DeleteAclsResponse__Output as _eddy_v1_DeleteAclsResponse__Output } from '../../eddy/v1/DeleteAclsResponse.js';
import type { DeleteQuotaRequest as _eddy_v1_DeleteQuotaRequest, DeleteQuotaRequest__Output as _eddy_v1_DeleteQuotaRequest__Output } from '../../eddy/v1/DeleteQuotaRequest.js';
import type { DeleteQuotaResponse as _eddy_v1_DeleteQuotaResponse, DeleteQuotaResponse__Output as _eddy_v1_DeleteQuotaResponse__Output } from '../../eddy/v1/DeleteQuotaResponse.js';
import type { DeleteTopicRequest as _eddy_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _eddy_v1_DeleteTopicRequest__Output } from '../../eddy/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _eddy_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _eddy_v1_DeleteTopicResponse__Output } from '../../eddy/v1/DeleteTopicResponse.js';
import type { DeleteUserRequest as _eddy_v1_DeleteUserRequest, DeleteUserRequest__Output as _eddy_v1_DeleteUserRequest__Output } from '../../eddy/v1/DeleteUserRequest.js';
import type { DeleteUserResponse as _eddy_v1_DeleteUserResponse, DeleteUserResponse__Output as _eddy_v1_DeleteUserResponse__Output } from '../../eddy/v1/DeleteUserResponse.js';
import type { DescribeClusterRequest as _eddy_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _eddy_v1_DescribeClusterRequest__Output } from '../../eddy/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _eddy_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _eddy_v1_DescribeClusterResponse__Output } from '../../eddy/v1/DescribeClusterResponse.js';
import type { DescribeConfigsRequest as _eddy_v1_DescribeConfigsRequest, DescribeConfigsRequest__Output as _eddy_v1_DescribeConfigsRequest__Output } from '../../eddy/v1/DescribeConfigsRequest.js';
import type { DescribeConfigsResponse as _eddy_v1_DescribeConfigsResponse, DescribeConfigsResponse__Output as _eddy_v1_DescribeConfigsResponse__Output } from '../../eddy/v1/DescribeConfigsResponse.js';
import type { DescribeTopicRequest as _eddy_v1_DescribeTopicRequest, DescribeTopicRequest__Output as _eddy_v1_DescribeTopicRequest__Output } from '../../eddy/v1/DescribeTopicRequest.js';
import type { DescribeTopicResponse as _eddy_v1_DescribeTopicResponse, DescribeTopicResponse__Output as _eddy_v1_DescribeTopicResponse__Output } from '../../eddy/v1/DescribeTopicResponse.js';
import type { ListAclsRequest as _eddy_v1_ListAclsRequest, ListAclsRequest__Output as _eddy_v1_ListAclsRequest__Output } from '../../eddy/v1/ListAclsRequest.js';
import type { ListAclsResponse as _eddy_v1_ListAclsResponse, ListAclsResponse__Output as _eddy_v1_ListAclsResponse__Output } from '../../eddy/v1/ListAclsResponse.js';
import type { ListNodesRequest as _eddy_v1_ListNodesRequest, ListNodesRequest__Output as _eddy_v1_ListNodesRequest__Output } from '../../eddy/v1/ListNodesRequest.js';
import type { ListNodesResponse as _eddy_v1_ListNodesResponse, ListNodesResponse__Output as _eddy_v1_ListNodesResponse__Output } from '../../eddy/v1/ListNodesResponse.js';
import type { ListPartitionReassignmentsRequest as _eddy_v1_ListPartitionReassignmentsRequest, ListPartitionReassignmentsRequest__Output as _eddy_v1_ListPartitionReassignmentsRequest__Output } from '../../eddy/v1/ListPartitionReassignmentsRequest.js';
import type { ListPartitionReassignmentsResponse as _eddy_v1_ListPartitionReassignmentsResponse, ListPartitionReassignmentsResponse__Output as _eddy_v1_ListPartitionReassignmentsResponse__Output } from '../../eddy/v1/ListPartitionReassignmentsResponse.js';
import type { ListQuotasRequest as _eddy_v1_ListQuotasRequest, ListQuotasRequest__Output as _eddy_v1_ListQuotasRequest__Output } from '../../eddy/v1/ListQuotasRequest.js';
import type { ListQuotasResponse as _eddy_v1_ListQuotasResponse, ListQuotasResponse__Output as _eddy_v1_ListQuotasResponse__Output } from '../../eddy/v1/ListQuotasResponse.js';
import type { ListTopicsRequest as _eddy_v1_ListTopicsRequest, ListTopicsRequest__Output as _eddy_v1_ListTopicsRequest__Output } from '../../eddy/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _eddy_v1_ListTopicsResponse, ListTopicsResponse__Output as _eddy_v1_ListTopicsResponse__Output } from '../../eddy/v1/ListTopicsResponse.js';
import type { ListUsersRequest as _eddy_v1_ListUsersRequest, ListUsersRequest__Output as _eddy_v1_ListUsersRequest__Output } from '../../eddy/v1/ListUsersRequest.js';
import type { ListUsersResponse as _eddy_v1_ListUsersResponse, ListUsersResponse__Output as _eddy_v1_ListUsersResponse__Output } from '../../eddy/v1/ListUsersResponse.js';
import type { RebalanceRequest as _eddy_v1_RebalanceRequest, RebalanceRequest__Output as _eddy_v1_RebalanceRequest__Output } from '../../eddy/v1/RebalanceRequest.js';
import type { RebalanceResponse as _eddy_v1_RebalanceResponse, RebalanceResponse__Output as _eddy_v1_RebalanceResponse__Output } from '../../eddy/v1/RebalanceResponse.js';
import type { RecommissionNodeRequest as _eddy_v1_RecommissionNodeRequest, RecommissionNodeRequest__Output as _eddy_v1_RecommissionNodeRequest__Output } from '../../eddy/v1/RecommissionNodeRequest.js';
import type { RecommissionNodeResponse as _eddy_v1_RecommissionNodeResponse, RecommissionNodeResponse__Output as _eddy_v1_RecommissionNodeResponse__Output } from '../../eddy/v1/RecommissionNodeResponse.js';
import type { RemoveControllerVoterRequest as _eddy_v1_RemoveControllerVoterRequest, RemoveControllerVoterRequest__Output as _eddy_v1_RemoveControllerVoterRequest__Output } from '../../eddy/v1/RemoveControllerVoterRequest.js';
import type { RemoveControllerVoterResponse as _eddy_v1_RemoveControllerVoterResponse, RemoveControllerVoterResponse__Output as _eddy_v1_RemoveControllerVoterResponse__Output } from '../../eddy/v1/RemoveControllerVoterResponse.js';
import type { SetQuotaRequest as _eddy_v1_SetQuotaRequest, SetQuotaRequest__Output as _eddy_v1_SetQuotaRequest__Output } from '../../eddy/v1/SetQuotaRequest.js';
import type { SetQuotaResponse as _eddy_v1_SetQuotaResponse, SetQuotaResponse__Output as _eddy_v1_SetQuotaResponse__Output } from '../../eddy/v1/SetQuotaResponse.js';

/**
 * AdminService changes and describes the cluster's shape. The active controller
 * serves it; any other node forwards the call to the active controller, so
 * clients may send it to any node. Operations are linearizable: once a call
 * returns, every later call observes its effect.
 */
export interface AdminServiceClient extends grpc.Client {
  /**
   * Controller quorum membership (KIP-853's idea: it lives in the quorum's own
   * log). Adds a running controller node as a voter (it catches up as a learner first).
   */
  AddControllerVoter(argument: _eddy_v1_AddControllerVoterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AddControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  AddControllerVoter(argument: _eddy_v1_AddControllerVoterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AddControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  AddControllerVoter(argument: _eddy_v1_AddControllerVoterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AddControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  AddControllerVoter(argument: _eddy_v1_AddControllerVoterRequest, callback: grpc.requestCallback<_eddy_v1_AddControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Controller quorum membership (KIP-853's idea: it lives in the quorum's own
   * log). Adds a running controller node as a voter (it catches up as a learner first).
   */
  addControllerVoter(argument: _eddy_v1_AddControllerVoterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AddControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  addControllerVoter(argument: _eddy_v1_AddControllerVoterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AddControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  addControllerVoter(argument: _eddy_v1_AddControllerVoterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AddControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  addControllerVoter(argument: _eddy_v1_AddControllerVoterRequest, callback: grpc.requestCallback<_eddy_v1_AddControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  
  AlterConfigs(argument: _eddy_v1_AlterConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _eddy_v1_AlterConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _eddy_v1_AlterConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _eddy_v1_AlterConfigsRequest, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _eddy_v1_AlterConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _eddy_v1_AlterConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _eddy_v1_AlterConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _eddy_v1_AlterConfigsRequest, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets partitions' target replica sets (preferred leader first). An empty
   * list cancels that partition's move: the group returns to the replicas it
   * had. INVALID_REPLICA_ASSIGNMENT names what is wrong with a list.
   */
  AlterPartitionReassignments(argument: _eddy_v1_AlterPartitionReassignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  AlterPartitionReassignments(argument: _eddy_v1_AlterPartitionReassignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  AlterPartitionReassignments(argument: _eddy_v1_AlterPartitionReassignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  AlterPartitionReassignments(argument: _eddy_v1_AlterPartitionReassignmentsRequest, callback: grpc.requestCallback<_eddy_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sets partitions' target replica sets (preferred leader first). An empty
   * list cancels that partition's move: the group returns to the replicas it
   * had. INVALID_REPLICA_ASSIGNMENT names what is wrong with a list.
   */
  alterPartitionReassignments(argument: _eddy_v1_AlterPartitionReassignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  alterPartitionReassignments(argument: _eddy_v1_AlterPartitionReassignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  alterPartitionReassignments(argument: _eddy_v1_AlterPartitionReassignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  alterPartitionReassignments(argument: _eddy_v1_AlterPartitionReassignmentsRequest, callback: grpc.requestCallback<_eddy_v1_AlterPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Adds ACL bindings; bindings that already exist are kept once.
   */
  CreateAcls(argument: _eddy_v1_CreateAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  CreateAcls(argument: _eddy_v1_CreateAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  CreateAcls(argument: _eddy_v1_CreateAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  CreateAcls(argument: _eddy_v1_CreateAclsRequest, callback: grpc.requestCallback<_eddy_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Adds ACL bindings; bindings that already exist are kept once.
   */
  createAcls(argument: _eddy_v1_CreateAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  createAcls(argument: _eddy_v1_CreateAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  createAcls(argument: _eddy_v1_CreateAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  createAcls(argument: _eddy_v1_CreateAclsRequest, callback: grpc.requestCallback<_eddy_v1_CreateAclsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Raises a topic's partition count (it can never shrink).
   */
  CreatePartitions(argument: _eddy_v1_CreatePartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _eddy_v1_CreatePartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _eddy_v1_CreatePartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  CreatePartitions(argument: _eddy_v1_CreatePartitionsRequest, callback: grpc.requestCallback<_eddy_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Raises a topic's partition count (it can never shrink).
   */
  createPartitions(argument: _eddy_v1_CreatePartitionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _eddy_v1_CreatePartitionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _eddy_v1_CreatePartitionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  createPartitions(argument: _eddy_v1_CreatePartitionsRequest, callback: grpc.requestCallback<_eddy_v1_CreatePartitionsResponse__Output>): grpc.ClientUnaryCall;
  
  CreateTopic(argument: _eddy_v1_CreateTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  CreateTopic(argument: _eddy_v1_CreateTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  CreateTopic(argument: _eddy_v1_CreateTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  CreateTopic(argument: _eddy_v1_CreateTopicRequest, callback: grpc.requestCallback<_eddy_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  createTopic(argument: _eddy_v1_CreateTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  createTopic(argument: _eddy_v1_CreateTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  createTopic(argument: _eddy_v1_CreateTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  createTopic(argument: _eddy_v1_CreateTopicRequest, callback: grpc.requestCallback<_eddy_v1_CreateTopicResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Creates a user's SCRAM credential for one mechanism. The controller derives
   * the salted credential (RFC 5802); the password never enters the metadata log.
   * USER_ALREADY_EXISTS when the user already has a credential for the mechanism.
   */
  CreateUser(argument: _eddy_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _eddy_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _eddy_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  CreateUser(argument: _eddy_v1_CreateUserRequest, callback: grpc.requestCallback<_eddy_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Creates a user's SCRAM credential for one mechanism. The controller derives
   * the salted credential (RFC 5802); the password never enters the metadata log.
   * USER_ALREADY_EXISTS when the user already has a credential for the mechanism.
   */
  createUser(argument: _eddy_v1_CreateUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  createUser(argument: _eddy_v1_CreateUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  createUser(argument: _eddy_v1_CreateUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  createUser(argument: _eddy_v1_CreateUserRequest, callback: grpc.requestCallback<_eddy_v1_CreateUserResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Moves every replica off a node. NOT_ENOUGH_REPLICAS when the other nodes
   * cannot hold every partition's replication factor.
   */
  DecommissionNode(argument: _eddy_v1_DecommissionNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  DecommissionNode(argument: _eddy_v1_DecommissionNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  DecommissionNode(argument: _eddy_v1_DecommissionNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  DecommissionNode(argument: _eddy_v1_DecommissionNodeRequest, callback: grpc.requestCallback<_eddy_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Moves every replica off a node. NOT_ENOUGH_REPLICAS when the other nodes
   * cannot hold every partition's replication factor.
   */
  decommissionNode(argument: _eddy_v1_DecommissionNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  decommissionNode(argument: _eddy_v1_DecommissionNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  decommissionNode(argument: _eddy_v1_DecommissionNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  decommissionNode(argument: _eddy_v1_DecommissionNodeRequest, callback: grpc.requestCallback<_eddy_v1_DecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes every binding matching any of the filters; answers what was removed.
   */
  DeleteAcls(argument: _eddy_v1_DeleteAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  DeleteAcls(argument: _eddy_v1_DeleteAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  DeleteAcls(argument: _eddy_v1_DeleteAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  DeleteAcls(argument: _eddy_v1_DeleteAclsRequest, callback: grpc.requestCallback<_eddy_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes every binding matching any of the filters; answers what was removed.
   */
  deleteAcls(argument: _eddy_v1_DeleteAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  deleteAcls(argument: _eddy_v1_DeleteAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  deleteAcls(argument: _eddy_v1_DeleteAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  deleteAcls(argument: _eddy_v1_DeleteAclsRequest, callback: grpc.requestCallback<_eddy_v1_DeleteAclsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes every quota of a principal.
   */
  DeleteQuota(argument: _eddy_v1_DeleteQuotaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteQuotaResponse__Output>): grpc.ClientUnaryCall;
  DeleteQuota(argument: _eddy_v1_DeleteQuotaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteQuotaResponse__Output>): grpc.ClientUnaryCall;
  DeleteQuota(argument: _eddy_v1_DeleteQuotaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteQuotaResponse__Output>): grpc.ClientUnaryCall;
  DeleteQuota(argument: _eddy_v1_DeleteQuotaRequest, callback: grpc.requestCallback<_eddy_v1_DeleteQuotaResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes every quota of a principal.
   */
  deleteQuota(argument: _eddy_v1_DeleteQuotaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteQuotaResponse__Output>): grpc.ClientUnaryCall;
  deleteQuota(argument: _eddy_v1_DeleteQuotaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteQuotaResponse__Output>): grpc.ClientUnaryCall;
  deleteQuota(argument: _eddy_v1_DeleteQuotaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteQuotaResponse__Output>): grpc.ClientUnaryCall;
  deleteQuota(argument: _eddy_v1_DeleteQuotaRequest, callback: grpc.requestCallback<_eddy_v1_DeleteQuotaResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteTopic(argument: _eddy_v1_DeleteTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _eddy_v1_DeleteTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _eddy_v1_DeleteTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _eddy_v1_DeleteTopicRequest, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _eddy_v1_DeleteTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _eddy_v1_DeleteTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _eddy_v1_DeleteTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _eddy_v1_DeleteTopicRequest, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes a user's credentials (one mechanism, or all). UNKNOWN_USER when there is none.
   */
  DeleteUser(argument: _eddy_v1_DeleteUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _eddy_v1_DeleteUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _eddy_v1_DeleteUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  DeleteUser(argument: _eddy_v1_DeleteUserRequest, callback: grpc.requestCallback<_eddy_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes a user's credentials (one mechanism, or all). UNKNOWN_USER when there is none.
   */
  deleteUser(argument: _eddy_v1_DeleteUserRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _eddy_v1_DeleteUserRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _eddy_v1_DeleteUserRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  deleteUser(argument: _eddy_v1_DeleteUserRequest, callback: grpc.requestCallback<_eddy_v1_DeleteUserResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeCluster(argument: _eddy_v1_DescribeClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _eddy_v1_DescribeClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _eddy_v1_DescribeClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  DescribeCluster(argument: _eddy_v1_DescribeClusterRequest, callback: grpc.requestCallback<_eddy_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _eddy_v1_DescribeClusterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _eddy_v1_DescribeClusterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _eddy_v1_DescribeClusterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  describeCluster(argument: _eddy_v1_DescribeClusterRequest, callback: grpc.requestCallback<_eddy_v1_DescribeClusterResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeConfigs(argument: _eddy_v1_DescribeConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeConfigs(argument: _eddy_v1_DescribeConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeConfigs(argument: _eddy_v1_DescribeConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  DescribeConfigs(argument: _eddy_v1_DescribeConfigsRequest, callback: grpc.requestCallback<_eddy_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeConfigs(argument: _eddy_v1_DescribeConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeConfigs(argument: _eddy_v1_DescribeConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeConfigs(argument: _eddy_v1_DescribeConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  describeConfigs(argument: _eddy_v1_DescribeConfigsRequest, callback: grpc.requestCallback<_eddy_v1_DescribeConfigsResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeTopic(argument: _eddy_v1_DescribeTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopic(argument: _eddy_v1_DescribeTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopic(argument: _eddy_v1_DescribeTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  DescribeTopic(argument: _eddy_v1_DescribeTopicRequest, callback: grpc.requestCallback<_eddy_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  describeTopic(argument: _eddy_v1_DescribeTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  describeTopic(argument: _eddy_v1_DescribeTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  describeTopic(argument: _eddy_v1_DescribeTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  describeTopic(argument: _eddy_v1_DescribeTopicRequest, callback: grpc.requestCallback<_eddy_v1_DescribeTopicResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Bindings matching a filter (an empty filter matches all).
   */
  ListAcls(argument: _eddy_v1_ListAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  ListAcls(argument: _eddy_v1_ListAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  ListAcls(argument: _eddy_v1_ListAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  ListAcls(argument: _eddy_v1_ListAclsRequest, callback: grpc.requestCallback<_eddy_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Bindings matching a filter (an empty filter matches all).
   */
  listAcls(argument: _eddy_v1_ListAclsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  listAcls(argument: _eddy_v1_ListAclsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  listAcls(argument: _eddy_v1_ListAclsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  listAcls(argument: _eddy_v1_ListAclsRequest, callback: grpc.requestCallback<_eddy_v1_ListAclsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Nodes with their state, replica and leader counts and disk use.
   */
  ListNodes(argument: _eddy_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _eddy_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _eddy_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  ListNodes(argument: _eddy_v1_ListNodesRequest, callback: grpc.requestCallback<_eddy_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Nodes with their state, replica and leader counts and disk use.
   */
  listNodes(argument: _eddy_v1_ListNodesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _eddy_v1_ListNodesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _eddy_v1_ListNodesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  listNodes(argument: _eddy_v1_ListNodesRequest, callback: grpc.requestCallback<_eddy_v1_ListNodesResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Moves in progress, with the bytes each new replica still lacks.
   */
  ListPartitionReassignments(argument: _eddy_v1_ListPartitionReassignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionReassignments(argument: _eddy_v1_ListPartitionReassignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionReassignments(argument: _eddy_v1_ListPartitionReassignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  ListPartitionReassignments(argument: _eddy_v1_ListPartitionReassignmentsRequest, callback: grpc.requestCallback<_eddy_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Moves in progress, with the bytes each new replica still lacks.
   */
  listPartitionReassignments(argument: _eddy_v1_ListPartitionReassignmentsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  listPartitionReassignments(argument: _eddy_v1_ListPartitionReassignmentsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  listPartitionReassignments(argument: _eddy_v1_ListPartitionReassignmentsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  listPartitionReassignments(argument: _eddy_v1_ListPartitionReassignmentsRequest, callback: grpc.requestCallback<_eddy_v1_ListPartitionReassignmentsResponse__Output>): grpc.ClientUnaryCall;
  
  ListQuotas(argument: _eddy_v1_ListQuotasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListQuotasResponse__Output>): grpc.ClientUnaryCall;
  ListQuotas(argument: _eddy_v1_ListQuotasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListQuotasResponse__Output>): grpc.ClientUnaryCall;
  ListQuotas(argument: _eddy_v1_ListQuotasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListQuotasResponse__Output>): grpc.ClientUnaryCall;
  ListQuotas(argument: _eddy_v1_ListQuotasRequest, callback: grpc.requestCallback<_eddy_v1_ListQuotasResponse__Output>): grpc.ClientUnaryCall;
  listQuotas(argument: _eddy_v1_ListQuotasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListQuotasResponse__Output>): grpc.ClientUnaryCall;
  listQuotas(argument: _eddy_v1_ListQuotasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListQuotasResponse__Output>): grpc.ClientUnaryCall;
  listQuotas(argument: _eddy_v1_ListQuotasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListQuotasResponse__Output>): grpc.ClientUnaryCall;
  listQuotas(argument: _eddy_v1_ListQuotasRequest, callback: grpc.requestCallback<_eddy_v1_ListQuotasResponse__Output>): grpc.ClientUnaryCall;
  
  ListTopics(argument: _eddy_v1_ListTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _eddy_v1_ListTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _eddy_v1_ListTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _eddy_v1_ListTopicsRequest, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _eddy_v1_ListTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _eddy_v1_ListTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _eddy_v1_ListTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _eddy_v1_ListTopicsRequest, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Users and their mechanisms; never salts or keys.
   */
  ListUsers(argument: _eddy_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _eddy_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _eddy_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  ListUsers(argument: _eddy_v1_ListUsersRequest, callback: grpc.requestCallback<_eddy_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Users and their mechanisms; never salts or keys.
   */
  listUsers(argument: _eddy_v1_ListUsersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _eddy_v1_ListUsersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _eddy_v1_ListUsersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  listUsers(argument: _eddy_v1_ListUsersRequest, callback: grpc.requestCallback<_eddy_v1_ListUsersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Plans moves that even out replica counts and disk use across nodes and
   * racks, and moves leaderships to preferred replicas; starts them unless dry_run.
   */
  Rebalance(argument: _eddy_v1_RebalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _eddy_v1_RebalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _eddy_v1_RebalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  Rebalance(argument: _eddy_v1_RebalanceRequest, callback: grpc.requestCallback<_eddy_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Plans moves that even out replica counts and disk use across nodes and
   * racks, and moves leaderships to preferred replicas; starts them unless dry_run.
   */
  rebalance(argument: _eddy_v1_RebalanceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _eddy_v1_RebalanceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _eddy_v1_RebalanceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  rebalance(argument: _eddy_v1_RebalanceRequest, callback: grpc.requestCallback<_eddy_v1_RebalanceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Takes a decommission back; moves already finished stay.
   */
  RecommissionNode(argument: _eddy_v1_RecommissionNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  RecommissionNode(argument: _eddy_v1_RecommissionNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  RecommissionNode(argument: _eddy_v1_RecommissionNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  RecommissionNode(argument: _eddy_v1_RecommissionNodeRequest, callback: grpc.requestCallback<_eddy_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Takes a decommission back; moves already finished stay.
   */
  recommissionNode(argument: _eddy_v1_RecommissionNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  recommissionNode(argument: _eddy_v1_RecommissionNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  recommissionNode(argument: _eddy_v1_RecommissionNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  recommissionNode(argument: _eddy_v1_RecommissionNodeRequest, callback: grpc.requestCallback<_eddy_v1_RecommissionNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Removes a voter from the controller quorum (a dead one, or one to retire).
   */
  RemoveControllerVoter(argument: _eddy_v1_RemoveControllerVoterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RemoveControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  RemoveControllerVoter(argument: _eddy_v1_RemoveControllerVoterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_RemoveControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  RemoveControllerVoter(argument: _eddy_v1_RemoveControllerVoterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RemoveControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  RemoveControllerVoter(argument: _eddy_v1_RemoveControllerVoterRequest, callback: grpc.requestCallback<_eddy_v1_RemoveControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Removes a voter from the controller quorum (a dead one, or one to retire).
   */
  removeControllerVoter(argument: _eddy_v1_RemoveControllerVoterRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RemoveControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  removeControllerVoter(argument: _eddy_v1_RemoveControllerVoterRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_RemoveControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  removeControllerVoter(argument: _eddy_v1_RemoveControllerVoterRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RemoveControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  removeControllerVoter(argument: _eddy_v1_RemoveControllerVoterRequest, callback: grpc.requestCallback<_eddy_v1_RemoveControllerVoterResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets a principal's quotas: a value given replaces the current one, 0 removes that
   * limit, an absent value keeps its current setting.
   */
  SetQuota(argument: _eddy_v1_SetQuotaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_SetQuotaResponse__Output>): grpc.ClientUnaryCall;
  SetQuota(argument: _eddy_v1_SetQuotaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_SetQuotaResponse__Output>): grpc.ClientUnaryCall;
  SetQuota(argument: _eddy_v1_SetQuotaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_SetQuotaResponse__Output>): grpc.ClientUnaryCall;
  SetQuota(argument: _eddy_v1_SetQuotaRequest, callback: grpc.requestCallback<_eddy_v1_SetQuotaResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sets a principal's quotas: a value given replaces the current one, 0 removes that
   * limit, an absent value keeps its current setting.
   */
  setQuota(argument: _eddy_v1_SetQuotaRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_SetQuotaResponse__Output>): grpc.ClientUnaryCall;
  setQuota(argument: _eddy_v1_SetQuotaRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_SetQuotaResponse__Output>): grpc.ClientUnaryCall;
  setQuota(argument: _eddy_v1_SetQuotaRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_SetQuotaResponse__Output>): grpc.ClientUnaryCall;
  setQuota(argument: _eddy_v1_SetQuotaRequest, callback: grpc.requestCallback<_eddy_v1_SetQuotaResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * AdminService changes and describes the cluster's shape. The active controller
 * serves it; any other node forwards the call to the active controller, so
 * clients may send it to any node. Operations are linearizable: once a call
 * returns, every later call observes its effect.
 */
export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Controller quorum membership (KIP-853's idea: it lives in the quorum's own
   * log). Adds a running controller node as a voter (it catches up as a learner first).
   */
  AddControllerVoter: grpc.handleUnaryCall<_eddy_v1_AddControllerVoterRequest__Output, _eddy_v1_AddControllerVoterResponse>;
  
  AlterConfigs: grpc.handleUnaryCall<_eddy_v1_AlterConfigsRequest__Output, _eddy_v1_AlterConfigsResponse>;
  
  /**
   * Sets partitions' target replica sets (preferred leader first). An empty
   * list cancels that partition's move: the group returns to the replicas it
   * had. INVALID_REPLICA_ASSIGNMENT names what is wrong with a list.
   */
  AlterPartitionReassignments: grpc.handleUnaryCall<_eddy_v1_AlterPartitionReassignmentsRequest__Output, _eddy_v1_AlterPartitionReassignmentsResponse>;
  
  /**
   * Adds ACL bindings; bindings that already exist are kept once.
   */
  CreateAcls: grpc.handleUnaryCall<_eddy_v1_CreateAclsRequest__Output, _eddy_v1_CreateAclsResponse>;
  
  /**
   * Raises a topic's partition count (it can never shrink).
   */
  CreatePartitions: grpc.handleUnaryCall<_eddy_v1_CreatePartitionsRequest__Output, _eddy_v1_CreatePartitionsResponse>;
  
  CreateTopic: grpc.handleUnaryCall<_eddy_v1_CreateTopicRequest__Output, _eddy_v1_CreateTopicResponse>;
  
  /**
   * Creates a user's SCRAM credential for one mechanism. The controller derives
   * the salted credential (RFC 5802); the password never enters the metadata log.
   * USER_ALREADY_EXISTS when the user already has a credential for the mechanism.
   */
  CreateUser: grpc.handleUnaryCall<_eddy_v1_CreateUserRequest__Output, _eddy_v1_CreateUserResponse>;
  
  /**
   * Moves every replica off a node. NOT_ENOUGH_REPLICAS when the other nodes
   * cannot hold every partition's replication factor.
   */
  DecommissionNode: grpc.handleUnaryCall<_eddy_v1_DecommissionNodeRequest__Output, _eddy_v1_DecommissionNodeResponse>;
  
  /**
   * Removes every binding matching any of the filters; answers what was removed.
   */
  DeleteAcls: grpc.handleUnaryCall<_eddy_v1_DeleteAclsRequest__Output, _eddy_v1_DeleteAclsResponse>;
  
  /**
   * Removes every quota of a principal.
   */
  DeleteQuota: grpc.handleUnaryCall<_eddy_v1_DeleteQuotaRequest__Output, _eddy_v1_DeleteQuotaResponse>;
  
  DeleteTopic: grpc.handleUnaryCall<_eddy_v1_DeleteTopicRequest__Output, _eddy_v1_DeleteTopicResponse>;
  
  /**
   * Deletes a user's credentials (one mechanism, or all). UNKNOWN_USER when there is none.
   */
  DeleteUser: grpc.handleUnaryCall<_eddy_v1_DeleteUserRequest__Output, _eddy_v1_DeleteUserResponse>;
  
  DescribeCluster: grpc.handleUnaryCall<_eddy_v1_DescribeClusterRequest__Output, _eddy_v1_DescribeClusterResponse>;
  
  DescribeConfigs: grpc.handleUnaryCall<_eddy_v1_DescribeConfigsRequest__Output, _eddy_v1_DescribeConfigsResponse>;
  
  DescribeTopic: grpc.handleUnaryCall<_eddy_v1_DescribeTopicRequest__Output, _eddy_v1_DescribeTopicResponse>;
  
  /**
   * Bindings matching a filter (an empty filter matches all).
   */
  ListAcls: grpc.handleUnaryCall<_eddy_v1_ListAclsRequest__Output, _eddy_v1_ListAclsResponse>;
  
  /**
   * Nodes with their state, replica and leader counts and disk use.
   */
  ListNodes: grpc.handleUnaryCall<_eddy_v1_ListNodesRequest__Output, _eddy_v1_ListNodesResponse>;
  
  /**
   * Moves in progress, with the bytes each new replica still lacks.
   */
  ListPartitionReassignments: grpc.handleUnaryCall<_eddy_v1_ListPartitionReassignmentsRequest__Output, _eddy_v1_ListPartitionReassignmentsResponse>;
  
  ListQuotas: grpc.handleUnaryCall<_eddy_v1_ListQuotasRequest__Output, _eddy_v1_ListQuotasResponse>;
  
  ListTopics: grpc.handleUnaryCall<_eddy_v1_ListTopicsRequest__Output, _eddy_v1_ListTopicsResponse>;
  
  /**
   * Users and their mechanisms; never salts or keys.
   */
  ListUsers: grpc.handleUnaryCall<_eddy_v1_ListUsersRequest__Output, _eddy_v1_ListUsersResponse>;
  
  /**
   * Plans moves that even out replica counts and disk use across nodes and
   * racks, and moves leaderships to preferred replicas; starts them unless dry_run.
   */
  Rebalance: grpc.handleUnaryCall<_eddy_v1_RebalanceRequest__Output, _eddy_v1_RebalanceResponse>;
  
  /**
   * Takes a decommission back; moves already finished stay.
   */
  RecommissionNode: grpc.handleUnaryCall<_eddy_v1_RecommissionNodeRequest__Output, _eddy_v1_RecommissionNodeResponse>;
  
  /**
   * Removes a voter from the controller quorum (a dead one, or one to retire).
   */
  RemoveControllerVoter: grpc.handleUnaryCall<_eddy_v1_RemoveControllerVoterRequest__Output, _eddy_v1_RemoveControllerVoterResponse>;
  
  /**
   * Sets a principal's quotas: a value given replaces the current one, 0 removes that
   * limit, an absent value keeps its current setting.
   */
  SetQuota: grpc.handleUnaryCall<_eddy_v1_SetQuotaRequest__Output, _eddy_v1_SetQuotaResponse>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  AddControllerVoter: MethodDefinition<_eddy_v1_AddControllerVoterRequest, _eddy_v1_AddControllerVoterResponse, _eddy_v1_AddControllerVoterRequest__Output, _eddy_v1_AddControllerVoterResponse__Output>
  AlterConfigs: MethodDefinition<_eddy_v1_AlterConfigsRequest, _eddy_v1_AlterConfigsResponse, _eddy_v1_AlterConfigsRequest__Output, _eddy_v1_AlterConfigsResponse__Output>
  AlterPartitionReassignments: MethodDefinition<_eddy_v1_AlterPartitionReassignmentsRequest, _eddy_v1_AlterPartitionReassignmentsResponse, _eddy_v1_AlterPartitionReassignmentsRequest__Output, _eddy_v1_AlterPartitionReassignmentsResponse__Output>
  CreateAcls: MethodDefinition<_eddy_v1_CreateAclsRequest, _eddy_v1_CreateAclsResponse, _eddy_v1_CreateAclsRequest__Output, _eddy_v1_CreateAclsResponse__Output>
  CreatePartitions: MethodDefinition<_eddy_v1_CreatePartitionsRequest, _eddy_v1_CreatePartitionsResponse, _eddy_v1_CreatePartitionsRequest__Output, _eddy_v1_CreatePartitionsResponse__Output>
  CreateTopic: MethodDefinition<_eddy_v1_CreateTopicRequest, _eddy_v1_CreateTopicResponse, _eddy_v1_CreateTopicRequest__Output, _eddy_v1_CreateTopicResponse__Output>
  CreateUser: MethodDefinition<_eddy_v1_CreateUserRequest, _eddy_v1_CreateUserResponse, _eddy_v1_CreateUserRequest__Output, _eddy_v1_CreateUserResponse__Output>
  DecommissionNode: MethodDefinition<_eddy_v1_DecommissionNodeRequest, _eddy_v1_DecommissionNodeResponse, _eddy_v1_DecommissionNodeRequest__Output, _eddy_v1_DecommissionNodeResponse__Output>
  DeleteAcls: MethodDefinition<_eddy_v1_DeleteAclsRequest, _eddy_v1_DeleteAclsResponse, _eddy_v1_DeleteAclsRequest__Output, _eddy_v1_DeleteAclsResponse__Output>
  DeleteQuota: MethodDefinition<_eddy_v1_DeleteQuotaRequest, _eddy_v1_DeleteQuotaResponse, _eddy_v1_DeleteQuotaRequest__Output, _eddy_v1_DeleteQuotaResponse__Output>
  DeleteTopic: MethodDefinition<_eddy_v1_DeleteTopicRequest, _eddy_v1_DeleteTopicResponse, _eddy_v1_DeleteTopicRequest__Output, _eddy_v1_DeleteTopicResponse__Output>
  DeleteUser: MethodDefinition<_eddy_v1_DeleteUserRequest, _eddy_v1_DeleteUserResponse, _eddy_v1_DeleteUserRequest__Output, _eddy_v1_DeleteUserResponse__Output>
  DescribeCluster: MethodDefinition<_eddy_v1_DescribeClusterRequest, _eddy_v1_DescribeClusterResponse, _eddy_v1_DescribeClusterRequest__Output, _eddy_v1_DescribeClusterResponse__Output>
  DescribeConfigs: MethodDefinition<_eddy_v1_DescribeConfigsRequest, _eddy_v1_DescribeConfigsResponse, _eddy_v1_DescribeConfigsRequest__Output, _eddy_v1_DescribeConfigsResponse__Output>
  DescribeTopic: MethodDefinition<_eddy_v1_DescribeTopicRequest, _eddy_v1_DescribeTopicResponse, _eddy_v1_DescribeTopicRequest__Output, _eddy_v1_DescribeTopicResponse__Output>
  ListAcls: MethodDefinition<_eddy_v1_ListAclsRequest, _eddy_v1_ListAclsResponse, _eddy_v1_ListAclsRequest__Output, _eddy_v1_ListAclsResponse__Output>
  ListNodes: MethodDefinition<_eddy_v1_ListNodesRequest, _eddy_v1_ListNodesResponse, _eddy_v1_ListNodesRequest__Output, _eddy_v1_ListNodesResponse__Output>
  ListPartitionReassignments: MethodDefinition<_eddy_v1_ListPartitionReassignmentsRequest, _eddy_v1_ListPartitionReassignmentsResponse, _eddy_v1_ListPartitionReassignmentsRequest__Output, _eddy_v1_ListPartitionReassignmentsResponse__Output>
  ListQuotas: MethodDefinition<_eddy_v1_ListQuotasRequest, _eddy_v1_ListQuotasResponse, _eddy_v1_ListQuotasRequest__Output, _eddy_v1_ListQuotasResponse__Output>
  ListTopics: MethodDefinition<_eddy_v1_ListTopicsRequest, _eddy_v1_ListTopicsResponse, _eddy_v1_ListTopicsRequest__Output, _eddy_v1_ListTopicsResponse__Output>
  ListUsers: MethodDefinition<_eddy_v1_ListUsersRequest, _eddy_v1_ListUsersResponse, _eddy_v1_ListUsersRequest__Output, _eddy_v1_ListUsersResponse__Output>
  Rebalance: MethodDefinition<_eddy_v1_RebalanceRequest, _eddy_v1_RebalanceResponse, _eddy_v1_RebalanceRequest__Output, _eddy_v1_RebalanceResponse__Output>
  RecommissionNode: MethodDefinition<_eddy_v1_RecommissionNodeRequest, _eddy_v1_RecommissionNodeResponse, _eddy_v1_RecommissionNodeRequest__Output, _eddy_v1_RecommissionNodeResponse__Output>
  RemoveControllerVoter: MethodDefinition<_eddy_v1_RemoveControllerVoterRequest, _eddy_v1_RemoveControllerVoterResponse, _eddy_v1_RemoveControllerVoterRequest__Output, _eddy_v1_RemoveControllerVoterResponse__Output>
  SetQuota: MethodDefinition<_eddy_v1_SetQuotaRequest, _eddy_v1_SetQuotaResponse, _eddy_v1_SetQuotaRequest__Output, _eddy_v1_SetQuotaResponse__Output>
}
