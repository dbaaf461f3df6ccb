// What the data plane needs to know about cluster metadata, and nothing more:
// which partitions this node hosts (with their topic's effective config) and
// where other nodes are. The server feeds it from the controller's metadata
// stream; tests feed it by hand. The data plane never talks to the controller.
import type { TopicConfig } from '@eddy/protocol';

export interface PartitionAssignment {
  topic: string;
  /** Stable id: a deleted and re-created topic never reuses a replica's data. */
  topicId: string;
  partition: number;
  /** Node ids of the replicas the partition's Raft group has (its voters), preferred leader first. */
  replicas: readonly number[];
  /**
   * Non-empty while a reassignment moves the group to this replica set
   * (preferred leader first): the group's leader drives its Raft configuration
   * there (replica-membership.ts). A node in it but not in `replicas` joins the
   * group as a learner. Absent or empty: no move.
   */
  targetReplicas?: readonly number[];
  /** The topic's effective config (defaults overlaid with overrides): see resolveTopicConfig. */
  config: TopicConfig;
}

export interface TopicInfo {
  topic: string;
  topicId: string;
  partitionCount: number;
}

export type CatalogEvent =
  | { type: 'assigned'; assignment: PartitionAssignment }
  | { type: 'unassigned'; topicId: string; partition: number; topic: string }
  /** A hosted partition's replicas or target replicas changed (a move started, finished or was cancelled). */
  | { type: 'replicas-changed'; assignment: PartitionAssignment }
  | { type: 'config-changed'; topicId: string; config: TopicConfig };

export interface PartitionCatalog {
  /** Partitions this node hosts a replica of, now. */
  assignments(): readonly PartitionAssignment[];
  /** Any topic of the cluster by name (hosted here or not): tells UNKNOWN_TOPIC from NOT_LEADER. */
  topic(name: string): TopicInfo | undefined;
  /**
   * Where any partition's replicas are and are going (hosted here or not);
   * undefined when the topic no longer exists. A replica this node stops
   * hosting while a move is still in progress may still be in its group's
   * Raft configuration: the manager keeps it until it is not.
   */
  placement(topicId: string, partition: number): { replicas: readonly number[]; targetReplicas: readonly number[] } | undefined;
  /** host:port of a node's public endpoint, when known (NOT_LEADER hints). */
  nodeAddress(nodeId: number): string | undefined;
  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe(listener: (event: CatalogEvent) => void): () => void;
}
