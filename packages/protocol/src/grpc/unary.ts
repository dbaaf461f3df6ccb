// The one shape of every unary handler: translate, delegate, and turn a
// failure into a gRPC status with the Eddy code in trailers. Nothing a client
// sends can throw out of a handler and take the process down.
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { toGrpcError } from '../errors/index.js';

export interface UnaryOptions<Req = unknown> {
  /** Runs before `serve`; throw an EddyError to refuse the request (e.g. malformed bytes, a caller who may not). */
  check?: (request: Req, call: ServerUnaryCall<Req, unknown>) => void;
}

/** `serve` gets the call too, for what the request does not say (e.g. who sent it). */
export function unary<Req, Res>(serve: (request: Req, call: ServerUnaryCall<Req, Res>) => Promise<Res> | Res, options: UnaryOptions<Req> = {}) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    let result: Promise<Res>;
    try {
      options.check?.(call.request, call);
      result = Promise.resolve(serve(call.request, call));
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      (response) => callback(null, response),
      (err: unknown) => callback(toGrpcError(err)),
    );
  };
}
