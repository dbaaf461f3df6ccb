// The client's view of the cluster: nodes, topics, partitions and their leaders,
// built from GetMetadata answers and patched by NOT_LEADER hints. Pure data and
// routing decisions; no sockets (those live in channel-pool.ts / cluster-connection.ts).
import type { wire } from '@eddy/protocol';

/** A node as the client knows it. */
export interface NodeEntry {
  id: number;
  address: string;
  online: boolean;
}

/** One partition's routing facts. */
export interface PartitionEntry {
  partition: number;
  /** -1 when the partition has no leader. */
  leaderId: number;
  leaderEpoch: number;
  replicas: readonly number[];
}

/** One topic's partitions, indexed by partition number. */
export interface TopicEntry {
  name: string;
  topicId: string;
  partitions: PartitionEntry[];
}

/** Where to send a request for one partition, or why it cannot be sent yet. */
export type Route =
  | { kind: 'leader'; nodeId: number; address: string; leaderEpoch: number }
  | { kind: 'unknown-topic' }
  | { kind: 'unknown-partition'; partitionCount: number }
  | { kind: 'no-leader' };

export class MetadataCache {
  private readonly nodesById = new Map<number, NodeEntry>();
  private readonly topics = new Map<string, TopicEntry>();
  private version = -1n;
  /** When the cache was last filled (clock ms), -Infinity before the first fill. */
  updatedAt = Number.NEGATIVE_INFINITY;
  controllerId = -1;
  clusterId = '';

  /**
   * Merges a GetMetadata answer. Answers built from an older metadata image than
   * one already applied are ignored (a lagging node must not roll routing back);
   * topics absent from a partial answer are kept.
   */
  update(resp: wire.GetMetadataResponse__Output, now: number, allTopics: boolean): boolean {
    const version = BigInt(resp.metadataVersion || '0');
    if (version < this.version) return false;
    this.version = version;
    this.updatedAt = now;
    this.clusterId = resp.clusterId;
    this.controllerId = resp.controllerId;
    this.nodesById.clear();
    for (const n of resp.nodes) this.nodesById.set(n.nodeId, { id: n.nodeId, address: n.address, online: n.online });
    if (allTopics) this.topics.clear();
    for (const t of resp.topics) {
      const partitions: PartitionEntry[] = [];
      for (const p of t.partitions) {
        partitions[p.partition] = { partition: p.partition, leaderId: p.leaderId, leaderEpoch: p.leaderEpoch, replicas: p.replicas };
      }
      this.topics.set(t.name, { name: t.name, topicId: t.topicId, partitions });
    }
    return true;
  }

  /** Forgets a topic (e.g. after UNKNOWN_TOPIC) so the next lookup refreshes it. */
  forgetTopic(topic: string): void {
    this.topics.delete(topic);
  }

  hasTopic(topic: string): boolean {
    return this.topics.has(topic);
  }

  topic(topic: string): TopicEntry | undefined {
    return this.topics.get(topic);
  }

  partitionCount(topic: string): number | undefined {
    return this.topics.get(topic)?.partitions.length;
  }

  node(id: number): NodeEntry | undefined {
    return this.nodesById.get(id);
  }

  /** Addresses of online nodes first, then the rest. */
  nodeAddresses(): string[] {
    const nodes = [...this.nodesById.values()];
    return [...nodes.filter((n) => n.online), ...nodes.filter((n) => !n.online)].map((n) => n.address);
  }

  get metadataVersion(): bigint {
    return this.version;
  }

  /** Where requests for a partition go. */
  route(topic: string, partition: number): Route {
    const t = this.topics.get(topic);
    if (!t) return { kind: 'unknown-topic' };
    const p = t.partitions[partition];
    if (!p) return { kind: 'unknown-partition', partitionCount: t.partitions.length };
    if (p.leaderId < 0) return { kind: 'no-leader' };
    const node = this.nodesById.get(p.leaderId);
    if (!node) return { kind: 'no-leader' };
    return { kind: 'leader', nodeId: node.id, address: node.address, leaderEpoch: p.leaderEpoch };
  }

  /**
   * Applies a NOT_LEADER hint at once, before any refresh: the partition's leader
   * becomes the hinted node (and the node's address is learnt if given). Returns
   * whether the hint was usable.
   */
  applyLeaderHint(topic: string, partition: number, leaderId: number | undefined, leaderAddress: string | undefined): boolean {
    if (leaderId === undefined || leaderId < 0) return false;
    if (leaderAddress) {
      const known = this.nodesById.get(leaderId);
      this.nodesById.set(leaderId, { id: leaderId, address: leaderAddress, online: known?.online ?? true });
    } else if (!this.nodesById.has(leaderId)) {
      return false;
    }
    const p = this.topics.get(topic)?.partitions[partition];
    if (!p) return leaderAddress !== undefined;
    if (p.leaderId === leaderId) return true;
    p.leaderId = leaderId;
    p.leaderEpoch += 1;
    return true;
  }

  /** Marks a partition leaderless so the next route waits for a refresh. */
  invalidateLeader(topic: string, partition: number): void {
    const p = this.topics.get(topic)?.partitions[partition];
    if (p) p.leaderId = -1;
  }
}
