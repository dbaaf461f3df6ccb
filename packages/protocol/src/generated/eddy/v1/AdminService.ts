// Original file: proto/eddy/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AlterConfigsRequest as _eddy_v1_AlterConfigsRequest, AlterConfigsRequest__Output as _eddy_v1_AlterConfigsRequest__Output } from '../../eddy/v1/AlterConfigsRequest.js';
import type { AlterConfigsResponse as _eddy_v1_AlterConfigsResponse, AlterConfigsResponse__Output as _eddy_v1_AlterConfigsResponse__Output } from '../../eddy/v1/AlterConfigsResponse.js';
import type { CreatePartitionsRequest as _eddy_v1_CreatePartitionsRequest, CreatePartitionsRequest__Output as _eddy_v1_CreatePartitionsRequest__Output } from '../../eddy/v1/CreatePartitionsRequest.js';
import type { CreatePartitionsResponse as _eddy_v1_CreatePartitionsResponse, CreatePartitionsResponse__Output as _eddy_v1_CreatePartitionsResponse__Output } from '../../eddy/v1/CreatePartitionsResponse.js';
import type { CreateTopicRequest as _eddy_v1_CreateTopicRequest, CreateTopicRequest__Output as _eddy_v1_CreateTopicRequest__Output } from '../../eddy/v1/CreateTopicRequest.js';
import type { CreateTopicResponse as _eddy_v1_CreateTopicResponse, CreateTopicResponse__Output as _eddy_v1_CreateTopicResponse__Output } from '../../eddy/v1/CreateTopicResponse.js';
import type { DeleteTopicRequest as _eddy_v1_DeleteTopicRequest, DeleteTopicRequest__Output as _eddy_v1_DeleteTopicRequest__Output } from '../../eddy/v1/DeleteTopicRequest.js';
import type { DeleteTopicResponse as _eddy_v1_DeleteTopicResponse, DeleteTopicResponse__Output as _eddy_v1_DeleteTopicResponse__Output } from '../../eddy/v1/DeleteTopicResponse.js';
import type { DescribeClusterRequest as _eddy_v1_DescribeClusterRequest, DescribeClusterRequest__Output as _eddy_v1_DescribeClusterRequest__Output } from '../../eddy/v1/DescribeClusterRequest.js';
import type { DescribeClusterResponse as _eddy_v1_DescribeClusterResponse, DescribeClusterResponse__Output as _eddy_v1_DescribeClusterResponse__Output } from '../../eddy/v1/DescribeClusterResponse.js';
import type { DescribeConfigsRequest as _eddy_v1_DescribeConfigsRequest, DescribeConfigsRequest__Output as _eddy_v1_DescribeConfigsRequest__Output } from '../../eddy/v1/DescribeConfigsRequest.js';
import type { DescribeConfigsResponse as _eddy_v1_DescribeConfigsResponse, DescribeConfigsResponse__Output as _eddy_v1_DescribeConfigsResponse__Output } from '../../eddy/v1/DescribeConfigsResponse.js';
import type { DescribeTopicRequest as _eddy_v1_DescribeTopicRequest, DescribeTopicRequest__Output as _eddy_v1_DescribeTopicRequest__Output } from '../../eddy/v1/DescribeTopicRequest.js';
import type { DescribeTopicResponse as _eddy_v1_DescribeTopicResponse, DescribeTopicResponse__Output as _eddy_v1_DescribeTopicResponse__Output } from '../../eddy/v1/DescribeTopicResponse.js';
import type { ListTopicsRequest as _eddy_v1_ListTopicsRequest, ListTopicsRequest__Output as _eddy_v1_ListTopicsRequest__Output } from '../../eddy/v1/ListTopicsRequest.js';
import type { ListTopicsResponse as _eddy_v1_ListTopicsResponse, ListTopicsResponse__Output as _eddy_v1_ListTopicsResponse__Output } from '../../eddy/v1/ListTopicsResponse.js';

/**
 * AdminService changes and describes the cluster's shape. The active controller
 * serves it; any other node forwards the call to the active controller, so
 * clients may send it to any node. Operations are linearizable: once a call
 * returns, every later call observes its effect.
 */
export interface AdminServiceClient extends grpc.Client {
  AlterConfigs(argument: _eddy_v1_AlterConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _eddy_v1_AlterConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _eddy_v1_AlterConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  AlterConfigs(argument: _eddy_v1_AlterConfigsRequest, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _eddy_v1_AlterConfigsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _eddy_v1_AlterConfigsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _eddy_v1_AlterConfigsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  alterConfigs(argument: _eddy_v1_AlterConfigsRequest, callback: grpc.requestCallback<_eddy_v1_AlterConfigsResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  DeleteTopic(argument: _eddy_v1_DeleteTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _eddy_v1_DeleteTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _eddy_v1_DeleteTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  DeleteTopic(argument: _eddy_v1_DeleteTopicRequest, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _eddy_v1_DeleteTopicRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _eddy_v1_DeleteTopicRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _eddy_v1_DeleteTopicRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  deleteTopic(argument: _eddy_v1_DeleteTopicRequest, callback: grpc.requestCallback<_eddy_v1_DeleteTopicResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  ListTopics(argument: _eddy_v1_ListTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _eddy_v1_ListTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _eddy_v1_ListTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  ListTopics(argument: _eddy_v1_ListTopicsRequest, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _eddy_v1_ListTopicsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _eddy_v1_ListTopicsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _eddy_v1_ListTopicsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  listTopics(argument: _eddy_v1_ListTopicsRequest, callback: grpc.requestCallback<_eddy_v1_ListTopicsResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * AdminService changes and describes the cluster's shape. The active controller
 * serves it; any other node forwards the call to the active controller, so
 * clients may send it to any node. Operations are linearizable: once a call
 * returns, every later call observes its effect.
 */
export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  AlterConfigs: grpc.handleUnaryCall<_eddy_v1_AlterConfigsRequest__Output, _eddy_v1_AlterConfigsResponse>;
  
  /**
   * Raises a topic's partition count (it can never shrink).
   */
  CreatePartitions: grpc.handleUnaryCall<_eddy_v1_CreatePartitionsRequest__Output, _eddy_v1_CreatePartitionsResponse>;
  
  CreateTopic: grpc.handleUnaryCall<_eddy_v1_CreateTopicRequest__Output, _eddy_v1_CreateTopicResponse>;
  
  DeleteTopic: grpc.handleUnaryCall<_eddy_v1_DeleteTopicRequest__Output, _eddy_v1_DeleteTopicResponse>;
  
  DescribeCluster: grpc.handleUnaryCall<_eddy_v1_DescribeClusterRequest__Output, _eddy_v1_DescribeClusterResponse>;
  
  DescribeConfigs: grpc.handleUnaryCall<_eddy_v1_DescribeConfigsRequest__Output, _eddy_v1_DescribeConfigsResponse>;
  
  DescribeTopic: grpc.handleUnaryCall<_eddy_v1_DescribeTopicRequest__Output, _eddy_v1_DescribeTopicResponse>;
  
  ListTopics: grpc.handleUnaryCall<_eddy_v1_ListTopicsRequest__Output, _eddy_v1_ListTopicsResponse>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  AlterConfigs: MethodDefinition<_eddy_v1_AlterConfigsRequest, _eddy_v1_AlterConfigsResponse, _eddy_v1_AlterConfigsRequest__Output, _eddy_v1_AlterConfigsResponse__Output>
  CreatePartitions: MethodDefinition<_eddy_v1_CreatePartitionsRequest, _eddy_v1_CreatePartitionsResponse, _eddy_v1_CreatePartitionsRequest__Output, _eddy_v1_CreatePartitionsResponse__Output>
  CreateTopic: MethodDefinition<_eddy_v1_CreateTopicRequest, _eddy_v1_CreateTopicResponse, _eddy_v1_CreateTopicRequest__Output, _eddy_v1_CreateTopicResponse__Output>
  DeleteTopic: MethodDefinition<_eddy_v1_DeleteTopicRequest, _eddy_v1_DeleteTopicResponse, _eddy_v1_DeleteTopicRequest__Output, _eddy_v1_DeleteTopicResponse__Output>
  DescribeCluster: MethodDefinition<_eddy_v1_DescribeClusterRequest, _eddy_v1_DescribeClusterResponse, _eddy_v1_DescribeClusterRequest__Output, _eddy_v1_DescribeClusterResponse__Output>
  DescribeConfigs: MethodDefinition<_eddy_v1_DescribeConfigsRequest, _eddy_v1_DescribeConfigsResponse, _eddy_v1_DescribeConfigsRequest__Output, _eddy_v1_DescribeConfigsResponse__Output>
  DescribeTopic: MethodDefinition<_eddy_v1_DescribeTopicRequest, _eddy_v1_DescribeTopicResponse, _eddy_v1_DescribeTopicRequest__Output, _eddy_v1_DescribeTopicResponse__Output>
  ListTopics: MethodDefinition<_eddy_v1_ListTopicsRequest, _eddy_v1_ListTopicsResponse, _eddy_v1_ListTopicsRequest__Output, _eddy_v1_ListTopicsResponse__Output>
}
