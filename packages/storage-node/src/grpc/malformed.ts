// Requests whose bytes are not a valid protobuf message. grpc-js would answer
// them with a bare INTERNAL status before any handler runs; wrapping the
// deserializer lets the handler answer INVALID_REQUEST with the Eddy code in
// trailers, like every other bad input.
import type { ServiceDefinition } from '@grpc/grpc-js';

const MALFORMED = Symbol('eddy.malformed-request');

export interface MalformedRequest {
  readonly [MALFORMED]: string;
}

export function isMalformed(request: unknown): request is MalformedRequest {
  return typeof request === 'object' && request !== null && MALFORMED in request;
}

export function malformedReason(request: MalformedRequest): string {
  return request[MALFORMED];
}

/** A copy of `service` whose request deserializers never throw. */
export function tolerantService<S extends ServiceDefinition>(service: S): S {
  const out: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(service)) {
    out[name] = {
      ...method,
      requestDeserialize: (bytes: Buffer): unknown => {
        try {
          return method.requestDeserialize(bytes);
        } catch (err) {
          return { [MALFORMED]: err instanceof Error ? err.message : String(err) };
        }
      },
    };
  }
  return out as S;
}
