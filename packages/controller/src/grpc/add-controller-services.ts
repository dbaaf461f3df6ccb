// Registers the controller's gRPC services on a server (normally one made by
// @eddy/protocol's createEddyServer, which adds health and reflection).
import { loadEddyProto } from '@eddy/protocol';
import type { Server } from '@grpc/grpc-js';
import type { Controller } from '../service/controller.js';
import { adminHandlers } from './admin-handlers.js';
import { controllerHandlers } from './controller-handlers.js';
import { metadataHandlers } from './metadata-handlers.js';

export function addControllerServices(server: Server, controller: Controller, options: { metadataService?: boolean } = {}): void {
  const v1 = loadEddyProto().proto.eddy.v1;
  server.addService(v1.AdminService.service, adminHandlers(controller));
  server.addService(v1.ControllerService.service, controllerHandlers(controller));
  // In a combined process the storage node may serve MetadataService itself.
  if (options.metadataService !== false) server.addService(v1.MetadataService.service, metadataHandlers(controller));
}
