// The data plane's unary handlers: @eddy/protocol's one handler shape, plus a
// clear INVALID_REQUEST for bytes that did not decode as the request message.
import { InvalidRequestError, unary as protocolUnary } from '@eddy/protocol';
import { isMalformed, malformedReason } from './malformed.js';

function rejectMalformed(request: unknown): void {
  if (isMalformed(request)) throw new InvalidRequestError(`the request is not a valid protobuf message: ${malformedReason(request)}`);
}

export function unary<Req, Res>(serve: (request: Req) => Promise<Res> | Res) {
  return protocolUnary(serve, { check: rejectMalformed });
}
