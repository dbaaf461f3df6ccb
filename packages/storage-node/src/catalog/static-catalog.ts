// A PartitionCatalog held in memory and changed by calls: what tests use, and
// what a server can wrap around its local copy of the metadata image.
import { resolveTopicConfig, type TopicConfig } from '@eddy/protocol';
import type { CatalogEvent, PartitionAssignment, PartitionCatalog, TopicInfo } from './partition-catalog.js';

export interface StaticTopic {
  topic: string;
  topicId: string;
  /** Replicas per partition, index = partition number. */
  partitions: readonly (readonly number[])[];
  /** Target replicas per partition while a move is in progress (see PartitionAssignment.targetReplicas). */
  targets?: readonly (readonly number[] | undefined)[];
  /** Overrides as strings (validated by the controller), resolved against the defaults. */
  configs?: Readonly<Record<string, string>>;
}

export class StaticPartitionCatalog implements PartitionCatalog {
  private readonly topics = new Map<string, { info: StaticTopic; config: TopicConfig }>();
  private readonly addresses = new Map<number, string>();
  private readonly listeners = new Set<(event: CatalogEvent) => void>();

  constructor(readonly nodeId: number) {}

  setNodeAddress(nodeId: number, address: string): void {
    this.addresses.set(nodeId, address);
  }

  addTopic(topic: StaticTopic): void {
    const config = resolveTopicConfig(topic.configs ?? {});
    this.topics.set(topic.topic, { info: topic, config });
    for (const a of this.assignmentsOf(topic, config)) this.emit({ type: 'assigned', assignment: a });
  }

  removeTopic(name: string): void {
    const t = this.topics.get(name);
    if (!t) return;
    this.topics.delete(name);
    for (const a of this.assignmentsOf(t.info, t.config)) this.emit({ type: 'unassigned', topicId: a.topicId, partition: a.partition, topic: a.topic });
  }

  setConfigs(name: string, configs: Readonly<Record<string, string>>): void {
    const t = this.topics.get(name);
    if (!t) return;
    t.info = { ...t.info, configs };
    t.config = resolveTopicConfig(configs);
    this.emit({ type: 'config-changed', topicId: t.info.topicId, config: t.config });
  }

  /**
   * Sets a partition's replicas and target (a move starting, finishing or
   * cancelled), telling listeners what this node now hosts, as the metadata
   * catalog does for the controller's records.
   */
  reassign(name: string, partition: number, replicas: readonly number[], target: readonly number[] = []): void {
    const t = this.topics.get(name);
    if (!t) return;
    const before = this.assignmentsOf(t.info, t.config).find((a) => a.partition === partition);
    const partitions = [...t.info.partitions];
    const targets = [...(t.info.targets ?? [])];
    partitions[partition] = [...replicas];
    targets[partition] = [...target];
    t.info = { ...t.info, partitions, targets };
    const after = this.assignmentsOf(t.info, t.config).find((a) => a.partition === partition);
    if (after && !before) this.emit({ type: 'assigned', assignment: after });
    else if (after) this.emit({ type: 'replicas-changed', assignment: after });
    else if (before) this.emit({ type: 'unassigned', topicId: before.topicId, partition, topic: before.topic });
  }

  assignments(): readonly PartitionAssignment[] {
    return [...this.topics.values()].flatMap((t) => this.assignmentsOf(t.info, t.config));
  }

  topic(name: string): TopicInfo | undefined {
    const t = this.topics.get(name);
    return t ? { topic: name, topicId: t.info.topicId, partitionCount: t.info.partitions.length } : undefined;
  }

  placement(topicId: string, partition: number): { replicas: readonly number[]; targetReplicas: readonly number[] } | undefined {
    const t = [...this.topics.values()].find((x) => x.info.topicId === topicId);
    const replicas = t?.info.partitions[partition];
    return t && replicas ? { replicas, targetReplicas: t.info.targets?.[partition] ?? [] } : undefined;
  }

  nodeAddress(nodeId: number): string | undefined {
    return this.addresses.get(nodeId);
  }

  subscribe(listener: (event: CatalogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private assignmentsOf(t: StaticTopic, config: TopicConfig): PartitionAssignment[] {
    const out: PartitionAssignment[] = [];
    t.partitions.forEach((replicas, partition) => {
      const targetReplicas = t.targets?.[partition] ?? [];
      if (replicas.includes(this.nodeId) || targetReplicas.includes(this.nodeId)) out.push({ topic: t.topic, topicId: t.topicId, partition, replicas, targetReplicas, config });
    });
    return out;
  }

  private emit(event: CatalogEvent): void {
    for (const l of this.listeners) l(event);
  }
}
