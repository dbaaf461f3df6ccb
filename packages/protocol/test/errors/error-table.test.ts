import { status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import {
  CorruptRecordError,
  ERROR_TABLE,
  EddyError,
  ErrorCode,
  NotLeaderError,
  errorFromCode,
  isErrorCode,
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
});
