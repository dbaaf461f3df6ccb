// Original file: proto/eddy/v1/cluster.proto

import type { Quota as _eddy_v1_Quota, Quota__Output as _eddy_v1_Quota__Output } from '../../eddy/v1/Quota.js';

/**
 * A principal's quotas, replacing earlier ones (absent: no limit).
 */
export interface QuotaRecord {
  'quota'?: (_eddy_v1_Quota | null);
}

/**
 * A principal's quotas, replacing earlier ones (absent: no limit).
 */
export interface QuotaRecord__Output {
  'quota': (_eddy_v1_Quota__Output | null);
}
