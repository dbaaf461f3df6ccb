// Original file: proto/eddy/v1/admin.proto

export const AclPermission = {
  ACL_PERMISSION_UNSPECIFIED: 'ACL_PERMISSION_UNSPECIFIED',
  ACL_PERMISSION_ALLOW: 'ACL_PERMISSION_ALLOW',
  /**
   * A matching deny wins over any allow.
   */
  ACL_PERMISSION_DENY: 'ACL_PERMISSION_DENY',
} as const;

export type AclPermission =
  | 'ACL_PERMISSION_UNSPECIFIED'
  | 0
  | 'ACL_PERMISSION_ALLOW'
  | 1
  /**
   * A matching deny wins over any allow.
   */
  | 'ACL_PERMISSION_DENY'
  | 2

export type AclPermission__Output = typeof AclPermission[keyof typeof AclPermission]
