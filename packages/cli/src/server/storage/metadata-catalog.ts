// A storage node's copy of the cluster metadata, fed by the controller's
// WatchMetadata stream (an image, then deltas), presented to the data plane
// as a PartitionCatalog: which partitions this node hosts and with what
// config, where other nodes are, and change events computed by diffing.
import { applyRecord, emptyImage, imageFromRecords, NO_LEADER, topicById, type MetadataImage } from '@eddy/controller';
import { resolveTopicConfig, type wire } from '@eddy/protocol';
import type { CatalogEvent, PartitionAssignment, PartitionCatalog, TopicInfo } from '@eddy/storage-node';

const key = (topicId: string, partition: number) => `${topicId}/${partition}`;
const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export class MetadataCatalog implements PartitionCatalog {
  private imageState: MetadataImage = emptyImage();
  private hosted = new Map<string, PartitionAssignment>();
  private configKeys = new Map<string, string>();
  private readonly listeners = new Set<(event: CatalogEvent) => void>();
  private readonly waiters: (() => void)[] = [];
  private received = false;

  constructor(readonly nodeId: number) {}

  get image(): MetadataImage {
    return this.imageState;
  }

  get version(): number {
    return this.imageState.version;
  }

  /** Resolves once the first image has arrived. */
  ready(): Promise<void> {
    return this.received ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  onEvent(event: wire.WatchMetadataResponse__Output): void {
    if (event.image) {
      this.imageState = imageFromRecords(event.image.records, Number(event.image.version));
    } else if (event.delta && event.delta.records.length > 0) {
      // One delta holds records committed together: apply all, then look.
      const last = Number(event.delta.version);
      const first = last - event.delta.records.length + 1;
      if (last <= this.imageState.version) return; // replayed after a reconnect
      event.delta.records.forEach((record, i) => {
        if (first + i > this.imageState.version) applyRecord(this.imageState, record, first + i);
      });
    } else {
      return;
    }
    this.refresh();
    if (!this.received) {
      this.received = true;
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /** Recomputes what this node hosts and tells listeners what changed. */
  private refresh(): void {
    const next = new Map<string, PartitionAssignment>();
    const nextConfigKeys = new Map<string, string>();
    for (const topic of this.imageState.topicsByName.values()) {
      const overrides = Object.fromEntries(topic.configs);
      const configKey = JSON.stringify(overrides);
      let config: ReturnType<typeof resolveTopicConfig> | undefined;
      for (const p of topic.partitions) {
        // A node hosts a replica while it is in the group or a move is bringing it in.
        if (!p.replicas.includes(this.nodeId) && !p.targetReplicas.includes(this.nodeId)) continue;
        config ??= resolveTopicConfig(overrides);
        nextConfigKeys.set(topic.topicId, configKey);
        next.set(key(topic.topicId, p.partition), { topic: topic.name, topicId: topic.topicId, partition: p.partition, replicas: [...p.replicas], targetReplicas: [...p.targetReplicas], config });
      }
    }
    const events: CatalogEvent[] = [];
    for (const [k, a] of this.hosted) {
      if (!next.has(k)) events.push({ type: 'unassigned', topicId: a.topicId, partition: a.partition, topic: a.topic });
    }
    const configChanged = new Set<string>();
    for (const [k, a] of next) {
      const before = this.hosted.get(k);
      if (!before) events.push({ type: 'assigned', assignment: a });
      else if (!sameList(before.replicas, a.replicas) || !sameList(before.targetReplicas ?? [], a.targetReplicas ?? [])) events.push({ type: 'replicas-changed', assignment: a });
      if (!before) continue;
      if (this.configKeys.get(a.topicId) !== nextConfigKeys.get(a.topicId) && !configChanged.has(a.topicId)) {
        configChanged.add(a.topicId);
        events.push({ type: 'config-changed', topicId: a.topicId, config: a.config });
      }
    }
    this.hosted = next;
    this.configKeys = nextConfigKeys;
    for (const e of events) for (const l of this.listeners) l(e);
  }

  assignments(): readonly PartitionAssignment[] {
    return [...this.hosted.values()];
  }

  topic(name: string): TopicInfo | undefined {
    const t = this.imageState.topicsByName.get(name);
    return t ? { topic: t.name, topicId: t.topicId, partitionCount: t.partitions.length } : undefined;
  }

  placement(topicId: string, partition: number): { replicas: readonly number[]; targetReplicas: readonly number[] } | undefined {
    const p = topicById(this.imageState, topicId)?.partitions[partition];
    return p ? { replicas: p.replicas, targetReplicas: p.targetReplicas } : undefined;
  }

  /** Where clients (and this node's client calls) reach a node: its client listener. */
  nodeAddress(nodeId: number): string | undefined {
    return this.imageState.nodes.get(nodeId)?.address;
  }

  /** Where peers reach a node: its internal listener (or its one address, if it registered none). */
  nodeInternalAddress(nodeId: number): string | undefined {
    const node = this.imageState.nodes.get(nodeId);
    return node ? node.internalAddress || node.address : undefined;
  }

  /** The leader the metadata names for a partition, if any. */
  leaderOf(topic: string, partition: number): number | undefined {
    const leader = this.imageState.topicsByName.get(topic)?.partitions[partition]?.leaderId;
    return leader === undefined || leader === NO_LEADER ? undefined : leader;
  }

  subscribe(listener: (event: CatalogEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
