// What every Eddy gRPC server has besides its own services: the standard
// health service (grpc.health.v1) and server reflection, so grpcurl, grpc_cli,
// Kubernetes gRPC probes and other languages' tooling can find their way.
import { Server, ServerCredentials, type ServerOptions } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { HealthImplementation, type ServingStatus } from 'grpc-health-check';
import { loadEddyProto } from './loader.js';

/** Message size limits shared by servers and clients: a fetch of many batches can be large. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export const DEFAULT_SERVER_OPTIONS: ServerOptions = {
  'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
  'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_permit_without_calls': 1,
};

export interface EddyServer {
  server: Server;
  health: HealthImplementation;
  /** Marks the whole server (service ""), which is what probes ask about. */
  setServing(status: ServingStatus): void;
}

/**
 * A gRPC server with health (starting NOT_SERVING until setServing('SERVING'))
 * and reflection over the whole Eddy contract.
 */
export function createEddyServer(options: ServerOptions = {}): EddyServer {
  const server = new Server({ ...DEFAULT_SERVER_OPTIONS, ...options });
  const health = new HealthImplementation({ '': 'NOT_SERVING' });
  health.addToServer(server);
  new ReflectionService(loadEddyProto().definition).addToServer(server);
  return { server, health, setServing: (status) => health.setStatus('', status) };
}

/** Binds to host:port (port 0 picks a free one) and resolves with the bound port. */
export function bindServer(server: Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port)));
  });
}
