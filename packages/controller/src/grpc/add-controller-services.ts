// Registers the controller's gRPC services on a server (normally one made by
// @eddy/protocol's createEddyServer, which adds health and reflection).
import { loadEddyProto } from '@eddy/protocol';
import type { Server } from '@grpc/grpc-js';
import type { Controller } from '../service/controller.js';
import type { AdminForwarder } from './admin-forwarder.js';
import { adminHandlers } from './admin-handlers.js';
import { controllerHandlers } from './controller-handlers.js';
import { metadataHandlers } from './metadata-handlers.js';

export interface ControllerServicesOptions {
  /** False when the storage node of a combined process serves MetadataService itself. */
  metadataService?: boolean;
  /** Forwards AdminService calls to the active controller; without it a controller that is not active answers NOT_CONTROLLER. */
  forwarder?: AdminForwarder;
}

export function addControllerServices(server: Server, controller: Controller, options: ControllerServicesOptions = {}): void {
  const v1 = loadEddyProto().proto.eddy.v1;
  server.addService(v1.AdminService.service, adminHandlers(controller, options.forwarder));
  server.addService(v1.ControllerService.service, controllerHandlers(controller));
  if (options.metadataService !== false) server.addService(v1.MetadataService.service, metadataHandlers(controller));
}
