// Minimal typed gRPC calls for cluster tests that speak the wire API directly.
import * as grpc from '@grpc/grpc-js';
import { fromGrpcError, loadEddyProto, type EddyProto } from '@eddy/protocol';

type V1 = EddyProto['eddy']['v1'];
type ServiceName = { [K in keyof V1]: V1[K] extends { service: unknown } ? K : never }[keyof V1];

export function client<S extends ServiceName>(service: S, address: string, credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure()): InstanceType<V1[S]> {
  const ctor = loadEddyProto().proto.eddy.v1[service] as unknown as new (a: string, c: grpc.ChannelCredentials) => InstanceType<V1[S]>;
  return new ctor(address, credentials);
}

/** Calls a unary method; rejects with the typed EddyError. */
export function call<Res>(c: grpc.Client, method: string, request: object, timeoutMs = 10_000): Promise<Res> {
  return new Promise((resolve, reject) => {
    const fn = (c as unknown as Record<string, (r: object, o: grpc.CallOptions, cb: (e: grpc.ServiceError | null, v: Res) => void) => void>)[method];
    if (!fn) throw new Error(`no method ${method}`);
    fn.call(c, request, { deadline: Date.now() + timeoutMs }, (err, value) => (err ? reject(fromGrpcError(err)) : resolve(value)));
  });
}
