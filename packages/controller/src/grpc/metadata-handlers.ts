// MetadataService on a controller, from its local image (as storage nodes serve it from theirs).
import type { wire } from '@eddy/protocol';
import type { Controller } from '../service/controller.js';
import { unary } from '@eddy/protocol';

export function metadataHandlers(controller: Controller): wire.MetadataServiceHandlers {
  return {
    GetMetadata: unary((req: wire.GetMetadataRequest__Output) => controller.getMetadata(req)),
  };
}
