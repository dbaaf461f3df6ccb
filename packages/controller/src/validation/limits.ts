// Documented limits on the cluster's shape. They protect the controller (one
// create request cannot build a million-partition image) and storage nodes
// (docs/architecture.md §6 targets 10,000 partition replicas per node).
export const LIMITS = {
  /** Most partitions one topic may have. */
  maxPartitionsPerTopic: 10_000,
  /** Most partitions the whole cluster may hold (the benchmark image is 100,000). */
  maxPartitionsPerCluster: 200_000,
  /** Kafka's limit: 249 characters leaves room for "-<partition>" in file names. */
  maxTopicNameLength: 249,
} as const;
