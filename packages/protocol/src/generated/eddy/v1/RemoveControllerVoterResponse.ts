// Original file: proto/eddy/v1/admin.proto

import type { ControllerInfo as _eddy_v1_ControllerInfo, ControllerInfo__Output as _eddy_v1_ControllerInfo__Output } from '../../eddy/v1/ControllerInfo.js';

export interface RemoveControllerVoterResponse {
  'controllers'?: (_eddy_v1_ControllerInfo)[];
}

export interface RemoveControllerVoterResponse__Output {
  'controllers': (_eddy_v1_ControllerInfo__Output)[];
}
