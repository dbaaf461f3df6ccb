// GroupService handlers: translate the wire messages and delegate to the
// GroupCoordinator; failures become gRPC statuses with the Eddy code in
// trailers (through `unary`).
import { InvalidRequestError, loadEddyProto, toErrorInfo, type wire } from '@eddy/protocol';
import type { Server } from '@grpc/grpc-js';
import { tolerantService } from '../grpc/malformed.js';
import { unary } from '../grpc/unary.js';
import type { CommittedOffsetOutput, GroupCoordinator, ResetInput } from './group-coordinator.js';
import { fromWireTopicPartitions, parseTpKey, toWireTopicPartitions } from './topic-partition-key.js';

function toBigInt(value: string | number | undefined, field: string): bigint {
  try {
    return BigInt(value ?? 0);
  } catch {
    throw new InvalidRequestError(`${field} is not an integer: ${String(value)}`);
  }
}

function toCommitted(o: CommittedOffsetOutput): wire.CommittedOffset {
  return { topic: o.topic, partition: o.partition, offset: o.offset.toString(), metadata: o.metadata };
}

function toResetTarget(req: wire.ResetOffsetsRequest__Output): ResetInput['to'] {
  switch (req.to) {
    case 'toEarliest':
      return { kind: 'earliest' };
    case 'toLatest':
      return { kind: 'latest' };
    case 'toOffset':
      return { kind: 'offset', offset: toBigInt(req.toOffset, 'to_offset') };
    case 'toTimestampMs':
      return { kind: 'timestamp', timestampMs: Number(toBigInt(req.toTimestampMs, 'to_timestamp_ms')) };
    default:
      throw new InvalidRequestError('a reset names its target: to_earliest, to_latest, to_offset or to_timestamp_ms');
  }
}

export function groupHandlers(coordinator: GroupCoordinator): wire.GroupServiceHandlers {
  return {
    FindCoordinator: unary((req: wire.FindCoordinatorRequest__Output): wire.FindCoordinatorResponse => coordinator.findCoordinator(req.groupId)),
    Heartbeat: unary(async (req: wire.HeartbeatRequest__Output): Promise<wire.HeartbeatResponse> => {
      const out = await coordinator.heartbeat({
        groupId: req.groupId,
        memberId: req.memberId,
        memberEpoch: req.memberEpoch,
        clientId: req.clientId,
        subscribedTopics: req.subscribedTopics,
        ownedPartitions: fromWireTopicPartitions(req.ownedPartitions),
        sessionTimeoutMs: req.sessionTimeoutMs,
      });
      return { memberId: out.memberId, memberEpoch: out.memberEpoch, heartbeatIntervalMs: out.heartbeatIntervalMs, sessionTimeoutMs: out.sessionTimeoutMs, assignment: toWireTopicPartitions(out.assignment) };
    }),
    CommitOffsets: unary(async (req: wire.CommitOffsetsRequest__Output): Promise<wire.CommitOffsetsResponse> => {
      const results = await coordinator.commitOffsets({
        groupId: req.groupId,
        memberId: req.memberId,
        memberEpoch: req.memberEpoch,
        offsets: req.offsets.map((o, i) => ({ topic: o.topic, partition: o.partition, offset: toBigInt(o.offset, `offsets[${i}].offset`), metadata: o.metadata })),
      });
      return { results: results.map((r) => (r.error ? { topic: r.topic, partition: r.partition, error: toErrorInfo(r.error) } : { topic: r.topic, partition: r.partition })) };
    }),
    FetchOffsets: unary((req: wire.FetchOffsetsRequest__Output): wire.FetchOffsetsResponse => {
      const partitions = [...fromWireTopicPartitions(req.partitions)].map(parseTpKey);
      return { offsets: coordinator.fetchOffsets(req.groupId, partitions).map(toCommitted) };
    }),
    ListGroups: unary((): wire.ListGroupsResponse => ({ groups: coordinator.listGroups() })),
    DescribeGroup: unary(async (req: wire.DescribeGroupRequest__Output): Promise<wire.DescribeGroupResponse> => {
      const d = await coordinator.describeGroup(req.groupId);
      return {
        groupId: d.groupId,
        state: d.state,
        groupEpoch: d.groupEpoch,
        coordinatorId: d.coordinatorId,
        members: d.members.map((m) => ({ ...m, assignment: toWireTopicPartitions(m.assignment) })),
        offsets: d.offsets.map((o) => ({
          topic: o.topic,
          partition: o.partition,
          committedOffset: o.committedOffset.toString(),
          highWatermark: o.highWatermark.toString(),
          lag: o.lag.toString(),
          memberId: o.memberId,
        })),
      };
    }),
    DeleteGroup: unary(async (req: wire.DeleteGroupRequest__Output): Promise<wire.DeleteGroupResponse> => {
      await coordinator.deleteGroup(req.groupId);
      return {};
    }),
    ResetOffsets: unary(async (req: wire.ResetOffsetsRequest__Output): Promise<wire.ResetOffsetsResponse> => {
      const out = await coordinator.resetOffsets({ groupId: req.groupId, topic: req.topic, partitions: req.partitions, to: toResetTarget(req) });
      return { offsets: out.map(toCommitted) };
    }),
  };
}

/** Registers GroupService on a gRPC server, served by `coordinator`. */
export function addGroupServices(server: Server, coordinator: GroupCoordinator): void {
  server.addService(tolerantService(loadEddyProto().proto.eddy.v1.GroupService.service), groupHandlers(coordinator));
}
