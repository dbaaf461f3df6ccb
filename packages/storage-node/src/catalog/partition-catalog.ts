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
  /** Node ids of all replicas (the Raft group's voters), preferred leader first. */
  replicas: readonly number[];
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
  | { type: 'config-changed'; topicId: string; config: TopicConfig };

export interface PartitionCatalog {
  /** Partitions this node hosts a replica of, now. */
  assignments(): readonly PartitionAssignment[];
  /** Any topic of the cluster by name (hosted here or not): tells UNKNOWN_TOPIC from NOT_LEADER. */
  topic(name: string): TopicInfo | undefined;
  /** host:port of a node's public endpoint, when known (NOT_LEADER hints). */
  nodeAddress(nodeId: number): string | undefined;
  /** Subscribes to changes; returns the unsubscribe function. */
  subscribe(listener: (event: CatalogEvent) => void): () => void;
}
