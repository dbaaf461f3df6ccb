// Documented limits on the cluster's shape. They protect the controller (one
// create request cannot build a million-partition image) and storage nodes
// (docs/architecture.md §6 targets 10,000 partition replicas per node), and keep
// the security records (users, ACLs, quotas) from growing the image without bound.
export const LIMITS = {
  /** Most partitions one topic may have. */
  maxPartitionsPerTopic: 10_000,
  /** Most partitions the whole cluster may hold (the benchmark image is 100,000). */
  maxPartitionsPerCluster: 200_000,
  /** Kafka's limit: 249 characters leaves room for "-<partition>" in file names. */
  maxTopicNameLength: 249,
  /** Most SCRAM users the metadata image holds (each has at most one credential per mechanism). */
  maxUsers: 10_000,
  /** Most ACL bindings the metadata image holds. */
  maxAcls: 100_000,
  /** Most principals with quotas. */
  maxQuotas: 10_000,
  /** Most bindings or filters one CreateAcls / DeleteAcls request may carry. */
  maxAclsPerRequest: 1_000,
  /** Most partitions one AlterPartitionReassignments request may name. */
  maxReassignmentsPerRequest: 10_000,
  /** Most replicas a reassignment may give one partition (the CLI's replication-factor cap). */
  maxReplicasPerPartition: 15,
} as const;
