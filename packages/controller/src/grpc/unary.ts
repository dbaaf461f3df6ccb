// The one shape of every unary handler: translate, delegate, and turn a
// failure into a gRPC status with the Eddy code in trailers. Nothing a client
// sends can throw out of a handler and take the process down.
import { toGrpcError } from '@eddy/protocol';
import type { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';

export function unary<Req, Res>(serve: (request: Req) => Promise<Res> | Res) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    let result: Promise<Res>;
    try {
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
