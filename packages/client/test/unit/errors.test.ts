import { EddyError, ERROR_TABLE } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { ClientClosedError, ClientErrorCode, EddyClientError, NoBrokersError } from '../../src/errors.js';

describe('client errors', () => {
  it('are EddyErrors with the flags of the error table, and still EddyClientErrors', () => {
    const closed = new ClientClosedError('consumer');
    expect(closed).toBeInstanceOf(EddyError);
    expect(closed).toBeInstanceOf(EddyClientError);
    expect(closed).toMatchObject({ name: 'ClientClosedError', code: 'CLIENT_CLOSED', retriable: false, refreshMetadata: false, details: {} });
    expect(closed.message).toBe('The consumer is closed; create a new one to continue.');

    const cause = new Error('refused');
    const none = new NoBrokersError(['a:1', 'b:2'], cause);
    expect(none).toBeInstanceOf(EddyError);
    expect(none).toMatchObject({ name: 'NoBrokersError', code: 'NO_BROKERS', retriable: true, cause });
    expect(ERROR_TABLE[none.code].retriable).toBe(true);
  });

  it('keep an explicit retriable flag', () => {
    const e = new EddyClientError(ClientErrorCode.CLIENT_CLOSED, 'x', { retriable: true });
    expect(e.retriable).toBe(true);
    expect(e.name).toBe('EddyClientError');
  });
});
