import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CommitOffsetsRequest as _eddy_v1_CommitOffsetsRequest, CommitOffsetsRequest__Output as _eddy_v1_CommitOffsetsRequest__Output } from './eddy/v1/CommitOffsetsRequest.js';
import type { CommitOffsetsResponse as _eddy_v1_CommitOffsetsResponse, CommitOffsetsResponse__Output as _eddy_v1_CommitOffsetsResponse__Output } from './eddy/v1/CommitOffsetsResponse.js';
import type { CommittedOffset as _eddy_v1_CommittedOffset, CommittedOffset__Output as _eddy_v1_CommittedOffset__Output } from './eddy/v1/CommittedOffset.js';
import type { ConsumedRecord as _eddy_v1_ConsumedRecord, ConsumedRecord__Output as _eddy_v1_ConsumedRecord__Output } from './eddy/v1/ConsumedRecord.js';
import type { DeleteGroupRequest as _eddy_v1_DeleteGroupRequest, DeleteGroupRequest__Output as _eddy_v1_DeleteGroupRequest__Output } from './eddy/v1/DeleteGroupRequest.js';
import type { DeleteGroupResponse as _eddy_v1_DeleteGroupResponse, DeleteGroupResponse__Output as _eddy_v1_DeleteGroupResponse__Output } from './eddy/v1/DeleteGroupResponse.js';
import type { DescribeGroupRequest as _eddy_v1_DescribeGroupRequest, DescribeGroupRequest__Output as _eddy_v1_DescribeGroupRequest__Output } from './eddy/v1/DescribeGroupRequest.js';
import type { DescribeGroupResponse as _eddy_v1_DescribeGroupResponse, DescribeGroupResponse__Output as _eddy_v1_DescribeGroupResponse__Output } from './eddy/v1/DescribeGroupResponse.js';
import type { ErrorInfo as _eddy_v1_ErrorInfo, ErrorInfo__Output as _eddy_v1_ErrorInfo__Output } from './eddy/v1/ErrorInfo.js';
import type { FetchOffsetsRequest as _eddy_v1_FetchOffsetsRequest, FetchOffsetsRequest__Output as _eddy_v1_FetchOffsetsRequest__Output } from './eddy/v1/FetchOffsetsRequest.js';
import type { FetchOffsetsResponse as _eddy_v1_FetchOffsetsResponse, FetchOffsetsResponse__Output as _eddy_v1_FetchOffsetsResponse__Output } from './eddy/v1/FetchOffsetsResponse.js';
import type { FindCoordinatorRequest as _eddy_v1_FindCoordinatorRequest, FindCoordinatorRequest__Output as _eddy_v1_FindCoordinatorRequest__Output } from './eddy/v1/FindCoordinatorRequest.js';
import type { FindCoordinatorResponse as _eddy_v1_FindCoordinatorResponse, FindCoordinatorResponse__Output as _eddy_v1_FindCoordinatorResponse__Output } from './eddy/v1/FindCoordinatorResponse.js';
import type { GroupMember as _eddy_v1_GroupMember, GroupMember__Output as _eddy_v1_GroupMember__Output } from './eddy/v1/GroupMember.js';
import type { GroupServiceClient as _eddy_v1_GroupServiceClient, GroupServiceDefinition as _eddy_v1_GroupServiceDefinition } from './eddy/v1/GroupService.js';
import type { GroupSummary as _eddy_v1_GroupSummary, GroupSummary__Output as _eddy_v1_GroupSummary__Output } from './eddy/v1/GroupSummary.js';
import type { Header as _eddy_v1_Header, Header__Output as _eddy_v1_Header__Output } from './eddy/v1/Header.js';
import type { HeartbeatRequest as _eddy_v1_HeartbeatRequest, HeartbeatRequest__Output as _eddy_v1_HeartbeatRequest__Output } from './eddy/v1/HeartbeatRequest.js';
import type { HeartbeatResponse as _eddy_v1_HeartbeatResponse, HeartbeatResponse__Output as _eddy_v1_HeartbeatResponse__Output } from './eddy/v1/HeartbeatResponse.js';
import type { ListGroupsRequest as _eddy_v1_ListGroupsRequest, ListGroupsRequest__Output as _eddy_v1_ListGroupsRequest__Output } from './eddy/v1/ListGroupsRequest.js';
import type { ListGroupsResponse as _eddy_v1_ListGroupsResponse, ListGroupsResponse__Output as _eddy_v1_ListGroupsResponse__Output } from './eddy/v1/ListGroupsResponse.js';
import type { OffsetCommit as _eddy_v1_OffsetCommit, OffsetCommit__Output as _eddy_v1_OffsetCommit__Output } from './eddy/v1/OffsetCommit.js';
import type { OffsetCommitResult as _eddy_v1_OffsetCommitResult, OffsetCommitResult__Output as _eddy_v1_OffsetCommitResult__Output } from './eddy/v1/OffsetCommitResult.js';
import type { PartitionLag as _eddy_v1_PartitionLag, PartitionLag__Output as _eddy_v1_PartitionLag__Output } from './eddy/v1/PartitionLag.js';
import type { Record as _eddy_v1_Record, Record__Output as _eddy_v1_Record__Output } from './eddy/v1/Record.js';
import type { ResetOffsetsRequest as _eddy_v1_ResetOffsetsRequest, ResetOffsetsRequest__Output as _eddy_v1_ResetOffsetsRequest__Output } from './eddy/v1/ResetOffsetsRequest.js';
import type { ResetOffsetsResponse as _eddy_v1_ResetOffsetsResponse, ResetOffsetsResponse__Output as _eddy_v1_ResetOffsetsResponse__Output } from './eddy/v1/ResetOffsetsResponse.js';
import type { TopicPartition as _eddy_v1_TopicPartition, TopicPartition__Output as _eddy_v1_TopicPartition__Output } from './eddy/v1/TopicPartition.js';
import type { TopicPartitions as _eddy_v1_TopicPartitions, TopicPartitions__Output as _eddy_v1_TopicPartitions__Output } from './eddy/v1/TopicPartitions.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  eddy: {
    v1: {
      CommitOffsetsRequest: MessageTypeDefinition<_eddy_v1_CommitOffsetsRequest, _eddy_v1_CommitOffsetsRequest__Output>
      CommitOffsetsResponse: MessageTypeDefinition<_eddy_v1_CommitOffsetsResponse, _eddy_v1_CommitOffsetsResponse__Output>
      CommittedOffset: MessageTypeDefinition<_eddy_v1_CommittedOffset, _eddy_v1_CommittedOffset__Output>
      Compression: EnumTypeDefinition
      ConsumedRecord: MessageTypeDefinition<_eddy_v1_ConsumedRecord, _eddy_v1_ConsumedRecord__Output>
      DeleteGroupRequest: MessageTypeDefinition<_eddy_v1_DeleteGroupRequest, _eddy_v1_DeleteGroupRequest__Output>
      DeleteGroupResponse: MessageTypeDefinition<_eddy_v1_DeleteGroupResponse, _eddy_v1_DeleteGroupResponse__Output>
      DescribeGroupRequest: MessageTypeDefinition<_eddy_v1_DescribeGroupRequest, _eddy_v1_DescribeGroupRequest__Output>
      DescribeGroupResponse: MessageTypeDefinition<_eddy_v1_DescribeGroupResponse, _eddy_v1_DescribeGroupResponse__Output>
      ErrorInfo: MessageTypeDefinition<_eddy_v1_ErrorInfo, _eddy_v1_ErrorInfo__Output>
      FetchOffsetsRequest: MessageTypeDefinition<_eddy_v1_FetchOffsetsRequest, _eddy_v1_FetchOffsetsRequest__Output>
      FetchOffsetsResponse: MessageTypeDefinition<_eddy_v1_FetchOffsetsResponse, _eddy_v1_FetchOffsetsResponse__Output>
      FindCoordinatorRequest: MessageTypeDefinition<_eddy_v1_FindCoordinatorRequest, _eddy_v1_FindCoordinatorRequest__Output>
      FindCoordinatorResponse: MessageTypeDefinition<_eddy_v1_FindCoordinatorResponse, _eddy_v1_FindCoordinatorResponse__Output>
      GroupMember: MessageTypeDefinition<_eddy_v1_GroupMember, _eddy_v1_GroupMember__Output>
      /**
       * GroupService coordinates consumer groups. Each group has one coordinator: the
       * leader of partition hash(group_id) % N of the internal topic __consumer_offsets.
       * Assignment follows Kafka's KIP-848 model: members heartbeat with their
       * subscription and owned partitions, and the coordinator answers with their
       * target assignment; partitions move incrementally, with no stop-the-world rebalance.
       */
      GroupService: SubtypeConstructor<typeof grpc.Client, _eddy_v1_GroupServiceClient> & { service: _eddy_v1_GroupServiceDefinition }
      GroupState: EnumTypeDefinition
      GroupSummary: MessageTypeDefinition<_eddy_v1_GroupSummary, _eddy_v1_GroupSummary__Output>
      Header: MessageTypeDefinition<_eddy_v1_Header, _eddy_v1_Header__Output>
      HeartbeatRequest: MessageTypeDefinition<_eddy_v1_HeartbeatRequest, _eddy_v1_HeartbeatRequest__Output>
      HeartbeatResponse: MessageTypeDefinition<_eddy_v1_HeartbeatResponse, _eddy_v1_HeartbeatResponse__Output>
      ListGroupsRequest: MessageTypeDefinition<_eddy_v1_ListGroupsRequest, _eddy_v1_ListGroupsRequest__Output>
      ListGroupsResponse: MessageTypeDefinition<_eddy_v1_ListGroupsResponse, _eddy_v1_ListGroupsResponse__Output>
      OffsetCommit: MessageTypeDefinition<_eddy_v1_OffsetCommit, _eddy_v1_OffsetCommit__Output>
      OffsetCommitResult: MessageTypeDefinition<_eddy_v1_OffsetCommitResult, _eddy_v1_OffsetCommitResult__Output>
      PartitionLag: MessageTypeDefinition<_eddy_v1_PartitionLag, _eddy_v1_PartitionLag__Output>
      Record: MessageTypeDefinition<_eddy_v1_Record, _eddy_v1_Record__Output>
      ResetOffsetsRequest: MessageTypeDefinition<_eddy_v1_ResetOffsetsRequest, _eddy_v1_ResetOffsetsRequest__Output>
      ResetOffsetsResponse: MessageTypeDefinition<_eddy_v1_ResetOffsetsResponse, _eddy_v1_ResetOffsetsResponse__Output>
      TopicPartition: MessageTypeDefinition<_eddy_v1_TopicPartition, _eddy_v1_TopicPartition__Output>
      TopicPartitions: MessageTypeDefinition<_eddy_v1_TopicPartitions, _eddy_v1_TopicPartitions__Output>
    }
  }
}

