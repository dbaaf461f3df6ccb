// Per-item errors on the wire: an ErrorInfo message (one partition of a Fetch,
// one request on a ProduceStream, one commit result) carries the Eddy code and
// the details a client acts on, where a gRPC status would fail the whole call.
import type * as wire from '../generated/index.js';
import type { EddyError } from './eddy-error.js';

/** The ErrorInfo message for an error (details absent on the error are sent as their defaults). */
export function toErrorInfo(err: EddyError): wire.ErrorInfo {
  const d = err.details;
  return {
    code: err.code,
    message: err.message,
    retriable: err.retriable,
    leaderId: d.leaderId ?? -1,
    leaderAddress: d.leaderAddress ?? '',
    logStartOffset: d.logStartOffset !== undefined ? d.logStartOffset.toString() : '0',
    logEndOffset: d.logEndOffset !== undefined ? d.logEndOffset.toString() : '0',
  };
}
