// Original file: proto/eddy/v1/cluster.proto

import type { ConfigScope as _eddy_v1_ConfigScope, ConfigScope__Output as _eddy_v1_ConfigScope__Output } from '../../eddy/v1/ConfigScope.js';

/**
 * A config set (value present) or deleted (value absent) on a topic or node.
 */
export interface ConfigRecord {
  'scope'?: (_eddy_v1_ConfigScope);
  /**
   * Topic id, or node id as a decimal string.
   */
  'resource'?: (string);
  'key'?: (string);
  'value'?: (string);
  '_value'?: "value";
}

/**
 * A config set (value present) or deleted (value absent) on a topic or node.
 */
export interface ConfigRecord__Output {
  'scope': (_eddy_v1_ConfigScope__Output);
  /**
   * Topic id, or node id as a decimal string.
   */
  'resource': (string);
  'key': (string);
  'value'?: (string);
  '_value'?: "value";
}
