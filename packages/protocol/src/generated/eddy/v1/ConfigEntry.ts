// Original file: proto/eddy/v1/admin.proto

import type { ConfigSource as _eddy_v1_ConfigSource, ConfigSource__Output as _eddy_v1_ConfigSource__Output } from '../../eddy/v1/ConfigSource.js';

export interface ConfigEntry {
  'name'?: (string);
  'value'?: (string);
  /**
   * Where the value comes from.
   */
  'source'?: (_eddy_v1_ConfigSource);
  'readOnly'?: (boolean);
  'documentation'?: (string);
}

export interface ConfigEntry__Output {
  'name': (string);
  'value': (string);
  /**
   * Where the value comes from.
   */
  'source': (_eddy_v1_ConfigSource__Output);
  'readOnly': (boolean);
  'documentation': (string);
}
