// Original file: proto/eddy/v1/admin.proto

/**
 * How a binding's resource name matches.
 */
export const AclPatternType = {
  ACL_PATTERN_TYPE_UNSPECIFIED: 'ACL_PATTERN_TYPE_UNSPECIFIED',
  /**
   * The name exactly; "*" matches every resource of the type.
   */
  ACL_PATTERN_TYPE_LITERAL: 'ACL_PATTERN_TYPE_LITERAL',
  /**
   * Every resource whose name starts with the name.
   */
  ACL_PATTERN_TYPE_PREFIXED: 'ACL_PATTERN_TYPE_PREFIXED',
} as const;

/**
 * How a binding's resource name matches.
 */
export type AclPatternType =
  | 'ACL_PATTERN_TYPE_UNSPECIFIED'
  | 0
  /**
   * The name exactly; "*" matches every resource of the type.
   */
  | 'ACL_PATTERN_TYPE_LITERAL'
  | 1
  /**
   * Every resource whose name starts with the name.
   */
  | 'ACL_PATTERN_TYPE_PREFIXED'
  | 2

/**
 * How a binding's resource name matches.
 */
export type AclPatternType__Output = typeof AclPatternType[keyof typeof AclPatternType]
