// Client-side errors, shaped like @eddy/protocol's typed errors (a `code`, a
// `retriable` flag, `refreshMetadata`, `details`, a `cause`) so callers can treat
// every error the same way. Server errors are always the protocol's classes.
import type { ErrorDetails } from '@eddy/protocol';

/** Codes of errors raised by the client itself rather than a server. */
export const ClientErrorCode = {
  CLIENT_CLOSED: 'CLIENT_CLOSED',
  NO_BROKERS: 'NO_BROKERS',
  BUFFER_FULL: 'BUFFER_FULL',
} as const;

/** One of {@link ClientErrorCode}. */
export type ClientErrorCode = (typeof ClientErrorCode)[keyof typeof ClientErrorCode];

/** Base of the client's own errors. */
export class EddyClientError extends Error {
  readonly code: ClientErrorCode;
  readonly retriable: boolean;
  readonly refreshMetadata = false;
  readonly details: ErrorDetails = {};
  constructor(code: ClientErrorCode, message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'EddyClientError';
    this.code = code;
    this.retriable = options.retriable ?? false;
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
