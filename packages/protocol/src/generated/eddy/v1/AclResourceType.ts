// Original file: proto/eddy/v1/admin.proto

/**
 * Kafka's ACL resource types.
 */
export const AclResourceType = {
  ACL_RESOURCE_TYPE_UNSPECIFIED: 'ACL_RESOURCE_TYPE_UNSPECIFIED',
  ACL_RESOURCE_TYPE_TOPIC: 'ACL_RESOURCE_TYPE_TOPIC',
  ACL_RESOURCE_TYPE_GROUP: 'ACL_RESOURCE_TYPE_GROUP',
  /**
   * The one cluster resource, named "eddy-cluster".
   */
  ACL_RESOURCE_TYPE_CLUSTER: 'ACL_RESOURCE_TYPE_CLUSTER',
  ACL_RESOURCE_TYPE_TRANSACTIONAL_ID: 'ACL_RESOURCE_TYPE_TRANSACTIONAL_ID',
} as const;

/**
 * Kafka's ACL resource types.
 */
export type AclResourceType =
  | 'ACL_RESOURCE_TYPE_UNSPECIFIED'
  | 0
  | 'ACL_RESOURCE_TYPE_TOPIC'
  | 1
  | 'ACL_RESOURCE_TYPE_GROUP'
  | 2
  /**
   * The one cluster resource, named "eddy-cluster".
   */
  | 'ACL_RESOURCE_TYPE_CLUSTER'
  | 3
  | 'ACL_RESOURCE_TYPE_TRANSACTIONAL_ID'
  | 4

/**
 * Kafka's ACL resource types.
 */
export type AclResourceType__Output = typeof AclResourceType[keyof typeof AclResourceType]
