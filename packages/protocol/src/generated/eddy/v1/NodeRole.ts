// Original file: proto/eddy/v1/metadata.proto

/**
 * What a node process does.
 */
export const NodeRole = {
  NODE_ROLE_UNSPECIFIED: 'NODE_ROLE_UNSPECIFIED',
  NODE_ROLE_CONTROLLER: 'NODE_ROLE_CONTROLLER',
  NODE_ROLE_STORAGE: 'NODE_ROLE_STORAGE',
} as const;

/**
 * What a node process does.
 */
export type NodeRole =
  | 'NODE_ROLE_UNSPECIFIED'
  | 0
  | 'NODE_ROLE_CONTROLLER'
  | 1
  | 'NODE_ROLE_STORAGE'
  | 2

/**
 * What a node process does.
 */
export type NodeRole__Output = typeof NodeRole[keyof typeof NodeRole]
