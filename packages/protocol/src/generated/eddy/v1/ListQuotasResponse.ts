// Original file: proto/eddy/v1/admin.proto

import type { Quota as _eddy_v1_Quota, Quota__Output as _eddy_v1_Quota__Output } from '../../eddy/v1/Quota.js';

export interface ListQuotasResponse {
  'quotas'?: (_eddy_v1_Quota)[];
}

export interface ListQuotasResponse__Output {
  'quotas': (_eddy_v1_Quota__Output)[];
}
