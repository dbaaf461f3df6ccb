// Original file: proto/eddy/v1/admin.proto

/**
 * Where a configuration value comes from.
 */
export const ConfigSource = {
  CONFIG_SOURCE_UNSPECIFIED: 'CONFIG_SOURCE_UNSPECIFIED',
  CONFIG_SOURCE_DEFAULT: 'CONFIG_SOURCE_DEFAULT',
  CONFIG_SOURCE_TOPIC: 'CONFIG_SOURCE_TOPIC',
  CONFIG_SOURCE_NODE: 'CONFIG_SOURCE_NODE',
} as const;

/**
 * Where a configuration value comes from.
 */
export type ConfigSource =
  | 'CONFIG_SOURCE_UNSPECIFIED'
  | 0
  | 'CONFIG_SOURCE_DEFAULT'
  | 1
  | 'CONFIG_SOURCE_TOPIC'
  | 2
  | 'CONFIG_SOURCE_NODE'
  | 3

/**
 * Where a configuration value comes from.
 */
export type ConfigSource__Output = typeof ConfigSource[keyof typeof ConfigSource]
