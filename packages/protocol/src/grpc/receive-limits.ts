// Per-service receive limits (docs/architecture.md §21). One gRPC limit holds for
// a whole server, and produce requests need 64 MiB; every other request is
// small, yet a 64 MiB message of 2-byte empty sub-messages would decode into
// tens of millions of objects. So each method's deserializer checks the size
// first, and hands an oversized request on undecoded, as a marker the server's
// call guard refuses with a clear error.
import type { Server, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { MAX_MESSAGE_BYTES } from './message-size.js';

/** Largest request each method takes, by the longest matching path prefix. */
export const RECEIVE_LIMITS: readonly (readonly [prefix: string, bytes: number])[] = [
  ['/eddy.v1.ProduceService/', MAX_MESSAGE_BYTES],
  // Appends and 4 MiB snapshot chunks between nodes.
  ['/eddy.v1.RaftService/', MAX_MESSAGE_BYTES],
  ['', 4 * 1024 * 1024],
];

/** What a method's deserializer yields for a request over its limit. */
export class OversizedRequest {
  constructor(
    readonly path: string,
    readonly bytes: number,
    readonly limit: number,
  ) {}
}

export function receiveLimitOf(path: string): number {
  for (const [prefix, bytes] of RECEIVE_LIMITS) if (path.startsWith(prefix)) return bytes;
  return MAX_MESSAGE_BYTES;
}

/** The service with each method's deserializer bounded by its receive limit. */
export function withReceiveLimits(service: ServiceDefinition): ServiceDefinition {
  const out: Record<string, ServiceDefinition[string]> = {};
  for (const [name, method] of Object.entries(service)) {
    // Health and reflection keep gRPC's own limit: they have no repeated fields to blow up.
    if (!method.path.startsWith('/eddy.v1.')) {
      out[name] = method;
      continue;
    }
    const limit = receiveLimitOf(method.path);
    const decode = method.requestDeserialize;
    out[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer) => (bytes.length > limit ? new OversizedRequest(method.path, bytes.length, limit) : decode(bytes)),
    };
  }
  return out as ServiceDefinition;
}

/** Makes every service later added to the server bounded (see withReceiveLimits). */
export function boundServices(server: Server): void {
  const add = server.addService.bind(server);
  server.addService = (service: ServiceDefinition, implementation: UntypedServiceImplementation) => add(withReceiveLimits(service), implementation);
}
