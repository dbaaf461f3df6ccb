// What every Eddy gRPC server has besides its own services: the standard
// health service (grpc.health.v1) and server reflection, so grpcurl, grpc_cli,
// Kubernetes gRPC probes and other languages' tooling can find their way.
// A process has two (docs/architecture.md §21): the client listener serves the
// public services, and reflects only those; the internal listener serves what
// nodes say to each other.
import { Server, ServerCredentials, type ServerOptions } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { loadEddyProto } from './loader.js';
import { boundServices } from './receive-limits.js';

import { MAX_MESSAGE_BYTES } from './message-size.js';

export { MAX_MESSAGE_BYTES, NODE_RECONNECT_BACKOFF } from './message-size.js';

/** Streams one connection may have open at once (HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS). */
export const MAX_CONCURRENT_STREAMS = 1000;

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_concurrent_streams': MAX_CONCURRENT_STREAMS,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_permit_without_calls': 1,
};

/** Services on the client listener: what applications, the CLI and other languages call. */
export const PUBLIC_SERVICES = ['eddy.v1.MetadataService', 'eddy.v1.ProduceService', 'eddy.v1.FetchService', 'eddy.v1.GroupService', 'eddy.v1.AdminService'] as const;

/**
 * Services on the internal listener: Raft and the controller's node protocol,
 * never on the client port; plus AdminService, for calls other nodes forward
 * to the active controller.
 */
export const INTERNAL_SERVICES = ['eddy.v1.RaftService', 'eddy.v1.ControllerService', 'eddy.v1.AdminService'] as const;

export type Listener = 'client' | 'internal';

export interface EddyServer {
  server: Server;
  health: HealthImplementation;
  /** Marks the whole server (service ""), which is what probes ask about. */
  setServing(status: ServingStatus): void;
}

/**
 * A gRPC server with health (starting NOT_SERVING until setServing('SERVING'))
 * and reflection over the services of its listener (default: client).
 */
export function createEddyServer(options: ServerOptions = {}, listener: Listener = 'client'): EddyServer {
  const server = new Server({ ...DEFAULT_SERVER_OPTIONS, ...options });
  // Each service's requests are bounded by its own limit (receive-limits.ts).
  boundServices(server);
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  health.addToServer(server);
  const services = listener === 'client' ? PUBLIC_SERVICES : INTERNAL_SERVICES;
  new ReflectionService(loadEddyProto().definition, { services: [...services] }).addToServer(server);
  return { server, health, setServing: (status) => health.setStatus('', status) };
}

/** Binds to host:port (port 0 picks a free one) and resolves with the bound port. Plaintext unless credentials say otherwise. */
export function bindServer(server: Server, address: string, credentials: ServerCredentials = ServerCredentials.createInsecure()): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (err, port) => (err ? reject(err) : resolve(port)));
  });
}
