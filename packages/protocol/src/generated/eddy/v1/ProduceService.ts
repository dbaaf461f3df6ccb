// Original file: proto/eddy/v1/produce.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { InitProducerIdRequest as _eddy_v1_InitProducerIdRequest, InitProducerIdRequest__Output as _eddy_v1_InitProducerIdRequest__Output } from '../../eddy/v1/InitProducerIdRequest.js';
import type { InitProducerIdResponse as _eddy_v1_InitProducerIdResponse, InitProducerIdResponse__Output as _eddy_v1_InitProducerIdResponse__Output } from '../../eddy/v1/InitProducerIdResponse.js';
import type { ProduceRequest as _eddy_v1_ProduceRequest, ProduceRequest__Output as _eddy_v1_ProduceRequest__Output } from '../../eddy/v1/ProduceRequest.js';
import type { ProduceResponse as _eddy_v1_ProduceResponse, ProduceResponse__Output as _eddy_v1_ProduceResponse__Output } from '../../eddy/v1/ProduceResponse.js';
import type { ProduceStreamRequest as _eddy_v1_ProduceStreamRequest, ProduceStreamRequest__Output as _eddy_v1_ProduceStreamRequest__Output } from '../../eddy/v1/ProduceStreamRequest.js';
import type { ProduceStreamResponse as _eddy_v1_ProduceStreamResponse, ProduceStreamResponse__Output as _eddy_v1_ProduceStreamResponse__Output } from '../../eddy/v1/ProduceStreamResponse.js';

/**
 * ProduceService appends records to partitions. Send to the partition's leader
 * (see MetadataService); any other node answers NOT_LEADER with a leader hint
 * in the trailers (eddy-leader-id, eddy-leader-address).
 */
export interface ProduceServiceClient extends grpc.Client {
  /**
   * Obtains a producer id and epoch for an idempotent producer.
   */
  InitProducerId(argument: _eddy_v1_InitProducerIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  InitProducerId(argument: _eddy_v1_InitProducerIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  InitProducerId(argument: _eddy_v1_InitProducerIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  InitProducerId(argument: _eddy_v1_InitProducerIdRequest, callback: grpc.requestCallback<_eddy_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Obtains a producer id and epoch for an idempotent producer.
   */
  initProducerId(argument: _eddy_v1_InitProducerIdRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  initProducerId(argument: _eddy_v1_InitProducerIdRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  initProducerId(argument: _eddy_v1_InitProducerIdRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  initProducerId(argument: _eddy_v1_InitProducerIdRequest, callback: grpc.requestCallback<_eddy_v1_InitProducerIdResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Appends one batch to one partition and answers once it is as durable as `acks` asks.
   */
  Produce(argument: _eddy_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _eddy_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _eddy_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  Produce(argument: _eddy_v1_ProduceRequest, callback: grpc.requestCallback<_eddy_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Appends one batch to one partition and answers once it is as durable as `acks` asks.
   */
  produce(argument: _eddy_v1_ProduceRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _eddy_v1_ProduceRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_eddy_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _eddy_v1_ProduceRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_eddy_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  produce(argument: _eddy_v1_ProduceRequest, callback: grpc.requestCallback<_eddy_v1_ProduceResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Produce, pipelined on one long-lived stream (as Kafka pipelines requests on
   * one connection): each request carries an id that its answer repeats.
   * Requests are handled in the order they arrive; answers may come in any
   * order. Same validation, errors and durability as Produce, without an HTTP/2
   * stream per batch. A request whose bytes do not decode ends the stream with
   * INVALID_ARGUMENT (its id is unknown); every other error answers that id.
   * With 1,024 requests or 64 MiB of batches unanswered, the node stops reading
   * the stream until half of them are answered (HTTP/2 flow control then holds
   * the client's writes).
   */
  ProduceStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_eddy_v1_ProduceStreamRequest, _eddy_v1_ProduceStreamResponse__Output>;
  ProduceStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_eddy_v1_ProduceStreamRequest, _eddy_v1_ProduceStreamResponse__Output>;
  /**
   * Produce, pipelined on one long-lived stream (as Kafka pipelines requests on
   * one connection): each request carries an id that its answer repeats.
   * Requests are handled in the order they arrive; answers may come in any
   * order. Same validation, errors and durability as Produce, without an HTTP/2
   * stream per batch. A request whose bytes do not decode ends the stream with
   * INVALID_ARGUMENT (its id is unknown); every other error answers that id.
   * With 1,024 requests or 64 MiB of batches unanswered, the node stops reading
   * the stream until half of them are answered (HTTP/2 flow control then holds
   * the client's writes).
   */
  produceStream(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_eddy_v1_ProduceStreamRequest, _eddy_v1_ProduceStreamResponse__Output>;
  produceStream(options?: grpc.CallOptions): grpc.ClientDuplexStream<_eddy_v1_ProduceStreamRequest, _eddy_v1_ProduceStreamResponse__Output>;
  
}

/**
 * ProduceService appends records to partitions. Send to the partition's leader
 * (see MetadataService); any other node answers NOT_LEADER with a leader hint
 * in the trailers (eddy-leader-id, eddy-leader-address).
 */
export interface ProduceServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Obtains a producer id and epoch for an idempotent producer.
   */
  InitProducerId: grpc.handleUnaryCall<_eddy_v1_InitProducerIdRequest__Output, _eddy_v1_InitProducerIdResponse>;
  
  /**
   * Appends one batch to one partition and answers once it is as durable as `acks` asks.
   */
  Produce: grpc.handleUnaryCall<_eddy_v1_ProduceRequest__Output, _eddy_v1_ProduceResponse>;
  
  /**
   * Produce, pipelined on one long-lived stream (as Kafka pipelines requests on
   * one connection): each request carries an id that its answer repeats.
   * Requests are handled in the order they arrive; answers may come in any
   * order. Same validation, errors and durability as Produce, without an HTTP/2
   * stream per batch. A request whose bytes do not decode ends the stream with
   * INVALID_ARGUMENT (its id is unknown); every other error answers that id.
   * With 1,024 requests or 64 MiB of batches unanswered, the node stops reading
   * the stream until half of them are answered (HTTP/2 flow control then holds
   * the client's writes).
   */
  ProduceStream: grpc.handleBidiStreamingCall<_eddy_v1_ProduceStreamRequest__Output, _eddy_v1_ProduceStreamResponse>;
  
}

export interface ProduceServiceDefinition extends grpc.ServiceDefinition {
  InitProducerId: MethodDefinition<_eddy_v1_InitProducerIdRequest, _eddy_v1_InitProducerIdResponse, _eddy_v1_InitProducerIdRequest__Output, _eddy_v1_InitProducerIdResponse__Output>
  Produce: MethodDefinition<_eddy_v1_ProduceRequest, _eddy_v1_ProduceResponse, _eddy_v1_ProduceRequest__Output, _eddy_v1_ProduceResponse__Output>
  ProduceStream: MethodDefinition<_eddy_v1_ProduceStreamRequest, _eddy_v1_ProduceStreamResponse, _eddy_v1_ProduceStreamRequest__Output, _eddy_v1_ProduceStreamResponse__Output>
}
