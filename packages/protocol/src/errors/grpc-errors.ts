// Errors across gRPC: a server turns an EddyError into a gRPC status whose
// trailing metadata carries the Eddy code and details; a client turns it back.
// Any gRPC client (any language) can read `eddy-error-code` from trailers.
import { Metadata, status as GrpcStatus, type ServiceError } from '@grpc/grpc-js';
import { isErrorCode, type ErrorCode } from './error-codes.js';
import { EddyError, errorFromCode, type ErrorDetails } from './eddy-error.js';

export const ERROR_CODE_KEY = 'eddy-error-code';
const DETAIL_KEYS = {
  leaderId: 'eddy-leader-id',
  leaderAddress: 'eddy-leader-address',
  logStartOffset: 'eddy-log-start-offset',
  logEndOffset: 'eddy-log-end-offset',
  topic: 'eddy-topic',
  partition: 'eddy-partition',
  field: 'eddy-field',
} as const satisfies Record<keyof ErrorDetails, string>;

export interface GrpcErrorPayload {
  code: number;
  details: string;
  metadata: Metadata;
}

/**
 * Any thrown value as an EddyError — the one place unknown errors are
 * normalised, for servers and clients alike: an EddyError as it is; a gRPC
 * status (an object with a numeric `code`) by its `eddy-error-code` trailer or
 * its transport status (see {@link fromGrpcError}); anything else UNKNOWN
 * ("internal error: …"), with the value as `cause`.
 */
export function toEddyError(err: unknown): EddyError {
  if (err instanceof EddyError) return err;
  if (typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number') return fromGrpcError(err as Partial<ServiceError>);
  return errorFromCode('UNKNOWN', err instanceof Error ? `internal error: ${err.message}` : 'internal error', { cause: err });
}

/** Converts any thrown value into what a gRPC handler passes to its callback. Unknown errors become INTERNAL. */
export function toGrpcError(err: unknown): GrpcErrorPayload {
  const e = toEddyError(err);
  const metadata = new Metadata();
  metadata.set(ERROR_CODE_KEY, e.code);
  const d = e.details;
  for (const [key, header] of Object.entries(DETAIL_KEYS) as [keyof ErrorDetails, string][]) {
    const value = d[key];
    if (value !== undefined) metadata.set(header, String(value));
  }
  return { code: e.grpcStatus, details: e.message, metadata };
}

/** Converts a gRPC error received by a client into a typed EddyError. */
export function fromGrpcError(err: Partial<ServiceError> & { code?: number; details?: string }): EddyError {
  const md = err.metadata;
  const raw = md?.get(ERROR_CODE_KEY)[0];
  const text = err.details ?? err.message ?? 'gRPC error';
  if (typeof raw === 'string' && isErrorCode(raw)) {
    const details: ErrorDetails = {};
    const get = (k: string): string | undefined => {
      const v = md?.get(k)[0];
      return typeof v === 'string' ? v : undefined;
    };
    const leaderId = get(DETAIL_KEYS.leaderId);
    if (leaderId !== undefined) details.leaderId = Number(leaderId);
    const leaderAddress = get(DETAIL_KEYS.leaderAddress);
    if (leaderAddress !== undefined) details.leaderAddress = leaderAddress;
    const start = get(DETAIL_KEYS.logStartOffset);
    if (start !== undefined) details.logStartOffset = BigInt(start);
    const end = get(DETAIL_KEYS.logEndOffset);
    if (end !== undefined) details.logEndOffset = BigInt(end);
    const topic = get(DETAIL_KEYS.topic);
    if (topic !== undefined) details.topic = topic;
    const partition = get(DETAIL_KEYS.partition);
    if (partition !== undefined) details.partition = Number(partition);
    const field = get(DETAIL_KEYS.field);
    if (field !== undefined) details.field = field;
    return errorFromCode(raw, text, { details, cause: err });
  }
  return errorFromCode(codeForTransportStatus(err.code), text, { cause: err });
}

/** A status with no Eddy code came from the transport (connection refused, deadline) or a non-Eddy server. */
function codeForTransportStatus(code: number | undefined): ErrorCode {
  switch (code) {
    case GrpcStatus.DEADLINE_EXCEEDED:
      return 'TIMEOUT';
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.CANCELLED:
      return 'UNAVAILABLE';
    case GrpcStatus.INVALID_ARGUMENT:
      return 'INVALID_REQUEST';
    case GrpcStatus.PERMISSION_DENIED:
      return 'UNAUTHORIZED';
    case GrpcStatus.UNAUTHENTICATED:
      return 'UNAUTHENTICATED';
    default:
      return 'UNKNOWN';
  }
}
