// Registers the data plane's gRPC services (ProduceService, FetchService) on
// a server, with deserializers that turn malformed bytes into INVALID_REQUEST.
import { loadEddyProto } from '@eddy/protocol';
import type { Server } from '@grpc/grpc-js';
import type { FetchService } from '../fetch/fetch-service.js';
import type { StorageMetrics } from '../metrics/storage-metrics.js';
import type { ReplicaManager } from '../partition/replica-manager.js';
import type { ProduceService } from '../produce/produce-service.js';
import { fetchHandlers } from './fetch-handlers.js';
import { tolerantService } from './malformed.js';
import { produceHandlers, type ProducerIdSource } from './produce-handlers.js';

export interface StorageServices {
  produce: ProduceService;
  fetch: FetchService;
  replicas: ReplicaManager;
  metrics?: StorageMetrics | undefined;
  producerIds?: ProducerIdSource | undefined;
}

export function addStorageServices(server: Server, services: StorageServices): void {
  const v1 = loadEddyProto().proto.eddy.v1;
  server.addService(tolerantService(v1.ProduceService.service), produceHandlers(services.produce, services.producerIds));
  server.addService(tolerantService(v1.FetchService.service), fetchHandlers(services.fetch, services.replicas, services.metrics));
}
