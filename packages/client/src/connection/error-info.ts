// Per-item errors (ErrorInfo in one partition of a Fetch, one commit result)
// become the same typed errors as whole-request gRPC errors.
import { errorFromCode, isErrorCode, type EddyError, type ErrorDetails, type wire } from '@eddy/protocol';

/** The typed error for an ErrorInfo; unknown codes become UNKNOWN. */
export function errorFromInfo(info: wire.ErrorInfo__Output, topic?: string, partition?: number): EddyError {
  const details: ErrorDetails = {};
  if (topic !== undefined) details.topic = topic;
  if (partition !== undefined) details.partition = partition;
  if (info.code === 'NOT_LEADER' || info.code === 'NOT_CONTROLLER' || info.code === 'NOT_COORDINATOR') {
    if (info.leaderId >= 0) details.leaderId = info.leaderId;
    if (info.leaderAddress) details.leaderAddress = info.leaderAddress;
  }
  if (info.code === 'OFFSET_OUT_OF_RANGE') {
    details.logStartOffset = BigInt(info.logStartOffset || '0');
    details.logEndOffset = BigInt(info.logEndOffset || '0');
  }
  return errorFromCode(isErrorCode(info.code) ? info.code : 'UNKNOWN', info.message || undefined, { details });
}
