// ControllerService: what storage nodes call. WatchMetadata is a server
// stream any controller serves from its own image; the rest need the active
// controller.
//
// With node certificates (TLS), a caller is the node its certificate names:
// every node id it claims must be that one, and only nodes may watch the
// metadata (it holds users' salted credentials). Without TLS a caller is
// whoever it says it is (docs/security.md).
import { InvalidRequestError, UnauthenticatedError, UnauthorizedError, toGrpcError, type CallWithAuth, type wire } from '@eddy/protocol';
import type { ServerUnaryCall, ServerWritableStream } from '@grpc/grpc-js';
import type { Controller } from '../service/controller.js';
import { unary } from '@eddy/protocol';

export interface ControllerHandlersOptions {
  /** The node a caller's certificate names (undefined: none). Unset: callers are not authenticated (plaintext). */
  callerNodeId?: (call: CallWithAuth) => number | undefined;
}

export function controllerHandlers(controller: Controller, options: ControllerHandlersOptions = {}): wire.ControllerServiceHandlers {
  const { callerNodeId } = options;
  // The request's node_id must be the caller's own.
  const sameNode = { check: (req: { nodeId: number }, call: ServerUnaryCall<unknown, unknown>) => checkCaller(callerNodeId, call, req.nodeId) };
  return {
    RegisterNode: unary((req: wire.RegisterNodeRequest__Output) => controller.registerNode(req), sameNode),
    NodeHeartbeat: unary((req: wire.NodeHeartbeatRequest__Output) => controller.nodeHeartbeat(req), sameNode),
    ReportLeaders: unary((req: wire.ReportLeadersRequest__Output) => controller.reportLeaders(req), sameNode),
    AllocateProducerIds: unary((req: wire.AllocateProducerIdsRequest__Output) => controller.allocateProducerIds(req), sameNode),
    WatchMetadata: (call: ServerWritableStream<wire.WatchMetadataRequest__Output, wire.WatchMetadataResponse>) => {
      try {
        checkCaller(callerNodeId, call, undefined);
      } catch (err) {
        call.emit('error', toGrpcError(err));
        return;
      }
      const from = Number(call.request.fromVersion);
      if (!Number.isSafeInteger(from) || from < 0) {
        call.emit('error', toGrpcError(new InvalidRequestError(`from_version "${call.request.fromVersion}" is invalid; send 0 or the version you hold`)));
        return;
      }
      // A slow reader buffers in the stream; storage nodes read continuously, and
      // the image is small next to partition data.
      const unsubscribe = controller.watchMetadata(from, (event) => {
        if (call.cancelled || call.destroyed) throw new Error('stream closed');
        call.write(event);
      });
      const stop = (): void => {
        unsubscribe();
      };
      call.on('cancelled', stop);
      call.on('close', stop);
      call.on('error', stop);
    },
  };
}

/** Refuses a caller that is no node, or (with claimed) a different node than it claims to be. */
function checkCaller(callerNodeId: ControllerHandlersOptions['callerNodeId'], call: CallWithAuth, claimed: number | undefined): void {
  if (!callerNodeId) return;
  const caller = callerNodeId(call);
  if (caller === undefined) throw new UnauthenticatedError('ControllerService serves Eddy nodes only: present a node certificate (DNS SAN eddy-node-<id>) signed by the cluster CA');
  if (claimed !== undefined && claimed !== caller) throw new UnauthorizedError(`node ${caller} may not speak for node ${claimed}: a node's certificate names the only node id it may use`);
}
