// The one error table (docs/architecture.md §15): every error a user can see has a code, a
// gRPC status, a retriable flag and a default message that says what was
// wrong and what to do. Clients decide on retries from this data, never from
// message text. The last codes are raised by a client itself and never sent
// by a server (@eddy/client's EddyClientError).
import { status as GrpcStatus } from '@grpc/grpc-js';

export const ErrorCode = {
  UNKNOWN: 'UNKNOWN',
  UNKNOWN_TOPIC: 'UNKNOWN_TOPIC',
  UNKNOWN_PARTITION: 'UNKNOWN_PARTITION',
  TOPIC_ALREADY_EXISTS: 'TOPIC_ALREADY_EXISTS',
  NOT_LEADER: 'NOT_LEADER',
  NOT_CONTROLLER: 'NOT_CONTROLLER',
  NOT_COORDINATOR: 'NOT_COORDINATOR',
  LEADER_NOT_AVAILABLE: 'LEADER_NOT_AVAILABLE',
  OFFSET_OUT_OF_RANGE: 'OFFSET_OUT_OF_RANGE',
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  INVALID_TOPIC_NAME: 'INVALID_TOPIC_NAME',
  INVALID_PARTITIONS: 'INVALID_PARTITIONS',
  INVALID_REPLICATION_FACTOR: 'INVALID_REPLICATION_FACTOR',
  INVALID_CONFIG: 'INVALID_CONFIG',
  INVALID_REQUEST: 'INVALID_REQUEST',
  NOT_ENOUGH_REPLICAS: 'NOT_ENOUGH_REPLICAS',
  CORRUPT_RECORD: 'CORRUPT_RECORD',
  UNSUPPORTED_COMPRESSION: 'UNSUPPORTED_COMPRESSION',
  DUPLICATE_SEQUENCE: 'DUPLICATE_SEQUENCE',
  OUT_OF_ORDER_SEQUENCE: 'OUT_OF_ORDER_SEQUENCE',
  INVALID_PRODUCER_EPOCH: 'INVALID_PRODUCER_EPOCH',
  UNKNOWN_PRODUCER_ID: 'UNKNOWN_PRODUCER_ID',
  FENCED: 'FENCED',
  STALE_NODE_EPOCH: 'STALE_NODE_EPOCH',
  UNKNOWN_MEMBER: 'UNKNOWN_MEMBER',
  GROUP_NOT_EMPTY: 'GROUP_NOT_EMPTY',
  UNKNOWN_GROUP: 'UNKNOWN_GROUP',
  TIMEOUT: 'TIMEOUT',
  UNAVAILABLE: 'UNAVAILABLE',
  UNAUTHORIZED: 'UNAUTHORIZED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  UNKNOWN_USER: 'UNKNOWN_USER',
  USER_ALREADY_EXISTS: 'USER_ALREADY_EXISTS',
  INVALID_REPLICA_ASSIGNMENT: 'INVALID_REPLICA_ASSIGNMENT',
  UNKNOWN_NODE: 'UNKNOWN_NODE',
  STORAGE_FULL: 'STORAGE_FULL',
  CLIENT_CLOSED: 'CLIENT_CLOSED',
  NO_BROKERS: 'NO_BROKERS',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Codes a client raises itself; no server sends them. */
export const CLIENT_SIDE_ERROR_CODES = ['CLIENT_CLOSED', 'NO_BROKERS'] as const satisfies readonly ErrorCode[];
/** One of {@link CLIENT_SIDE_ERROR_CODES}. */
export type ClientSideErrorCode = (typeof CLIENT_SIDE_ERROR_CODES)[number];

export interface ErrorSpec {
  readonly code: ErrorCode;
  /** The gRPC status a server answers with for this code. */
  readonly grpcStatus: GrpcStatus;
  /** Whether the same request may succeed if sent again (possibly elsewhere, after a metadata refresh). */
  readonly retriable: boolean;
  /** Whether a client should refresh its metadata before retrying. */
  readonly refreshMetadata: boolean;
  /** Default message: what was wrong and what to do. Servers usually add specifics. */
  readonly message: string;
}

function spec(
  code: ErrorCode,
  grpcStatus: GrpcStatus,
  retriable: boolean,
  message: string,
  refreshMetadata = false,
): ErrorSpec {
  return { code, grpcStatus, retriable, refreshMetadata, message };
}

export const ERROR_TABLE: Readonly<Record<ErrorCode, ErrorSpec>> = {
  UNKNOWN: spec('UNKNOWN', GrpcStatus.INTERNAL, false, 'An unexpected server error occurred; check the server log.'),
  UNKNOWN_TOPIC: spec('UNKNOWN_TOPIC', GrpcStatus.NOT_FOUND, true, 'The topic does not exist; create it first (eddy topic create) or check the name.', true),
  UNKNOWN_PARTITION: spec('UNKNOWN_PARTITION', GrpcStatus.NOT_FOUND, false, 'The partition does not exist; partitions are numbered from 0 to the topic\'s partition count minus one.', true),
  TOPIC_ALREADY_EXISTS: spec('TOPIC_ALREADY_EXISTS', GrpcStatus.ALREADY_EXISTS, false, 'A topic with this name already exists; choose another name or use the existing topic.'),
  NOT_LEADER: spec('NOT_LEADER', GrpcStatus.FAILED_PRECONDITION, true, 'This node is not the leader of the partition; send the request to the leader named in the error.', true),
  NOT_CONTROLLER: spec('NOT_CONTROLLER', GrpcStatus.FAILED_PRECONDITION, true, 'This node is not the active controller; send the request to the active controller named in the error.', true),
  NOT_COORDINATOR: spec('NOT_COORDINATOR', GrpcStatus.FAILED_PRECONDITION, true, 'This node is not the group\'s coordinator; find the coordinator again and retry.', true),
  LEADER_NOT_AVAILABLE: spec('LEADER_NOT_AVAILABLE', GrpcStatus.UNAVAILABLE, true, 'The partition has no leader right now (an election is in progress); retry shortly.', true),
  OFFSET_OUT_OF_RANGE: spec('OFFSET_OUT_OF_RANGE', GrpcStatus.OUT_OF_RANGE, false, 'The offset is outside the partition\'s log; read from an offset between the log start and end offsets given in the error.'),
  MESSAGE_TOO_LARGE: spec('MESSAGE_TOO_LARGE', GrpcStatus.INVALID_ARGUMENT, false, 'The record batch is larger than the topic\'s max.message.bytes; send smaller batches or raise the limit.'),
  INVALID_TOPIC_NAME: spec('INVALID_TOPIC_NAME', GrpcStatus.INVALID_ARGUMENT, false, 'Topic names are 1 to 249 characters of [a-zA-Z0-9._-], not "." or "..", and may not start with "__" (reserved).'),
  INVALID_PARTITIONS: spec('INVALID_PARTITIONS', GrpcStatus.INVALID_ARGUMENT, false, 'The partition count is out of range.'),
  INVALID_REPLICATION_FACTOR: spec('INVALID_REPLICATION_FACTOR', GrpcStatus.INVALID_ARGUMENT, false, 'The replication factor is out of range.'),
  INVALID_CONFIG: spec('INVALID_CONFIG', GrpcStatus.INVALID_ARGUMENT, false, 'A configuration key is unknown or its value is invalid.'),
  INVALID_REQUEST: spec('INVALID_REQUEST', GrpcStatus.INVALID_ARGUMENT, false, 'The request is malformed.'),
  NOT_ENOUGH_REPLICAS: spec('NOT_ENOUGH_REPLICAS', GrpcStatus.FAILED_PRECONDITION, true, 'Fewer nodes are live than the replication factor requires; start more nodes or lower the replication factor.'),
  CORRUPT_RECORD: spec('CORRUPT_RECORD', GrpcStatus.INVALID_ARGUMENT, false, 'The record batch is corrupt (bad CRC, length or encoding); the producer should re-encode and resend it.'),
  UNSUPPORTED_COMPRESSION: spec('UNSUPPORTED_COMPRESSION', GrpcStatus.INVALID_ARGUMENT, false, 'The record batch uses a compression codec Eddy does not support; use none, gzip, lz4 or zstd.'),
  DUPLICATE_SEQUENCE: spec('DUPLICATE_SEQUENCE', GrpcStatus.ALREADY_EXISTS, false, 'The batch\'s producer sequence numbers overlap ones already written, so it was not written again; unless this producer sent it before, its outcome is unknown.'),
  OUT_OF_ORDER_SEQUENCE: spec('OUT_OF_ORDER_SEQUENCE', GrpcStatus.FAILED_PRECONDITION, false, 'The producer sequence number is out of order: an earlier batch is missing; the producer must resend from the first unacknowledged batch.'),
  INVALID_PRODUCER_EPOCH: spec('INVALID_PRODUCER_EPOCH', GrpcStatus.FAILED_PRECONDITION, false, 'The producer epoch is older than the latest one seen; a newer producer instance has taken over.'),
  UNKNOWN_PRODUCER_ID: spec('UNKNOWN_PRODUCER_ID', GrpcStatus.FAILED_PRECONDITION, false, 'The producer id is unknown; obtain a new producer id and resend.'),
  FENCED: spec('FENCED', GrpcStatus.FAILED_PRECONDITION, false, 'This node or member was fenced by the controller; it must rejoin with a new epoch.'),
  STALE_NODE_EPOCH: spec('STALE_NODE_EPOCH', GrpcStatus.FAILED_PRECONDITION, false, 'A newer incarnation of this node is registered; stop this stale process.'),
  UNKNOWN_MEMBER: spec('UNKNOWN_MEMBER', GrpcStatus.NOT_FOUND, true, 'The group member is unknown (its session expired); rejoin the group.'),
  GROUP_NOT_EMPTY: spec('GROUP_NOT_EMPTY', GrpcStatus.FAILED_PRECONDITION, false, 'The group has active members; stop its consumers first.'),
  UNKNOWN_GROUP: spec('UNKNOWN_GROUP', GrpcStatus.NOT_FOUND, false, 'The consumer group does not exist.'),
  TIMEOUT: spec('TIMEOUT', GrpcStatus.DEADLINE_EXCEEDED, true, 'The request timed out; the outcome may be unknown. Retry (idempotent producers do not duplicate).'),
  UNAVAILABLE: spec('UNAVAILABLE', GrpcStatus.UNAVAILABLE, true, 'The node cannot serve the request right now (starting, shutting down or without a quorum); retry shortly.', true),
  UNAUTHORIZED: spec('UNAUTHORIZED', GrpcStatus.PERMISSION_DENIED, false, 'The client is not authorized for this operation.'),
  UNAUTHENTICATED: spec('UNAUTHENTICATED', GrpcStatus.UNAUTHENTICATED, false, 'The caller could not be authenticated: connect over TLS with a client certificate signed by the cluster CA, or with a user and password (--user, EDDY_PASSWORD).'),
  UNKNOWN_USER: spec('UNKNOWN_USER', GrpcStatus.NOT_FOUND, false, 'The user does not exist (or has no credential for this mechanism); check the name (eddy user list).'),
  USER_ALREADY_EXISTS: spec('USER_ALREADY_EXISTS', GrpcStatus.ALREADY_EXISTS, false, 'The user already has a credential for this mechanism; delete it first (eddy user delete) to set a new password.'),
  INVALID_REPLICA_ASSIGNMENT: spec('INVALID_REPLICA_ASSIGNMENT', GrpcStatus.INVALID_ARGUMENT, false, 'The replica list is not valid for this partition: name distinct, registered storage nodes that are not decommissioning, as many as the replication factor needs.'),
  UNKNOWN_NODE: spec('UNKNOWN_NODE', GrpcStatus.NOT_FOUND, false, 'No node with this id ever registered with the cluster; list nodes with eddy node list.'),
  STORAGE_FULL: spec(
    'STORAGE_FULL',
    GrpcStatus.RESOURCE_EXHAUSTED,
    true,
    'The node leading this partition is out of disk space (free space below its --storage-min-free-bytes), so it accepts no new records; reads still work. Free space on its data volume (lower retention, delete unused topics) or grow the volume: writes resume by themselves, and leadership moves to a replica on a node with space when there is one.',
    true,
  ),
  CLIENT_CLOSED: spec('CLIENT_CLOSED', GrpcStatus.CANCELLED, false, 'The client, producer or consumer was closed; create a new one to continue.'),
  NO_BROKERS: spec('NO_BROKERS', GrpcStatus.UNAVAILABLE, true, 'No Eddy node answered; check the bootstrap addresses and that the cluster is up.'),
};

export function errorSpec(code: ErrorCode): ErrorSpec {
  return ERROR_TABLE[code];
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_TABLE, value);
}
