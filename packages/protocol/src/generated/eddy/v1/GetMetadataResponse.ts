// Original file: proto/eddy/v1/metadata.proto

import type { NodeInfo as _eddy_v1_NodeInfo, NodeInfo__Output as _eddy_v1_NodeInfo__Output } from '../../eddy/v1/NodeInfo.js';
import type { TopicMetadata as _eddy_v1_TopicMetadata, TopicMetadata__Output as _eddy_v1_TopicMetadata__Output } from '../../eddy/v1/TopicMetadata.js';
import type { Long } from '@grpc/proto-loader';

export interface GetMetadataResponse {
  'clusterId'?: (string);
  /**
   * Version of the metadata image this answer was built from; it only grows.
   */
  'metadataVersion'?: (number | string | Long);
  'nodes'?: (_eddy_v1_NodeInfo)[];
  'topics'?: (_eddy_v1_TopicMetadata)[];
  /**
   * The active controller's node id, or -1 when unknown.
   */
  'controllerId'?: (number);
}

export interface GetMetadataResponse__Output {
  'clusterId': (string);
  /**
   * Version of the metadata image this answer was built from; it only grows.
   */
  'metadataVersion': (string);
  'nodes': (_eddy_v1_NodeInfo__Output)[];
  'topics': (_eddy_v1_TopicMetadata__Output)[];
  /**
   * The active controller's node id, or -1 when unknown.
   */
  'controllerId': (number);
}
