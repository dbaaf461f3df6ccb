// Client-side errors: EddyErrors (in @eddy/protocol's error table, as codes
// no server sends) raised by the client itself, so callers treat every error
// the same way (`code`, `retriable`, `refreshMetadata`, `details`, `cause`)
// and `err instanceof EddyError` holds for all of them. Server errors are
// always the protocol's classes.
import { EddyError } from '@eddy/protocol';

/** Codes of errors raised by the client itself rather than a server. */
export const ClientErrorCode = {
  CLIENT_CLOSED: 'CLIENT_CLOSED',
  NO_BROKERS: 'NO_BROKERS',
} as const;

/** One of {@link ClientErrorCode}. */
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** Base of the client's own errors. */
export class EddyClientError extends EddyError {
  declare readonly code: ClientErrorCode;
  /** `retriable` defaults to the error table's flag for the code. */
  constructor(code: ClientErrorCode, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(code, message, options.cause === undefined ? {} : { cause: options.cause });
    this.name = 'EddyClientError';
    if (options.retriable !== undefined && options.retriable !== this.retriable) {
      Object.defineProperty(this, 'retriable', { value: options.retriable, enumerable: true });
    }
  }
}

/** The client, producer or consumer was closed; the operation cannot proceed. */
export class ClientClosedError extends EddyClientError {
  constructor(what = 'client') {
    super(ClientErrorCode.CLIENT_CLOSED, `The ${what} is closed; create a new one to continue.`);
    this.name = 'ClientClosedError';
  }
}

/** No bootstrap node answered. */
export class NoBrokersError extends EddyClientError {
  constructor(addresses: readonly string[], cause?: unknown) {
    super(ClientErrorCode.NO_BROKERS, `No Eddy node answered at ${addresses.join(', ')}; check the bootstrap addresses and that the cluster is up.`, { retriable: true, cause });
    this.name = 'NoBrokersError';
  }
}
