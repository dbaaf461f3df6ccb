// Original file: proto/eddy/v1/raft.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ReadLogRequest as _eddy_v1_ReadLogRequest, ReadLogRequest__Output as _eddy_v1_ReadLogRequest__Output } from '../../eddy/v1/ReadLogRequest.js';
import type { ReadLogResponse as _eddy_v1_ReadLogResponse, ReadLogResponse__Output as _eddy_v1_ReadLogResponse__Output } from '../../eddy/v1/ReadLogResponse.js';
import type { ReplicaStatusRequest as _eddy_v1_ReplicaStatusRequest, ReplicaStatusRequest__Output as _eddy_v1_ReplicaStatusRequest__Output } from '../../eddy/v1/ReplicaStatusRequest.js';
import type { ReplicaStatusResponse as _eddy_v1_ReplicaStatusResponse, ReplicaStatusResponse__Output as _eddy_v1_ReplicaStatusResponse__Output } from '../../eddy/v1/ReplicaStatusResponse.js';
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
   * Committed entries of one group, read from the serving node's disk, in
   * order: a replica rebuilt from a leader snapshot copies the log it lacks
   * below that snapshot (storage-node partition/replica-backfill.ts). Each
   * response covers a span of indexes; the serving node throttles all these
   * streams together (its replicationThrottleBytes) and follows the stream's
   * flow control. Refusals: INVALID_ARGUMENT (a field is out of bounds),
   * NOT_FOUND (the group is not hosted there), OUT_OF_RANGE (the range starts
   * below the node's log start; trailer eddy-log-start-index says where it
   * starts now), UNAVAILABLE (the node has not applied the range yet, or lacks
   * part of it itself: ask another replica or retry).
   */
  ReadLog(argument: _eddy_v1_ReadLogRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_eddy_v1_ReadLogResponse__Output>;
  ReadLog(argument: _eddy_v1_ReadLogRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_eddy_v1_ReadLogResponse__Output>;
  /**
   * Committed entries of one group, read from the serving node's disk, in
   * order: a replica rebuilt from a leader snapshot copies the log it lacks
   * below that snapshot (storage-node partition/replica-backfill.ts). Each
   * response covers a span of indexes; the serving node throttles all these
   * streams together (its replicationThrottleBytes) and follows the stream's
   * flow control. Refusals: INVALID_ARGUMENT (a field is out of bounds),
   * NOT_FOUND (the group is not hosted there), OUT_OF_RANGE (the range starts
   * below the node's log start; trailer eddy-log-start-index says where it
   * starts now), UNAVAILABLE (the node has not applied the range yet, or lacks
   * part of it itself: ask another replica or retry).
   */
  readLog(argument: _eddy_v1_ReadLogRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_eddy_v1_ReadLogResponse__Output>;
  readLog(argument: _eddy_v1_ReadLogRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_eddy_v1_ReadLogResponse__Output>;
  
  /**
   * Whether this node's replica of a group holds the group's whole log: a
   * replica rebuilt from a leader snapshot copies the log below that snapshot
   * afterwards (backfill), and a partition leader moving a replica set waits
   * for the new replicas to be complete. Node-only, like ReadLog. Refusals:
   * UNAUTHENTICATED (no node certificate, with TLS), INVALID_ARGUMENT (a bad
   * group id, or from_node is not the caller), NOT_FOUND (the group is not
   * hosted there).
   */
  ReplicaStatus(argument: _eddy_v1_ReplicaStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ReplicaStatusResponse__Output>): grpc.ClientUnaryCall;
  ReplicaStatus(argument: _eddy_v1_ReplicaStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ReplicaStatusResponse__Output>): grpc.ClientUnaryCall;
  ReplicaStatus(argument: _eddy_v1_ReplicaStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ReplicaStatusResponse__Output>): grpc.ClientUnaryCall;
  ReplicaStatus(argument: _eddy_v1_ReplicaStatusRequest, callback: grpc.requestCallback<_eddy_v1_ReplicaStatusResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Whether this node's replica of a group holds the group's whole log: a
   * replica rebuilt from a leader snapshot copies the log below that snapshot
   * afterwards (backfill), and a partition leader moving a replica set waits
   * for the new replicas to be complete. Node-only, like ReadLog. Refusals:
   * UNAUTHENTICATED (no node certificate, with TLS), INVALID_ARGUMENT (a bad
   * group id, or from_node is not the caller), NOT_FOUND (the group is not
   * hosted there).
   */
  replicaStatus(argument: _eddy_v1_ReplicaStatusRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ReplicaStatusResponse__Output>): grpc.ClientUnaryCall;
  replicaStatus(argument: _eddy_v1_ReplicaStatusRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ReplicaStatusResponse__Output>): grpc.ClientUnaryCall;
  replicaStatus(argument: _eddy_v1_ReplicaStatusRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ReplicaStatusResponse__Output>): grpc.ClientUnaryCall;
  replicaStatus(argument: _eddy_v1_ReplicaStatusRequest, callback: grpc.requestCallback<_eddy_v1_ReplicaStatusResponse__Output>): grpc.ClientUnaryCall;
  
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
   * Committed entries of one group, read from the serving node's disk, in
   * order: a replica rebuilt from a leader snapshot copies the log it lacks
   * below that snapshot (storage-node partition/replica-backfill.ts). Each
   * response covers a span of indexes; the serving node throttles all these
   * streams together (its replicationThrottleBytes) and follows the stream's
   * flow control. Refusals: INVALID_ARGUMENT (a field is out of bounds),
   * NOT_FOUND (the group is not hosted there), OUT_OF_RANGE (the range starts
   * below the node's log start; trailer eddy-log-start-index says where it
   * starts now), UNAVAILABLE (the node has not applied the range yet, or lacks
   * part of it itself: ask another replica or retry).
   */
  ReadLog: grpc.handleServerStreamingCall<_eddy_v1_ReadLogRequest__Output, _eddy_v1_ReadLogResponse>;
  
  /**
   * Whether this node's replica of a group holds the group's whole log: a
   * replica rebuilt from a leader snapshot copies the log below that snapshot
   * afterwards (backfill), and a partition leader moving a replica set waits
   * for the new replicas to be complete. Node-only, like ReadLog. Refusals:
   * UNAUTHENTICATED (no node certificate, with TLS), INVALID_ARGUMENT (a bad
   * group id, or from_node is not the caller), NOT_FOUND (the group is not
   * hosted there).
   */
  ReplicaStatus: grpc.handleUnaryCall<_eddy_v1_ReplicaStatusRequest__Output, _eddy_v1_ReplicaStatusResponse>;
  
  /**
   * A stream of message batches from one node to another. Replies travel on the
   * other node's own stream back, so this stream needs no responses.
   */
  Send: grpc.handleClientStreamingCall<_eddy_v1_SendRequest__Output, _eddy_v1_SendResponse>;
  
}

export interface RaftServiceDefinition extends grpc.ServiceDefinition {
  ReadLog: MethodDefinition<_eddy_v1_ReadLogRequest, _eddy_v1_ReadLogResponse, _eddy_v1_ReadLogRequest__Output, _eddy_v1_ReadLogResponse__Output>
  ReplicaStatus: MethodDefinition<_eddy_v1_ReplicaStatusRequest, _eddy_v1_ReplicaStatusResponse, _eddy_v1_ReplicaStatusRequest__Output, _eddy_v1_ReplicaStatusResponse__Output>
  Send: MethodDefinition<_eddy_v1_SendRequest, _eddy_v1_SendResponse, _eddy_v1_SendRequest__Output, _eddy_v1_SendResponse__Output>
}
