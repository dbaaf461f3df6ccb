import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  CorruptRecordError,
  ERROR_TABLE,
  EddyError,
  ErrorCode,
  NotLeaderError,
  UnknownServerError,
  errorFromCode,
  isErrorCode,
  toEddyError,
  toGrpcError,
} from '../../src/errors/index.js';

describe('error table', () => {
  it('has one entry per code, each with a message that says what to do', () => {
    for (const code of Object.values(ErrorCode)) {
      const spec = ERROR_TABLE[code];
      expect(spec.code).toBe(code);
      expect(spec.message.length, code).toBeGreaterThan(20);
    }
    expect(Object.keys(ERROR_TABLE).sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('builds a typed class per code, carrying retriable and the gRPC status', () => {
    for (const code of Object.values(ErrorCode)) {
      const err = errorFromCode(code, 'x');
      expect(err).toBeInstanceOf(EddyError);
      expect(err.code).toBe(code);
      expect(err.retriable).toBe(ERROR_TABLE[code].retriable);
      expect(err.grpcStatus).toBe(ERROR_TABLE[code].grpcStatus);
    }
    const e = new NotLeaderError(undefined, { details: { leaderId: 3 } });
    expect(e.name).toBe('NotLeaderError');
    expect(e.message).toBe(ERROR_TABLE.NOT_LEADER.message);
    expect(errorFromCode('NOT_LEADER')).toBeInstanceOf(NotLeaderError);
    expect(errorFromCode('CORRUPT_RECORD')).toBeInstanceOf(CorruptRecordError);
  });

  it('marks the docs/architecture.md §15 codes as the design says', () => {
    expect(ERROR_TABLE.NOT_LEADER).toMatchObject({ retriable: true, refreshMetadata: true });
    expect(ERROR_TABLE.CORRUPT_RECORD).toMatchObject({ retriable: false, grpcStatus: status.INVALID_ARGUMENT });
    expect(ERROR_TABLE.OFFSET_OUT_OF_RANGE).toMatchObject({ retriable: false, grpcStatus: status.OUT_OF_RANGE });
    expect(ERROR_TABLE.TIMEOUT.retriable).toBe(true);
    expect(ERROR_TABLE.UNAUTHORIZED.grpcStatus).toBe(status.PERMISSION_DENIED);
  });

  it('recognises codes', () => {
    expect(isErrorCode('NOT_LEADER')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });

  it('turns any thrown value into an EddyError in one place', () => {
    const notLeader = new NotLeaderError(undefined, { details: { leaderId: 2 } });
    expect(toEddyError(notLeader)).toBe(notLeader);
    // A gRPC status: by its eddy-error-code trailer, else by the transport status.
    const overWire = toGrpcError(new NotLeaderError('moved', { details: { leaderId: 4 } }));
    expect(toEddyError(overWire)).toMatchObject({ code: 'NOT_LEADER', message: 'moved', details: { leaderId: 4 } });
    expect(toEddyError({ code: status.DEADLINE_EXCEEDED, details: 'late' })).toMatchObject({ code: 'TIMEOUT', retriable: true });
    const boom = new TypeError('boom');
    const unknown = toEddyError(boom);
    expect(unknown).toBeInstanceOf(UnknownServerError);
    expect(unknown).toMatchObject({ code: 'UNKNOWN', message: 'internal error: boom', cause: boom });
    expect(toEddyError('nope')).toMatchObject({ code: 'UNKNOWN', message: 'internal error' });
    expect(toGrpcError(boom)).toMatchObject({ code: status.INTERNAL, details: 'internal error: boom' });
  });

  it('has the client-side codes, which no class here builds', () => {
    expect(ERROR_TABLE.CLIENT_CLOSED).toMatchObject({ retriable: false });
    expect(ERROR_TABLE.NO_BROKERS).toMatchObject({ retriable: true });
    const closed = errorFromCode('CLIENT_CLOSED');
    expect(closed.constructor).toBe(EddyError);
    expect(closed.message).toBe(ERROR_TABLE.CLIENT_CLOSED.message);
  });
});
