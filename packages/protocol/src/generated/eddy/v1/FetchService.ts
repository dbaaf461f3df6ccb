// Original file: proto/eddy/v1/fetch.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { FetchRequest as _eddy_v1_FetchRequest, FetchRequest__Output as _eddy_v1_FetchRequest__Output } from '../../eddy/v1/FetchRequest.js';
import type { FetchResponse as _eddy_v1_FetchResponse, FetchResponse__Output as _eddy_v1_FetchResponse__Output } from '../../eddy/v1/FetchResponse.js';
import type { ListOffsetsRequest as _eddy_v1_ListOffsetsRequest, ListOffsetsRequest__Output as _eddy_v1_ListOffsetsRequest__Output } from '../../eddy/v1/ListOffsetsRequest.js';
import type { ListOffsetsResponse as _eddy_v1_ListOffsetsResponse, ListOffsetsResponse__Output as _eddy_v1_ListOffsetsResponse__Output } from '../../eddy/v1/ListOffsetsResponse.js';
import type { SubscribeRequest as _eddy_v1_SubscribeRequest, SubscribeRequest__Output as _eddy_v1_SubscribeRequest__Output } from '../../eddy/v1/SubscribeRequest.js';
import type { SubscribeResponse as _eddy_v1_SubscribeResponse, SubscribeResponse__Output as _eddy_v1_SubscribeResponse__Output } from '../../eddy/v1/SubscribeResponse.js';

/**
 * FetchService reads partitions. Only committed records are returned (below the
 * high watermark). Send to the partition's leader.
 */
export interface FetchServiceClient extends grpc.Client {
  /**
   * Reads from one or more partitions led by this node, waiting up to max_wait_ms
   * for at least min_bytes (long poll).
   */
  Fetch(argument: _eddy_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _eddy_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _eddy_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  Fetch(argument: _eddy_v1_FetchRequest, callback: grpc.requestCallback<_eddy_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Reads from one or more partitions led by this node, waiting up to max_wait_ms
   * for at least min_bytes (long poll).
   */
  fetch(argument: _eddy_v1_FetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _eddy_v1_FetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _eddy_v1_FetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  fetch(argument: _eddy_v1_FetchRequest, callback: grpc.requestCallback<_eddy_v1_FetchResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Finds offsets: earliest, latest, or the first offset with a timestamp at or after a time.
   */
  ListOffsets(argument: _eddy_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _eddy_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _eddy_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  ListOffsets(argument: _eddy_v1_ListOffsetsRequest, callback: grpc.requestCallback<_eddy_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Finds offsets: earliest, latest, or the first offset with a timestamp at or after a time.
   */
  listOffsets(argument: _eddy_v1_ListOffsetsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _eddy_v1_ListOffsetsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _eddy_v1_ListOffsetsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  listOffsets(argument: _eddy_v1_ListOffsetsRequest, callback: grpc.requestCallback<_eddy_v1_ListOffsetsResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Streams records of one partition from an offset as they commit. The client grants
   * credit (in bytes) and the server sends no more than granted: flow control.
   */
  Subscribe(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_eddy_v1_SubscribeRequest, _eddy_v1_SubscribeResponse__Output>;
  Subscribe(options?: grpc.CallOptions): grpc.ClientDuplexStream<_eddy_v1_SubscribeRequest, _eddy_v1_SubscribeResponse__Output>;
  /**
   * Streams records of one partition from an offset as they commit. The client grants
   * credit (in bytes) and the server sends no more than granted: flow control.
   */
  subscribe(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_eddy_v1_SubscribeRequest, _eddy_v1_SubscribeResponse__Output>;
  subscribe(options?: grpc.CallOptions): grpc.ClientDuplexStream<_eddy_v1_SubscribeRequest, _eddy_v1_SubscribeResponse__Output>;
  
}

/**
 * FetchService reads partitions. Only committed records are returned (below the
 * high watermark). Send to the partition's leader.
 */
export interface FetchServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Reads from one or more partitions led by this node, waiting up to max_wait_ms
   * for at least min_bytes (long poll).
   */
  Fetch: grpc.handleUnaryCall<_eddy_v1_FetchRequest__Output, _eddy_v1_FetchResponse>;
  
  /**
   * Finds offsets: earliest, latest, or the first offset with a timestamp at or after a time.
   */
  ListOffsets: grpc.handleUnaryCall<_eddy_v1_ListOffsetsRequest__Output, _eddy_v1_ListOffsetsResponse>;
  
  /**
   * Streams records of one partition from an offset as they commit. The client grants
   * credit (in bytes) and the server sends no more than granted: flow control.
   */
  Subscribe: grpc.handleBidiStreamingCall<_eddy_v1_SubscribeRequest__Output, _eddy_v1_SubscribeResponse>;
  
}

export interface FetchServiceDefinition extends grpc.ServiceDefinition {
  Fetch: MethodDefinition<_eddy_v1_FetchRequest, _eddy_v1_FetchResponse, _eddy_v1_FetchRequest__Output, _eddy_v1_FetchResponse__Output>
  ListOffsets: MethodDefinition<_eddy_v1_ListOffsetsRequest, _eddy_v1_ListOffsetsResponse, _eddy_v1_ListOffsetsRequest__Output, _eddy_v1_ListOffsetsResponse__Output>
  Subscribe: MethodDefinition<_eddy_v1_SubscribeRequest, _eddy_v1_SubscribeResponse, _eddy_v1_SubscribeRequest__Output, _eddy_v1_SubscribeResponse__Output>
}
