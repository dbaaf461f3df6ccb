// Original file: proto/eddy/v1/metadata.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetMetadataRequest as _eddy_v1_GetMetadataRequest, GetMetadataRequest__Output as _eddy_v1_GetMetadataRequest__Output } from '../../eddy/v1/GetMetadataRequest.js';
import type { GetMetadataResponse as _eddy_v1_GetMetadataResponse, GetMetadataResponse__Output as _eddy_v1_GetMetadataResponse__Output } from '../../eddy/v1/GetMetadataResponse.js';

/**
 * MetadataService tells clients which nodes exist and which node leads each
 * partition. Every storage node serves it from its local copy of the cluster
 * metadata; clients bootstrap from any node and then talk to partition leaders.
 */
export interface MetadataServiceClient extends grpc.Client {
  /**
   * Returns nodes and the requested topics (all topics when none are named).
   */
  GetMetadata(argument: _eddy_v1_GetMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _eddy_v1_GetMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _eddy_v1_GetMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  GetMetadata(argument: _eddy_v1_GetMetadataRequest, callback: grpc.requestCallback<_eddy_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Returns nodes and the requested topics (all topics when none are named).
   */
  getMetadata(argument: _eddy_v1_GetMetadataRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _eddy_v1_GetMetadataRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _eddy_v1_GetMetadataRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  getMetadata(argument: _eddy_v1_GetMetadataRequest, callback: grpc.requestCallback<_eddy_v1_GetMetadataResponse__Output>): grpc.ClientUnaryCall;
  
}

/**
 * MetadataService tells clients which nodes exist and which node leads each
 * partition. Every storage node serves it from its local copy of the cluster
 * metadata; clients bootstrap from any node and then talk to partition leaders.
 */
export interface MetadataServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Returns nodes and the requested topics (all topics when none are named).
   */
  GetMetadata: grpc.handleUnaryCall<_eddy_v1_GetMetadataRequest__Output, _eddy_v1_GetMetadataResponse>;
  
}

export interface MetadataServiceDefinition extends grpc.ServiceDefinition {
  GetMetadata: MethodDefinition<_eddy_v1_GetMetadataRequest, _eddy_v1_GetMetadataResponse, _eddy_v1_GetMetadataRequest__Output, _eddy_v1_GetMetadataResponse__Output>
}
