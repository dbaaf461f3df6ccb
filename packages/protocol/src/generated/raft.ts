import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CoalescedHeartbeat as _eddy_v1_CoalescedHeartbeat, CoalescedHeartbeat__Output as _eddy_v1_CoalescedHeartbeat__Output } from './eddy/v1/CoalescedHeartbeat.js';
import type { RaftEntry as _eddy_v1_RaftEntry, RaftEntry__Output as _eddy_v1_RaftEntry__Output } from './eddy/v1/RaftEntry.js';
import type { RaftMessage as _eddy_v1_RaftMessage, RaftMessage__Output as _eddy_v1_RaftMessage__Output } from './eddy/v1/RaftMessage.js';
import type { RaftServiceClient as _eddy_v1_RaftServiceClient, RaftServiceDefinition as _eddy_v1_RaftServiceDefinition } from './eddy/v1/RaftService.js';
import type { RaftSnapshotChunk as _eddy_v1_RaftSnapshotChunk, RaftSnapshotChunk__Output as _eddy_v1_RaftSnapshotChunk__Output } from './eddy/v1/RaftSnapshotChunk.js';
import type { ReadLogRequest as _eddy_v1_ReadLogRequest, ReadLogRequest__Output as _eddy_v1_ReadLogRequest__Output } from './eddy/v1/ReadLogRequest.js';
import type { ReadLogResponse as _eddy_v1_ReadLogResponse, ReadLogResponse__Output as _eddy_v1_ReadLogResponse__Output } from './eddy/v1/ReadLogResponse.js';
import type { ReplicaStatusRequest as _eddy_v1_ReplicaStatusRequest, ReplicaStatusRequest__Output as _eddy_v1_ReplicaStatusRequest__Output } from './eddy/v1/ReplicaStatusRequest.js';
import type { ReplicaStatusResponse as _eddy_v1_ReplicaStatusResponse, ReplicaStatusResponse__Output as _eddy_v1_ReplicaStatusResponse__Output } from './eddy/v1/ReplicaStatusResponse.js';
import type { SendRequest as _eddy_v1_SendRequest, SendRequest__Output as _eddy_v1_SendRequest__Output } from './eddy/v1/SendRequest.js';
import type { SendResponse as _eddy_v1_SendResponse, SendResponse__Output as _eddy_v1_SendResponse__Output } from './eddy/v1/SendResponse.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  eddy: {
    v1: {
      CoalescedHeartbeat: MessageTypeDefinition<_eddy_v1_CoalescedHeartbeat, _eddy_v1_CoalescedHeartbeat__Output>
      RaftEntry: MessageTypeDefinition<_eddy_v1_RaftEntry, _eddy_v1_RaftEntry__Output>
      RaftEntryType: EnumTypeDefinition
      RaftMessage: MessageTypeDefinition<_eddy_v1_RaftMessage, _eddy_v1_RaftMessage__Output>
      RaftMessageType: EnumTypeDefinition
      /**
       * Internal. RaftService carries Raft messages between nodes. Each node opens one
       * long-lived stream to each peer and sends every group's messages on it (many
       * Raft groups per node: the controller's and one per partition replica).
       * Heartbeats for all groups two nodes share are coalesced into one message.
       */
      RaftService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_RaftServiceClient> & { service: _eddy_v1_RaftServiceDefinition }
      RaftSnapshotChunk: MessageTypeDefinition<_eddy_v1_RaftSnapshotChunk, _eddy_v1_RaftSnapshotChunk__Output>
      ReadLogRequest: MessageTypeDefinition<_eddy_v1_ReadLogRequest, _eddy_v1_ReadLogRequest__Output>
      ReadLogResponse: MessageTypeDefinition<_eddy_v1_ReadLogResponse, _eddy_v1_ReadLogResponse__Output>
      ReplicaStatusRequest: MessageTypeDefinition<_eddy_v1_ReplicaStatusRequest, _eddy_v1_ReplicaStatusRequest__Output>
      ReplicaStatusResponse: MessageTypeDefinition<_eddy_v1_ReplicaStatusResponse, _eddy_v1_ReplicaStatusResponse__Output>
      SendRequest: MessageTypeDefinition<_eddy_v1_SendRequest, _eddy_v1_SendRequest__Output>
      SendResponse: MessageTypeDefinition<_eddy_v1_SendResponse, _eddy_v1_SendResponse__Output>
    }
  }
}

