// Original file: proto/eddy/v1/cluster.proto

import type { MetadataImage as _eddy_v1_MetadataImage, MetadataImage__Output as _eddy_v1_MetadataImage__Output } from '../../eddy/v1/MetadataImage.js';
import type { MetadataDelta as _eddy_v1_MetadataDelta, MetadataDelta__Output as _eddy_v1_MetadataDelta__Output } from '../../eddy/v1/MetadataDelta.js';

export interface WatchMetadataResponse {
  /**
   * The whole image at a version.
   */
  'image'?: (_eddy_v1_MetadataImage | null);
  /**
   * Committed changes since the previous event.
   */
  'delta'?: (_eddy_v1_MetadataDelta | null);
  'event'?: "image"|"delta";
}

export interface WatchMetadataResponse__Output {
  /**
   * The whole image at a version.
   */
  'image'?: (_eddy_v1_MetadataImage__Output | null);
  /**
   * Committed changes since the previous event.
   */
  'delta'?: (_eddy_v1_MetadataDelta__Output | null);
  'event'?: "image"|"delta";
}
