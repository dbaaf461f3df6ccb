// Original file: proto/eddy/v1/cluster.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AllocateProducerIdsRequest as _eddy_v1_AllocateProducerIdsRequest, AllocateProducerIdsRequest__Output as _eddy_v1_AllocateProducerIdsRequest__Output } from '../../eddy/v1/AllocateProducerIdsRequest.js';
import type { AllocateProducerIdsResponse as _eddy_v1_AllocateProducerIdsResponse, AllocateProducerIdsResponse__Output as _eddy_v1_AllocateProducerIdsResponse__Output } from '../../eddy/v1/AllocateProducerIdsResponse.js';
import type { NodeHeartbeatRequest as _eddy_v1_NodeHeartbeatRequest, NodeHeartbeatRequest__Output as _eddy_v1_NodeHeartbeatRequest__Output } from '../../eddy/v1/NodeHeartbeatRequest.js';
import type { NodeHeartbeatResponse as _eddy_v1_NodeHeartbeatResponse, NodeHeartbeatResponse__Output as _eddy_v1_NodeHeartbeatResponse__Output } from '../../eddy/v1/NodeHeartbeatResponse.js';
import type { RegisterNodeRequest as _eddy_v1_RegisterNodeRequest, RegisterNodeRequest__Output as _eddy_v1_RegisterNodeRequest__Output } from '../../eddy/v1/RegisterNodeRequest.js';
import type { RegisterNodeResponse as _eddy_v1_RegisterNodeResponse, RegisterNodeResponse__Output as _eddy_v1_RegisterNodeResponse__Output } from '../../eddy/v1/RegisterNodeResponse.js';
import type { ReportLeadersRequest as _eddy_v1_ReportLeadersRequest, ReportLeadersRequest__Output as _eddy_v1_ReportLeadersRequest__Output } from '../../eddy/v1/ReportLeadersRequest.js';
import type { ReportLeadersResponse as _eddy_v1_ReportLeadersResponse, ReportLeadersResponse__Output as _eddy_v1_ReportLeadersResponse__Output } from '../../eddy/v1/ReportLeadersResponse.js';
import type { WatchMetadataRequest as _eddy_v1_WatchMetadataRequest, WatchMetadataRequest__Output as _eddy_v1_WatchMetadataRequest__Output } from '../../eddy/v1/WatchMetadataRequest.js';
import type { WatchMetadataResponse as _eddy_v1_WatchMetadataResponse, WatchMetadataResponse__Output as _eddy_v1_WatchMetadataResponse__Output } from '../../eddy/v1/WatchMetadataResponse.js';

/**
 * Internal. ControllerService is how storage nodes talk to the controller quorum:
 * registration, heartbeats (which keep a node unfenced), partition-leadership
 * reports, producer-id blocks, and the metadata stream. Calls to a controller
 * that is not active fail with NOT_CONTROLLER naming the active one.
 */
export interface ControllerServiceClient extends grpc.Client {
  /**
   * Hands out a block of producer ids for idempotent producers.
   */
  AllocateProducerIds(argument: _eddy_v1_AllocateProducerIdsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  AllocateProducerIds(argument: _eddy_v1_AllocateProducerIdsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  AllocateProducerIds(argument: _eddy_v1_AllocateProducerIdsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  AllocateProducerIds(argument: _eddy_v1_AllocateProducerIdsRequest, callback: grpc.requestCallback<_eddy_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Hands out a block of producer ids for idempotent producers.
   */
  allocateProducerIds(argument: _eddy_v1_AllocateProducerIdsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  allocateProducerIds(argument: _eddy_v1_AllocateProducerIdsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  allocateProducerIds(argument: _eddy_v1_AllocateProducerIdsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  allocateProducerIds(argument: _eddy_v1_AllocateProducerIdsRequest, callback: grpc.requestCallback<_eddy_v1_AllocateProducerIdsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Keeps the node's session alive. A node that stops heartbeating is fenced.
   */
  NodeHeartbeat(argument: _eddy_v1_NodeHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_NodeHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  NodeHeartbeat(argument: _eddy_v1_NodeHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_NodeHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  NodeHeartbeat(argument: _eddy_v1_NodeHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_NodeHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  NodeHeartbeat(argument: _eddy_v1_NodeHeartbeatRequest, callback: grpc.requestCallback<_eddy_v1_NodeHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Keeps the node's session alive. A node that stops heartbeating is fenced.
   */
  nodeHeartbeat(argument: _eddy_v1_NodeHeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_NodeHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  nodeHeartbeat(argument: _eddy_v1_NodeHeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_NodeHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  nodeHeartbeat(argument: _eddy_v1_NodeHeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_NodeHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  nodeHeartbeat(argument: _eddy_v1_NodeHeartbeatRequest, callback: grpc.requestCallback<_eddy_v1_NodeHeartbeatResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Registers a node incarnation; answers its node epoch. A later incarnation fences earlier ones.
   */
  RegisterNode(argument: _eddy_v1_RegisterNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RegisterNodeResponse__Output>): grpc.ClientUnaryCall;
  RegisterNode(argument: _eddy_v1_RegisterNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_RegisterNodeResponse__Output>): grpc.ClientUnaryCall;
  RegisterNode(argument: _eddy_v1_RegisterNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RegisterNodeResponse__Output>): grpc.ClientUnaryCall;
  RegisterNode(argument: _eddy_v1_RegisterNodeRequest, callback: grpc.requestCallback<_eddy_v1_RegisterNodeResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Registers a node incarnation; answers its node epoch. A later incarnation fences earlier ones.
   */
  registerNode(argument: _eddy_v1_RegisterNodeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RegisterNodeResponse__Output>): grpc.ClientUnaryCall;
  registerNode(argument: _eddy_v1_RegisterNodeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_RegisterNodeResponse__Output>): grpc.ClientUnaryCall;
  registerNode(argument: _eddy_v1_RegisterNodeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_RegisterNodeResponse__Output>): grpc.ClientUnaryCall;
  registerNode(argument: _eddy_v1_RegisterNodeRequest, callback: grpc.requestCallback<_eddy_v1_RegisterNodeResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Reports partitions whose Raft group this node now leads.
   */
  ReportLeaders(argument: _eddy_v1_ReportLeadersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ReportLeadersResponse__Output>): grpc.ClientUnaryCall;
  ReportLeaders(argument: _eddy_v1_ReportLeadersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ReportLeadersResponse__Output>): grpc.ClientUnaryCall;
  ReportLeaders(argument: _eddy_v1_ReportLeadersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ReportLeadersResponse__Output>): grpc.ClientUnaryCall;
  ReportLeaders(argument: _eddy_v1_ReportLeadersRequest, callback: grpc.requestCallback<_eddy_v1_ReportLeadersResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reports partitions whose Raft group this node now leads.
   */
  reportLeaders(argument: _eddy_v1_ReportLeadersRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ReportLeadersResponse__Output>): grpc.ClientUnaryCall;
  reportLeaders(argument: _eddy_v1_ReportLeadersRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ReportLeadersResponse__Output>): grpc.ClientUnaryCall;
  reportLeaders(argument: _eddy_v1_ReportLeadersRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ReportLeadersResponse__Output>): grpc.ClientUnaryCall;
  reportLeaders(argument: _eddy_v1_ReportLeadersRequest, callback: grpc.requestCallback<_eddy_v1_ReportLeadersResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * The metadata image, then every change as it commits. Any controller serves it.
   */
  WatchMetadata(argument: _eddy_v1_WatchMetadataRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_eddy_v1_WatchMetadataResponse__Output>;
  WatchMetadata(argument: _eddy_v1_WatchMetadataRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_eddy_v1_WatchMetadataResponse__Output>;
  /**
   * The metadata image, then every change as it commits. Any controller serves it.
   */
  watchMetadata(argument: _eddy_v1_WatchMetadataRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_eddy_v1_WatchMetadataResponse__Output>;
  watchMetadata(argument: _eddy_v1_WatchMetadataRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_eddy_v1_WatchMetadataResponse__Output>;
  
}

/**
 * Internal. ControllerService is how storage nodes talk to the controller quorum:
 * registration, heartbeats (which keep a node unfenced), partition-leadership
 * reports, producer-id blocks, and the metadata stream. Calls to a controller
 * that is not active fail with NOT_CONTROLLER naming the active one.
 */
export interface ControllerServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Hands out a block of producer ids for idempotent producers.
   */
  AllocateProducerIds: grpc.handleUnaryCall<_eddy_v1_AllocateProducerIdsRequest__Output, _eddy_v1_AllocateProducerIdsResponse>;
  
  /**
   * Keeps the node's session alive. A node that stops heartbeating is fenced.
   */
  NodeHeartbeat: grpc.handleUnaryCall<_eddy_v1_NodeHeartbeatRequest__Output, _eddy_v1_NodeHeartbeatResponse>;
  
  /**
   * Registers a node incarnation; answers its node epoch. A later incarnation fences earlier ones.
   */
  RegisterNode: grpc.handleUnaryCall<_eddy_v1_RegisterNodeRequest__Output, _eddy_v1_RegisterNodeResponse>;
  
  /**
   * Reports partitions whose Raft group this node now leads.
   */
  ReportLeaders: grpc.handleUnaryCall<_eddy_v1_ReportLeadersRequest__Output, _eddy_v1_ReportLeadersResponse>;
  
  /**
   * The metadata image, then every change as it commits. Any controller serves it.
   */
  WatchMetadata: grpc.handleServerStreamingCall<_eddy_v1_WatchMetadataRequest__Output, _eddy_v1_WatchMetadataResponse>;
  
}

export interface ControllerServiceDefinition extends grpc.ServiceDefinition {
  AllocateProducerIds: MethodDefinition<_eddy_v1_AllocateProducerIdsRequest, _eddy_v1_AllocateProducerIdsResponse, _eddy_v1_AllocateProducerIdsRequest__Output, _eddy_v1_AllocateProducerIdsResponse__Output>
  NodeHeartbeat: MethodDefinition<_eddy_v1_NodeHeartbeatRequest, _eddy_v1_NodeHeartbeatResponse, _eddy_v1_NodeHeartbeatRequest__Output, _eddy_v1_NodeHeartbeatResponse__Output>
  RegisterNode: MethodDefinition<_eddy_v1_RegisterNodeRequest, _eddy_v1_RegisterNodeResponse, _eddy_v1_RegisterNodeRequest__Output, _eddy_v1_RegisterNodeResponse__Output>
  ReportLeaders: MethodDefinition<_eddy_v1_ReportLeadersRequest, _eddy_v1_ReportLeadersResponse, _eddy_v1_ReportLeadersRequest__Output, _eddy_v1_ReportLeadersResponse__Output>
  WatchMetadata: MethodDefinition<_eddy_v1_WatchMetadataRequest, _eddy_v1_WatchMetadataResponse, _eddy_v1_WatchMetadataRequest__Output, _eddy_v1_WatchMetadataResponse__Output>
}
