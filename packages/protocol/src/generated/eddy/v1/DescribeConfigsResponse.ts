// Original file: proto/eddy/v1/admin.proto

import type { ConfigEntry as _eddy_v1_ConfigEntry, ConfigEntry__Output as _eddy_v1_ConfigEntry__Output } from '../../eddy/v1/ConfigEntry.js';

export interface DescribeConfigsResponse {
  'entries'?: (_eddy_v1_ConfigEntry)[];
}

export interface DescribeConfigsResponse__Output {
  'entries': (_eddy_v1_ConfigEntry__Output)[];
}
