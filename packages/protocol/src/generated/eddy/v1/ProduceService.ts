// Original file: proto/eddy/v1/produce.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { InitProducerIdRequest as _eddy_v1_InitProducerIdRequest, InitProducerIdRequest__Output as _eddy_v1_InitProducerIdRequest__Output } from '../../eddy/v1/InitProducerIdRequest.js';
import type { InitProducerIdResponse as _eddy_v1_InitProducerIdResponse, InitProducerIdResponse__Output as _eddy_v1_InitProducerIdResponse__Output } from '../../eddy/v1/InitProducerIdResponse.js';
import type { ProduceRequest as _eddy_v1_ProduceRequest, ProduceRequest__Output as _eddy_v1_ProduceRequest__Output } from '../../eddy/v1/ProduceRequest.js';
import type { ProduceResponse as _eddy_v1_ProduceResponse, ProduceResponse__Output as _eddy_v1_ProduceResponse__Output } from '../../eddy/v1/ProduceResponse.js';

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
  
}

export interface ProduceServiceDefinition extends grpc.ServiceDefinition {
  InitProducerId: MethodDefinition<_eddy_v1_InitProducerIdRequest, _eddy_v1_InitProducerIdResponse, _eddy_v1_InitProducerIdRequest__Output, _eddy_v1_InitProducerIdResponse__Output>
  Produce: MethodDefinition<_eddy_v1_ProduceRequest, _eddy_v1_ProduceResponse, _eddy_v1_ProduceRequest__Output, _eddy_v1_ProduceResponse__Output>
}
