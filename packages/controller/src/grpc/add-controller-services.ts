// Registers the controller's gRPC services on a server (normally one made by
// @eddy/protocol's createEddyServer, which adds health and reflection).
import { loadEddyProto } from '@eddy/protocol';
import type { Server } from '@grpc/grpc-js';
import type { Controller } from '../service/controller.js';
import type { AdminForwarder } from './admin-forwarder.js';
import { adminHandlers } from './admin-handlers.js';
import { controllerHandlers, type ControllerHandlersOptions } from './controller-handlers.js';
import { metadataHandlers } from './metadata-handlers.js';

export interface ControllerServicesOptions {
  /** False when the storage node of a combined process serves MetadataService itself. */
  metadataService?: boolean;
  /** Forwards AdminService calls to the active controller; without it a controller that is not active answers NOT_CONTROLLER. */
  forwarder?: AdminForwarder;
  /**
   * The internal listener (docs/architecture.md §21): ControllerService, and
   * AdminService for calls other nodes forward. Default: `server` serves all.
   */
  internalServer?: Server;
  /** With node certificates: the node a caller's certificate names. */
  callerNodeId?: ControllerHandlersOptions['callerNodeId'];
}

export function addControllerServices(server: Server, controller: Controller, options: ControllerServicesOptions = {}): void {
  const v1 = loadEddyProto().proto.eddy.v1;
  const internal = options.internalServer ?? server;
  const admin = adminHandlers(controller, options.forwarder);
  server.addService(v1.AdminService.service, admin);
  if (internal !== server) internal.addService(v1.AdminService.service, admin);
  internal.addService(v1.ControllerService.service, controllerHandlers(controller, { callerNodeId: options.callerNodeId }));
  if (options.metadataService !== false) server.addService(v1.MetadataService.service, metadataHandlers(controller));
}
