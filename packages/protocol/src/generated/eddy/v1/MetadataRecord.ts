// Original file: proto/eddy/v1/cluster.proto

import type { NodeRegisteredRecord as _eddy_v1_NodeRegisteredRecord, NodeRegisteredRecord__Output as _eddy_v1_NodeRegisteredRecord__Output } from '../../eddy/v1/NodeRegisteredRecord.js';
import type { NodeFencedRecord as _eddy_v1_NodeFencedRecord, NodeFencedRecord__Output as _eddy_v1_NodeFencedRecord__Output } from '../../eddy/v1/NodeFencedRecord.js';
import type { NodeUnfencedRecord as _eddy_v1_NodeUnfencedRecord, NodeUnfencedRecord__Output as _eddy_v1_NodeUnfencedRecord__Output } from '../../eddy/v1/NodeUnfencedRecord.js';
import type { TopicCreatedRecord as _eddy_v1_TopicCreatedRecord, TopicCreatedRecord__Output as _eddy_v1_TopicCreatedRecord__Output } from '../../eddy/v1/TopicCreatedRecord.js';
import type { TopicDeletedRecord as _eddy_v1_TopicDeletedRecord, TopicDeletedRecord__Output as _eddy_v1_TopicDeletedRecord__Output } from '../../eddy/v1/TopicDeletedRecord.js';
import type { PartitionRecord as _eddy_v1_PartitionRecord, PartitionRecord__Output as _eddy_v1_PartitionRecord__Output } from '../../eddy/v1/PartitionRecord.js';
import type { PartitionLeaderRecord as _eddy_v1_PartitionLeaderRecord, PartitionLeaderRecord__Output as _eddy_v1_PartitionLeaderRecord__Output } from '../../eddy/v1/PartitionLeaderRecord.js';
import type { ConfigRecord as _eddy_v1_ConfigRecord, ConfigRecord__Output as _eddy_v1_ConfigRecord__Output } from '../../eddy/v1/ConfigRecord.js';
import type { ProducerIdsRecord as _eddy_v1_ProducerIdsRecord, ProducerIdsRecord__Output as _eddy_v1_ProducerIdsRecord__Output } from '../../eddy/v1/ProducerIdsRecord.js';
import type { ClusterIdRecord as _eddy_v1_ClusterIdRecord, ClusterIdRecord__Output as _eddy_v1_ClusterIdRecord__Output } from '../../eddy/v1/ClusterIdRecord.js';
import type { ScramCredentialRecord as _eddy_v1_ScramCredentialRecord, ScramCredentialRecord__Output as _eddy_v1_ScramCredentialRecord__Output } from '../../eddy/v1/ScramCredentialRecord.js';
import type { ScramCredentialRemovedRecord as _eddy_v1_ScramCredentialRemovedRecord, ScramCredentialRemovedRecord__Output as _eddy_v1_ScramCredentialRemovedRecord__Output } from '../../eddy/v1/ScramCredentialRemovedRecord.js';
import type { AclAddedRecord as _eddy_v1_AclAddedRecord, AclAddedRecord__Output as _eddy_v1_AclAddedRecord__Output } from '../../eddy/v1/AclAddedRecord.js';
import type { AclRemovedRecord as _eddy_v1_AclRemovedRecord, AclRemovedRecord__Output as _eddy_v1_AclRemovedRecord__Output } from '../../eddy/v1/AclRemovedRecord.js';
import type { QuotaRecord as _eddy_v1_QuotaRecord, QuotaRecord__Output as _eddy_v1_QuotaRecord__Output } from '../../eddy/v1/QuotaRecord.js';
import type { QuotaRemovedRecord as _eddy_v1_QuotaRemovedRecord, QuotaRemovedRecord__Output as _eddy_v1_QuotaRemovedRecord__Output } from '../../eddy/v1/QuotaRemovedRecord.js';
import type { NodeDecommissionRecord as _eddy_v1_NodeDecommissionRecord, NodeDecommissionRecord__Output as _eddy_v1_NodeDecommissionRecord__Output } from '../../eddy/v1/NodeDecommissionRecord.js';
import type { ControllerRegistrationRecord as _eddy_v1_ControllerRegistrationRecord, ControllerRegistrationRecord__Output as _eddy_v1_ControllerRegistrationRecord__Output } from '../../eddy/v1/ControllerRegistrationRecord.js';

/**
 * One record of the controller's Raft log: the cluster metadata is these, applied in order.
 */
export interface MetadataRecord {
  'nodeRegistered'?: (_eddy_v1_NodeRegisteredRecord | null);
  'nodeFenced'?: (_eddy_v1_NodeFencedRecord | null);
  'nodeUnfenced'?: (_eddy_v1_NodeUnfencedRecord | null);
  'topicCreated'?: (_eddy_v1_TopicCreatedRecord | null);
  'topicDeleted'?: (_eddy_v1_TopicDeletedRecord | null);
  'partition'?: (_eddy_v1_PartitionRecord | null);
  'partitionLeader'?: (_eddy_v1_PartitionLeaderRecord | null);
  'config'?: (_eddy_v1_ConfigRecord | null);
  'producerIds'?: (_eddy_v1_ProducerIdsRecord | null);
  'clusterId'?: (_eddy_v1_ClusterIdRecord | null);
  'scramCredential'?: (_eddy_v1_ScramCredentialRecord | null);
  'scramCredentialRemoved'?: (_eddy_v1_ScramCredentialRemovedRecord | null);
  'aclAdded'?: (_eddy_v1_AclAddedRecord | null);
  'aclRemoved'?: (_eddy_v1_AclRemovedRecord | null);
  'quota'?: (_eddy_v1_QuotaRecord | null);
  'quotaRemoved'?: (_eddy_v1_QuotaRemovedRecord | null);
  'nodeDecommission'?: (_eddy_v1_NodeDecommissionRecord | null);
  'controllerRegistration'?: (_eddy_v1_ControllerRegistrationRecord | null);
  'record'?: "nodeRegistered"|"nodeFenced"|"nodeUnfenced"|"topicCreated"|"topicDeleted"|"partition"|"partitionLeader"|"config"|"producerIds"|"clusterId"|"scramCredential"|"scramCredentialRemoved"|"aclAdded"|"aclRemoved"|"quota"|"quotaRemoved"|"nodeDecommission"|"controllerRegistration";
}

/**
 * One record of the controller's Raft log: the cluster metadata is these, applied in order.
 */
export interface MetadataRecord__Output {
  'nodeRegistered'?: (_eddy_v1_NodeRegisteredRecord__Output | null);
  'nodeFenced'?: (_eddy_v1_NodeFencedRecord__Output | null);
  'nodeUnfenced'?: (_eddy_v1_NodeUnfencedRecord__Output | null);
  'topicCreated'?: (_eddy_v1_TopicCreatedRecord__Output | null);
  'topicDeleted'?: (_eddy_v1_TopicDeletedRecord__Output | null);
  'partition'?: (_eddy_v1_PartitionRecord__Output | null);
  'partitionLeader'?: (_eddy_v1_PartitionLeaderRecord__Output | null);
  'config'?: (_eddy_v1_ConfigRecord__Output | null);
  'producerIds'?: (_eddy_v1_ProducerIdsRecord__Output | null);
  'clusterId'?: (_eddy_v1_ClusterIdRecord__Output | null);
  'scramCredential'?: (_eddy_v1_ScramCredentialRecord__Output | null);
  'scramCredentialRemoved'?: (_eddy_v1_ScramCredentialRemovedRecord__Output | null);
  'aclAdded'?: (_eddy_v1_AclAddedRecord__Output | null);
  'aclRemoved'?: (_eddy_v1_AclRemovedRecord__Output | null);
  'quota'?: (_eddy_v1_QuotaRecord__Output | null);
  'quotaRemoved'?: (_eddy_v1_QuotaRemovedRecord__Output | null);
  'nodeDecommission'?: (_eddy_v1_NodeDecommissionRecord__Output | null);
  'controllerRegistration'?: (_eddy_v1_ControllerRegistrationRecord__Output | null);
  'record'?: "nodeRegistered"|"nodeFenced"|"nodeUnfenced"|"topicCreated"|"topicDeleted"|"partition"|"partitionLeader"|"config"|"producerIds"|"clusterId"|"scramCredential"|"scramCredentialRemoved"|"aclAdded"|"aclRemoved"|"quota"|"quotaRemoved"|"nodeDecommission"|"controllerRegistration";
}
