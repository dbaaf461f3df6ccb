// Original file: proto/eddy/v1/admin.proto

import type { UserInfo as _eddy_v1_UserInfo, UserInfo__Output as _eddy_v1_UserInfo__Output } from '../../eddy/v1/UserInfo.js';

export interface ListUsersResponse {
  'users'?: (_eddy_v1_UserInfo)[];
}

export interface ListUsersResponse__Output {
  'users': (_eddy_v1_UserInfo__Output)[];
}
