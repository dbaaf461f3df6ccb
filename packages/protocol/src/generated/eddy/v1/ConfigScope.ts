// Original file: proto/eddy/v1/cluster.proto

/**
 * What a ConfigRecord applies to.
 */
export const ConfigScope = {
  CONFIG_SCOPE_UNSPECIFIED: 'CONFIG_SCOPE_UNSPECIFIED',
  CONFIG_SCOPE_TOPIC: 'CONFIG_SCOPE_TOPIC',
  CONFIG_SCOPE_NODE: 'CONFIG_SCOPE_NODE',
} as const;

/**
 * What a ConfigRecord applies to.
 */
export type ConfigScope =
  | 'CONFIG_SCOPE_UNSPECIFIED'
  | 0
  | 'CONFIG_SCOPE_TOPIC'
  | 1
  | 'CONFIG_SCOPE_NODE'
  | 2

/**
 * What a ConfigRecord applies to.
 */
export type ConfigScope__Output = typeof ConfigScope[keyof typeof ConfigScope]
