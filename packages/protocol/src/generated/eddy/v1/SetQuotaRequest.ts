// Original file: proto/eddy/v1/admin.proto

import type { Quota as _eddy_v1_Quota, Quota__Output as _eddy_v1_Quota__Output } from '../../eddy/v1/Quota.js';

export interface SetQuotaRequest {
  'quota'?: (_eddy_v1_Quota | null);
}

export interface SetQuotaRequest__Output {
  'quota': (_eddy_v1_Quota__Output | null);
}
