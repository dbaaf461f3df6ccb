// Typed errors shared by servers and clients. One class per code is derived
// from the error table, so `err instanceof NotLeaderError` and
// `err.code === 'NOT_LEADER'` agree, and retry decisions read `retriable`.
import { ERROR_TABLE, type ClientSideErrorCode, type ErrorCode, type ErrorSpec } from './error-codes.js';

/** Structured details some errors carry (leader hints, offset bounds). */
export interface ErrorDetails {
  /** NOT_LEADER / NOT_CONTROLLER / NOT_COORDINATOR: the node believed to lead, if known. */
  leaderId?: number;
  leaderAddress?: string;
  /** OFFSET_OUT_OF_RANGE: the valid range is [logStartOffset, logEndOffset]. */
  logStartOffset?: bigint;
  logEndOffset?: bigint;
  topic?: string;
  partition?: number;
  /** INVALID_CONFIG: the offending key. */
  field?: string;
}

export interface EddyErrorOptions {
  details?: ErrorDetails;
  cause?: unknown;
}

export class EddyError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly refreshMetadata: boolean;
  readonly details: ErrorDetails;

  constructor(code: ErrorCode, message?: string, options: EddyErrorOptions = {}) {
    const spec: ErrorSpec = ERROR_TABLE[code];
    super(message ?? spec.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = classNameFor(code);
    this.code = code;
    this.retriable = spec.retriable;
    this.refreshMetadata = spec.refreshMetadata;
    this.details = options.details ?? {};
  }

  get grpcStatus(): number {
    return ERROR_TABLE[this.code].grpcStatus;
  }
}

function classNameFor(code: ErrorCode): string {
  return (
    code
      .toLowerCase()
      .split('_')
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('') + 'Error'
  );
}

type ErrorClass<C extends ErrorCode = ErrorCode> = new (message?: string, options?: EddyErrorOptions) => EddyError & { readonly code: C };

function defineError<C extends ErrorCode>(code: C): ErrorClass<C> {
  const cls = class extends EddyError {
    constructor(message?: string, options?: EddyErrorOptions) {
      super(code, message, options);
    }
  };
  Object.defineProperty(cls, 'name', { value: classNameFor(code) });
  return cls as unknown as ErrorClass<C>;
}

export const UnknownServerError = defineError('UNKNOWN');
export type UnknownServerError = InstanceType<typeof UnknownServerError>;
export const UnknownTopicError = defineError('UNKNOWN_TOPIC');
export type UnknownTopicError = InstanceType<typeof UnknownTopicError>;
export const UnknownPartitionError = defineError('UNKNOWN_PARTITION');
export type UnknownPartitionError = InstanceType<typeof UnknownPartitionError>;
export const TopicAlreadyExistsError = defineError('TOPIC_ALREADY_EXISTS');
export type TopicAlreadyExistsError = InstanceType<typeof TopicAlreadyExistsError>;
export const NotLeaderError = defineError('NOT_LEADER');
export type NotLeaderError = InstanceType<typeof NotLeaderError>;
export const NotControllerError = defineError('NOT_CONTROLLER');
export type NotControllerError = InstanceType<typeof NotControllerError>;
export const NotCoordinatorError = defineError('NOT_COORDINATOR');
export type NotCoordinatorError = InstanceType<typeof NotCoordinatorError>;
export const LeaderNotAvailableError = defineError('LEADER_NOT_AVAILABLE');
export type LeaderNotAvailableError = InstanceType<typeof LeaderNotAvailableError>;
export const OffsetOutOfRangeError = defineError('OFFSET_OUT_OF_RANGE');
export type OffsetOutOfRangeError = InstanceType<typeof OffsetOutOfRangeError>;
export const MessageTooLargeError = defineError('MESSAGE_TOO_LARGE');
export type MessageTooLargeError = InstanceType<typeof MessageTooLargeError>;
export const InvalidTopicNameError = defineError('INVALID_TOPIC_NAME');
export type InvalidTopicNameError = InstanceType<typeof InvalidTopicNameError>;
export const InvalidPartitionsError = defineError('INVALID_PARTITIONS');
export type InvalidPartitionsError = InstanceType<typeof InvalidPartitionsError>;
export const InvalidReplicationFactorError = defineError('INVALID_REPLICATION_FACTOR');
export type InvalidReplicationFactorError = InstanceType<typeof InvalidReplicationFactorError>;
export const InvalidConfigError = defineError('INVALID_CONFIG');
export type InvalidConfigError = InstanceType<typeof InvalidConfigError>;
export const InvalidRequestError = defineError('INVALID_REQUEST');
export type InvalidRequestError = InstanceType<typeof InvalidRequestError>;
export const NotEnoughReplicasError = defineError('NOT_ENOUGH_REPLICAS');
export type NotEnoughReplicasError = InstanceType<typeof NotEnoughReplicasError>;
export const CorruptRecordError = defineError('CORRUPT_RECORD');
export type CorruptRecordError = InstanceType<typeof CorruptRecordError>;
export const UnsupportedCompressionError = defineError('UNSUPPORTED_COMPRESSION');
export type UnsupportedCompressionError = InstanceType<typeof UnsupportedCompressionError>;
export const DuplicateSequenceError = defineError('DUPLICATE_SEQUENCE');
export type DuplicateSequenceError = InstanceType<typeof DuplicateSequenceError>;
export const OutOfOrderSequenceError = defineError('OUT_OF_ORDER_SEQUENCE');
export type OutOfOrderSequenceError = InstanceType<typeof OutOfOrderSequenceError>;
export const InvalidProducerEpochError = defineError('INVALID_PRODUCER_EPOCH');
export type InvalidProducerEpochError = InstanceType<typeof InvalidProducerEpochError>;
export const UnknownProducerIdError = defineError('UNKNOWN_PRODUCER_ID');
export type UnknownProducerIdError = InstanceType<typeof UnknownProducerIdError>;
export const FencedError = defineError('FENCED');
export type FencedError = InstanceType<typeof FencedError>;
export const StaleNodeEpochError = defineError('STALE_NODE_EPOCH');
export type StaleNodeEpochError = InstanceType<typeof StaleNodeEpochError>;
export const UnknownMemberError = defineError('UNKNOWN_MEMBER');
export type UnknownMemberError = InstanceType<typeof UnknownMemberError>;
export const GroupNotEmptyError = defineError('GROUP_NOT_EMPTY');
export type GroupNotEmptyError = InstanceType<typeof GroupNotEmptyError>;
export const UnknownGroupError = defineError('UNKNOWN_GROUP');
export type UnknownGroupError = InstanceType<typeof UnknownGroupError>;
export const TimeoutError = defineError('TIMEOUT');
export type TimeoutError = InstanceType<typeof TimeoutError>;
export const UnavailableError = defineError('UNAVAILABLE');
export type UnavailableError = InstanceType<typeof UnavailableError>;
export const UnauthorizedError = defineError('UNAUTHORIZED');
export type UnauthorizedError = InstanceType<typeof UnauthorizedError>;
export const UnauthenticatedError = defineError('UNAUTHENTICATED');
export type UnauthenticatedError = InstanceType<typeof UnauthenticatedError>;
export const UnknownUserError = defineError('UNKNOWN_USER');
export type UnknownUserError = InstanceType<typeof UnknownUserError>;
export const UserAlreadyExistsError = defineError('USER_ALREADY_EXISTS');
export type UserAlreadyExistsError = InstanceType<typeof UserAlreadyExistsError>;
export const InvalidReplicaAssignmentError = defineError('INVALID_REPLICA_ASSIGNMENT');
export type InvalidReplicaAssignmentError = InstanceType<typeof InvalidReplicaAssignmentError>;
export const UnknownNodeError = defineError('UNKNOWN_NODE');
export type UnknownNodeError = InstanceType<typeof UnknownNodeError>;
export const StorageFullError = defineError('STORAGE_FULL');
export type StorageFullError = InstanceType<typeof StorageFullError>;

// Client-side codes have their classes in @eddy/client (EddyClientError).
const CLASSES: { [C in Exclude<ErrorCode, ClientSideErrorCode>]: ErrorClass<C> } = {
  UNKNOWN: UnknownServerError,
  UNKNOWN_TOPIC: UnknownTopicError,
  UNKNOWN_PARTITION: UnknownPartitionError,
  TOPIC_ALREADY_EXISTS: TopicAlreadyExistsError,
  NOT_LEADER: NotLeaderError,
  NOT_CONTROLLER: NotControllerError,
  NOT_COORDINATOR: NotCoordinatorError,
  LEADER_NOT_AVAILABLE: LeaderNotAvailableError,
  OFFSET_OUT_OF_RANGE: OffsetOutOfRangeError,
  MESSAGE_TOO_LARGE: MessageTooLargeError,
  INVALID_TOPIC_NAME: InvalidTopicNameError,
  INVALID_PARTITIONS: InvalidPartitionsError,
  INVALID_REPLICATION_FACTOR: InvalidReplicationFactorError,
  INVALID_CONFIG: InvalidConfigError,
  INVALID_REQUEST: InvalidRequestError,
  NOT_ENOUGH_REPLICAS: NotEnoughReplicasError,
  CORRUPT_RECORD: CorruptRecordError,
  UNSUPPORTED_COMPRESSION: UnsupportedCompressionError,
  DUPLICATE_SEQUENCE: DuplicateSequenceError,
  OUT_OF_ORDER_SEQUENCE: OutOfOrderSequenceError,
  INVALID_PRODUCER_EPOCH: InvalidProducerEpochError,
  UNKNOWN_PRODUCER_ID: UnknownProducerIdError,
  FENCED: FencedError,
  STALE_NODE_EPOCH: StaleNodeEpochError,
  UNKNOWN_MEMBER: UnknownMemberError,
  GROUP_NOT_EMPTY: GroupNotEmptyError,
  UNKNOWN_GROUP: UnknownGroupError,
  TIMEOUT: TimeoutError,
  UNAVAILABLE: UnavailableError,
  UNAUTHORIZED: UnauthorizedError,
  UNAUTHENTICATED: UnauthenticatedError,
  UNKNOWN_USER: UnknownUserError,
  USER_ALREADY_EXISTS: UserAlreadyExistsError,
  INVALID_REPLICA_ASSIGNMENT: InvalidReplicaAssignmentError,
  UNKNOWN_NODE: UnknownNodeError,
  STORAGE_FULL: StorageFullError,
};

/** Builds the typed error for a code (used when decoding errors off the wire). */
export function errorFromCode(code: ErrorCode, message?: string, options?: EddyErrorOptions): EddyError {
  if (!Object.hasOwn(CLASSES, code)) return new EddyError(code, message, options);
  const cls: ErrorClass = CLASSES[code as keyof typeof CLASSES];
  return new cls(message, options);
}
