// Original file: proto/eddy/v1/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { SendRequest as _eddy_v1_SendRequest, SendRequest__Output as _eddy_v1_SendRequest__Output } from '../../eddy/v1/SendRequest.js';
import type { SendResponse as _eddy_v1_SendResponse, SendResponse__Output as _eddy_v1_SendResponse__Output } from '../../eddy/v1/SendResponse.js';

/**
 * Internal. RaftService carries Raft messages between nodes. Each node opens one
 * long-lived stream to each peer and sends every group's messages on it (many
 * Raft groups per node: the controller's and one per partition replica).
 * Heartbeats for all groups two nodes share are coalesced into one message.
 */
export interface RaftServiceClient extends grpc.Client {
  /**
   * A stream of message batches from one node to another. Replies travel on the
   * other node's own stream back, so this stream needs no responses.
   */
  Send(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_SendResponse__Output>): grpc.ClientWritableStream<_eddy_v1_SendRequest>;
  Send(metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_SendResponse__Output>): grpc.ClientWritableStream<_eddy_v1_SendRequest>;
  Send(options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_SendResponse__Output>): grpc.ClientWritableStream<_eddy_v1_SendRequest>;
  Send(callback: grpc.requestCallback<_eddy_v1_SendResponse__Output>): grpc.ClientWritableStream<_eddy_v1_SendRequest>;
  /**
   * A stream of message batches from one node to another. Replies travel on the
   * other node's own stream back, so this stream needs no responses.
   */
  send(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_SendResponse__Output>): grpc.ClientWritableStream<_eddy_v1_SendRequest>;
  send(metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_SendResponse__Output>): grpc.ClientWritableStream<_eddy_v1_SendRequest>;
  send(options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_SendResponse__Output>): grpc.ClientWritableStream<_eddy_v1_SendRequest>;
  send(callback: grpc.requestCallback<_eddy_v1_SendResponse__Output>): grpc.ClientWritableStream<_eddy_v1_SendRequest>;
  
}

/**
 * Internal. RaftService carries Raft messages between nodes. Each node opens one
 * long-lived stream to each peer and sends every group's messages on it (many
 * Raft groups per node: the controller's and one per partition replica).
 * Heartbeats for all groups two nodes share are coalesced into one message.
 */
export interface RaftServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * A stream of message batches from one node to another. Replies travel on the
   * other node's own stream back, so this stream needs no responses.
   */
  Send: grpc.handleClientStreamingCall<_eddy_v1_SendRequest__Output, _eddy_v1_SendResponse>;
  
}

export interface RaftServiceDefinition extends grpc.ServiceDefinition {
  Send: MethodDefinition<_eddy_v1_SendRequest, _eddy_v1_SendResponse, _eddy_v1_SendRequest__Output, _eddy_v1_SendResponse__Output>
}
