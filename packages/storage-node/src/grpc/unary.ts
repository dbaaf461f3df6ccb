// The one shape of the data plane's unary handlers: translate, delegate, and
// turn a failure into a gRPC status with the Eddy code in trailers. Nothing a
// client sends can throw out of a handler and take the process down.
import { InvalidRequestError, toGrpcError } from '@eddy/protocol';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { isMalformed, malformedReason } from './malformed.js';

export function unary<Req, Res>(serve: (request: Req) => Promise<Res> | Res) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    let result: Promise<Res>;
    try {
      const request: unknown = call.request;
      if (isMalformed(request)) throw new InvalidRequestError(`the request is not a valid protobuf message: ${malformedReason(request)}`);
      result = Promise.resolve(serve(call.request));
    } catch (err) {
      result = Promise.reject(err);
    }
    result.then(
      (response) => callback(null, response),
      (err: unknown) => callback(toGrpcError(err)),
    );
  };
}
