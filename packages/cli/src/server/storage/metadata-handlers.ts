// MetadataService on a storage node: answered from its local copy of the
// metadata, so clients can bootstrap from any node.
import { getMetadata } from '@eddy/controller';
import { unary, type wire } from '@eddy/protocol';
import type { MetadataCatalog } from './metadata-catalog.js';

export function storageMetadataHandlers(catalog: MetadataCatalog, activeControllerId: () => number): wire.MetadataServiceHandlers {
  return {
    GetMetadata: unary((req: wire.GetMetadataRequest__Output) => getMetadata(catalog.image, req, activeControllerId())),
  };
}
