// MetadataService on a storage node: answered from its local copy of the
// metadata, so clients can bootstrap from any node.
import { getMetadata } from '@eddy/controller';
import { toGrpcError, type wire } from '@eddy/protocol';
import type { MetadataCatalog } from './metadata-catalog.js';

export function storageMetadataHandlers(catalog: MetadataCatalog, activeControllerId: () => number): wire.MetadataServiceHandlers {
  return {
    GetMetadata: (call, callback) => {
      try {
        callback(null, getMetadata(catalog.image, call.request, activeControllerId()));
      } catch (err) {
        callback(toGrpcError(err));
      }
    },
  };
}
