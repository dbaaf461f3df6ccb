// Original file: proto/eddy/v1/admin.proto

/**
 * What a configuration applies to.
 */
export const ConfigResourceType = {
  CONFIG_RESOURCE_TYPE_UNSPECIFIED: 'CONFIG_RESOURCE_TYPE_UNSPECIFIED',
  CONFIG_RESOURCE_TYPE_TOPIC: 'CONFIG_RESOURCE_TYPE_TOPIC',
  CONFIG_RESOURCE_TYPE_NODE: 'CONFIG_RESOURCE_TYPE_NODE',
} as const;

/**
 * What a configuration applies to.
 */
export type ConfigResourceType =
  | 'CONFIG_RESOURCE_TYPE_UNSPECIFIED'
  | 0
  | 'CONFIG_RESOURCE_TYPE_TOPIC'
  | 1
  | 'CONFIG_RESOURCE_TYPE_NODE'
  | 2

/**
 * What a configuration applies to.
 */
export type ConfigResourceType__Output = typeof ConfigResourceType[keyof typeof ConfigResourceType]
