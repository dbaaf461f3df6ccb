// Original file: proto/eddy/v1/group.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CommitOffsetsRequest as _eddy_v1_CommitOffsetsRequest, CommitOffsetsRequest__Output as _eddy_v1_CommitOffsetsRequest__Output } from '../../eddy/v1/CommitOffsetsRequest.js';
import type { CommitOffsetsResponse as _eddy_v1_CommitOffsetsResponse, CommitOffsetsResponse__Output as _eddy_v1_CommitOffsetsResponse__Output } from '../../eddy/v1/CommitOffsetsResponse.js';
import type { DeleteGroupRequest as _eddy_v1_DeleteGroupRequest, DeleteGroupRequest__Output as _eddy_v1_DeleteGroupRequest__Output } from '../../eddy/v1/DeleteGroupRequest.js';
import type { DeleteGroupResponse as _eddy_v1_DeleteGroupResponse, DeleteGroupResponse__Output as _eddy_v1_DeleteGroupResponse__Output } from '../../eddy/v1/DeleteGroupResponse.js';
import type { DescribeGroupRequest as _eddy_v1_DescribeGroupRequest, DescribeGroupRequest__Output as _eddy_v1_DescribeGroupRequest__Output } from '../../eddy/v1/DescribeGroupRequest.js';
import type { DescribeGroupResponse as _eddy_v1_DescribeGroupResponse, DescribeGroupResponse__Output as _eddy_v1_DescribeGroupResponse__Output } from '../../eddy/v1/DescribeGroupResponse.js';
import type { FetchOffsetsRequest as _eddy_v1_FetchOffsetsRequest, FetchOffsetsRequest__Output as _eddy_v1_FetchOffsetsRequest__Output } from '../../eddy/v1/FetchOffsetsRequest.js';
import type { FetchOffsetsResponse as _eddy_v1_FetchOffsetsResponse, FetchOffsetsResponse__Output as _eddy_v1_FetchOffsetsResponse__Output } from '../../eddy/v1/FetchOffsetsResponse.js';
import type { FindCoordinatorRequest as _eddy_v1_FindCoordinatorRequest, FindCoordinatorRequest__Output as _eddy_v1_FindCoordinatorRequest__Output } from '../../eddy/v1/FindCoordinatorRequest.js';
import type { FindCoordinatorResponse as _eddy_v1_FindCoordinatorResponse, FindCoordinatorResponse__Output as _eddy_v1_FindCoordinatorResponse__Output } from '../../eddy/v1/FindCoordinatorResponse.js';
import type { HeartbeatRequest as _eddy_v1_HeartbeatRequest, HeartbeatRequest__Output as _eddy_v1_HeartbeatRequest__Output } from '../../eddy/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _eddy_v1_HeartbeatResponse, HeartbeatResponse__Output as _eddy_v1_HeartbeatResponse__Output } from '../../eddy/v1/HeartbeatResponse.js';
import type { ListGroupsRequest as _eddy_v1_ListGroupsRequest, ListGroupsRequest__Output as _eddy_v1_ListGroupsRequest__Output } from '../../eddy/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _eddy_v1_ListGroupsResponse, ListGroupsResponse__Output as _eddy_v1_ListGroupsResponse__Output } from '../../eddy/v1/ListGroupsResponse.js';
import type { ResetOffsetsRequest as _eddy_v1_ResetOffsetsRequest, ResetOffsetsRequest__Output as _eddy_v1_ResetOffsetsRequest__Output } from '../../eddy/v1/ResetOffsetsRequest.js';
import type { ResetOffsetsResponse as _eddy_v1_ResetOffsetsResponse, ResetOffsetsResponse__Output as _eddy_v1_ResetOffsetsResponse__Output } from '../../eddy/v1/ResetOffsetsResponse.js';

/**
 * GroupService coordinates consumer groups. Each group has one coordinator: the
 * leader of partition hash(group_id) % N of the internal topic __consumer_offsets.
 * Assignment follows Kafka's KIP-848 model: members heartbeat with their
 * subscription and owned partitions, and the coordinator answers with their
 * target assignment; partitions move incrementally, with no stop-the-world rebalance.
 */
export interface GroupServiceClient extends grpc.Client {
  CommitOffsets(argument: _eddy_v1_CommitOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  CommitOffsets(argument: _eddy_v1_CommitOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  CommitOffsets(argument: _eddy_v1_CommitOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  CommitOffsets(argument: _eddy_v1_CommitOffsetsRequest, callback: grpc.requestCallback<_eddy_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  commitOffsets(argument: _eddy_v1_CommitOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  commitOffsets(argument: _eddy_v1_CommitOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  commitOffsets(argument: _eddy_v1_CommitOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  commitOffsets(argument: _eddy_v1_CommitOffsetsRequest, callback: grpc.requestCallback<_eddy_v1_CommitOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Deletes a group with no active members, and its committed offsets.
   */
  DeleteGroup(argument: _eddy_v1_DeleteGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _eddy_v1_DeleteGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _eddy_v1_DeleteGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _eddy_v1_DeleteGroupRequest, callback: grpc.requestCallback<_eddy_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Deletes a group with no active members, and its committed offsets.
   */
  deleteGroup(argument: _eddy_v1_DeleteGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _eddy_v1_DeleteGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _eddy_v1_DeleteGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _eddy_v1_DeleteGroupRequest, callback: grpc.requestCallback<_eddy_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  
  DescribeGroup(argument: _eddy_v1_DescribeGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroup(argument: _eddy_v1_DescribeGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroup(argument: _eddy_v1_DescribeGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  DescribeGroup(argument: _eddy_v1_DescribeGroupRequest, callback: grpc.requestCallback<_eddy_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  describeGroup(argument: _eddy_v1_DescribeGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  describeGroup(argument: _eddy_v1_DescribeGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  describeGroup(argument: _eddy_v1_DescribeGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  describeGroup(argument: _eddy_v1_DescribeGroupRequest, callback: grpc.requestCallback<_eddy_v1_DescribeGroupResponse__Output>): grpc.ClientUnaryCall;
  
  FetchOffsets(argument: _eddy_v1_FetchOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  FetchOffsets(argument: _eddy_v1_FetchOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  FetchOffsets(argument: _eddy_v1_FetchOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  FetchOffsets(argument: _eddy_v1_FetchOffsetsRequest, callback: grpc.requestCallback<_eddy_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  fetchOffsets(argument: _eddy_v1_FetchOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  fetchOffsets(argument: _eddy_v1_FetchOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  fetchOffsets(argument: _eddy_v1_FetchOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  fetchOffsets(argument: _eddy_v1_FetchOffsetsRequest, callback: grpc.requestCallback<_eddy_v1_FetchOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Finds the node that coordinates a group (any node answers).
   */
  FindCoordinator(argument: _eddy_v1_FindCoordinatorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _eddy_v1_FindCoordinatorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _eddy_v1_FindCoordinatorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  FindCoordinator(argument: _eddy_v1_FindCoordinatorRequest, callback: grpc.requestCallback<_eddy_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Finds the node that coordinates a group (any node answers).
   */
  findCoordinator(argument: _eddy_v1_FindCoordinatorRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _eddy_v1_FindCoordinatorRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _eddy_v1_FindCoordinatorRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  findCoordinator(argument: _eddy_v1_FindCoordinatorRequest, callback: grpc.requestCallback<_eddy_v1_FindCoordinatorResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Joins (member_epoch 0), stays in (epoch > 0) or leaves (epoch -1) a group.
   */
  Heartbeat(argument: _eddy_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _eddy_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _eddy_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _eddy_v1_HeartbeatRequest, callback: grpc.requestCallback<_eddy_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Joins (member_epoch 0), stays in (epoch > 0) or leaves (epoch -1) a group.
   */
  heartbeat(argument: _eddy_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _eddy_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _eddy_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _eddy_v1_HeartbeatRequest, callback: grpc.requestCallback<_eddy_v1_HeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  ListGroups(argument: _eddy_v1_ListGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _eddy_v1_ListGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _eddy_v1_ListGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  ListGroups(argument: _eddy_v1_ListGroupsRequest, callback: grpc.requestCallback<_eddy_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _eddy_v1_ListGroupsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _eddy_v1_ListGroupsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _eddy_v1_ListGroupsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  listGroups(argument: _eddy_v1_ListGroupsRequest, callback: grpc.requestCallback<_eddy_v1_ListGroupsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Sets committed offsets of a group with no active members.
   */
  ResetOffsets(argument: _eddy_v1_ResetOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ResetOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ResetOffsets(argument: _eddy_v1_ResetOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ResetOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ResetOffsets(argument: _eddy_v1_ResetOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ResetOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ResetOffsets(argument: _eddy_v1_ResetOffsetsRequest, callback: grpc.requestCallback<_eddy_v1_ResetOffsetsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Sets committed offsets of a group with no active members.
   */
  resetOffsets(argument: _eddy_v1_ResetOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ResetOffsetsResponse__Output>): grpc.ClientUnaryCall;
  resetOffsets(argument: _eddy_v1_ResetOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ResetOffsetsResponse__Output>): grpc.ClientUnaryCall;
  resetOffsets(argument: _eddy_v1_ResetOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ResetOffsetsResponse__Output>): grpc.ClientUnaryCall;
  resetOffsets(argument: _eddy_v1_ResetOffsetsRequest, callback: grpc.requestCallback<_eddy_v1_ResetOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * GroupService coordinates consumer groups. Each group has one coordinator: the
 * leader of partition hash(group_id) % N of the internal topic __consumer_offsets.
 * Assignment follows Kafka's KIP-848 model: members heartbeat with their
 * subscription and owned partitions, and the coordinator answers with their
 * target assignment; partitions move incrementally, with no stop-the-world rebalance.
 */
export interface GroupServiceHandlers extends grpc.UntypedServiceImplementation {
  CommitOffsets: grpc.handleUnaryCall<_eddy_v1_CommitOffsetsRequest__Output, _eddy_v1_CommitOffsetsResponse>;
  
  /**
   * Deletes a group with no active members, and its committed offsets.
   */
  DeleteGroup: grpc.handleUnaryCall<_eddy_v1_DeleteGroupRequest__Output, _eddy_v1_DeleteGroupResponse>;
  
  DescribeGroup: grpc.handleUnaryCall<_eddy_v1_DescribeGroupRequest__Output, _eddy_v1_DescribeGroupResponse>;
  
  FetchOffsets: grpc.handleUnaryCall<_eddy_v1_FetchOffsetsRequest__Output, _eddy_v1_FetchOffsetsResponse>;
  
  /**
   * Finds the node that coordinates a group (any node answers).
   */
  FindCoordinator: grpc.handleUnaryCall<_eddy_v1_FindCoordinatorRequest__Output, _eddy_v1_FindCoordinatorResponse>;
  
  /**
   * Joins (member_epoch 0), stays in (epoch > 0) or leaves (epoch -1) a group.
   */
  Heartbeat: grpc.handleUnaryCall<_eddy_v1_HeartbeatRequest__Output, _eddy_v1_HeartbeatResponse>;
  
  ListGroups: grpc.handleUnaryCall<_eddy_v1_ListGroupsRequest__Output, _eddy_v1_ListGroupsResponse>;
  
  /**
   * Sets committed offsets of a group with no active members.
   */
  ResetOffsets: grpc.handleUnaryCall<_eddy_v1_ResetOffsetsRequest__Output, _eddy_v1_ResetOffsetsResponse>;
  
}

export interface GroupServiceDefinition extends grpc.ServiceDefinition {
  CommitOffsets: MethodDefinition<_eddy_v1_CommitOffsetsRequest, _eddy_v1_CommitOffsetsResponse, _eddy_v1_CommitOffsetsRequest__Output, _eddy_v1_CommitOffsetsResponse__Output>
  DeleteGroup: MethodDefinition<_eddy_v1_DeleteGroupRequest, _eddy_v1_DeleteGroupResponse, _eddy_v1_DeleteGroupRequest__Output, _eddy_v1_DeleteGroupResponse__Output>
  DescribeGroup: MethodDefinition<_eddy_v1_DescribeGroupRequest, _eddy_v1_DescribeGroupResponse, _eddy_v1_DescribeGroupRequest__Output, _eddy_v1_DescribeGroupResponse__Output>
  FetchOffsets: MethodDefinition<_eddy_v1_FetchOffsetsRequest, _eddy_v1_FetchOffsetsResponse, _eddy_v1_FetchOffsetsRequest__Output, _eddy_v1_FetchOffsetsResponse__Output>
  FindCoordinator: MethodDefinition<_eddy_v1_FindCoordinatorRequest, _eddy_v1_FindCoordinatorResponse, _eddy_v1_FindCoordinatorRequest__Output, _eddy_v1_FindCoordinatorResponse__Output>
  Heartbeat: MethodDefinition<_eddy_v1_HeartbeatRequest, _eddy_v1_HeartbeatResponse, _eddy_v1_HeartbeatRequest__Output, _eddy_v1_HeartbeatResponse__Output>
  ListGroups: MethodDefinition<_eddy_v1_ListGroupsRequest, _eddy_v1_ListGroupsResponse, _eddy_v1_ListGroupsRequest__Output, _eddy_v1_ListGroupsResponse__Output>
  ResetOffsets: MethodDefinition<_eddy_v1_ResetOffsetsRequest, _eddy_v1_ResetOffsetsResponse, _eddy_v1_ResetOffsetsRequest__Output, _eddy_v1_ResetOffsetsResponse__Output>
}
