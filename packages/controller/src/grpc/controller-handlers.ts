// ControllerService: what storage nodes call. WatchMetadata is a server
// stream any controller serves from its own image; the rest need the active
// controller.
import { InvalidRequestError, toGrpcError, type wire } from '@eddy/protocol';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Controller } from '../service/controller.js';
import { unary } from '@eddy/protocol';

export function controllerHandlers(controller: Controller): wire.ControllerServiceHandlers {
  return {
    RegisterNode: unary((req: wire.RegisterNodeRequest__Output) => controller.registerNode(req)),
    NodeHeartbeat: unary((req: wire.NodeHeartbeatRequest__Output) => controller.nodeHeartbeat(req)),
    ReportLeaders: unary((req: wire.ReportLeadersRequest__Output) => controller.reportLeaders(req)),
    AllocateProducerIds: unary((req: wire.AllocateProducerIdsRequest__Output) => controller.allocateProducerIds(req)),
    WatchMetadata: (call: ServerWritableStream<wire.WatchMetadataRequest__Output, wire.WatchMetadataResponse>) => {
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
