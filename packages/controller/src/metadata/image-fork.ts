// A copy-on-write fork of an image: the active controller computes several
// queued commands against "the committed image plus the records of the
// commands before it in the same batch" without deep-copying the image. The
// fork copies the maps (O(topics + nodes)) and copies a topic or node only
// before a record would change it; the base image is never touched.
import { applyRecord, type ApplyOutcome } from './apply-record.js';
import { topicById, type MetadataImage, type MetadataRecord, type ReplicaLoad } from './image.js';
import { recordKind } from './records.js';

export class ImageFork {
  readonly image: MetadataImage;

  constructor(private readonly base: MetadataImage) {
    const replicaLoad = new Map<number, ReplicaLoad>();
    for (const [id, l] of base.replicaLoad) replicaLoad.set(id, { ...l });
    this.image = {
      ...base,
      nodes: new Map(base.nodes),
      topicsByName: new Map(base.topicsByName),
      topicNamesById: new Map(base.topicNamesById),
      replicaLoad,
    };
  }

  apply(record: MetadataRecord, version: number): ApplyOutcome {
    this.own(record);
    return applyRecord(this.image, record, version);
  }

  /** Replaces the topic or node `record` would modify in place with a private copy. */
  private own(record: MetadataRecord): void {
    switch (recordKind(record)) {
      case 'partition':
        return this.ownTopic(record.partition!.topicId);
      case 'partitionLeader':
        return this.ownTopic(record.partitionLeader!.topicId);
      case 'config':
        if (record.config!.scope === 'CONFIG_SCOPE_TOPIC') return this.ownTopic(record.config!.resource);
        return this.ownNode(Number(record.config!.resource));
      case 'nodeFenced':
        return this.ownNode(record.nodeFenced!.nodeId);
      case 'nodeUnfenced':
        return this.ownNode(record.nodeUnfenced!.nodeId);
      case 'nodeDecommission':
        return this.ownNode(record.nodeDecommission!.nodeId);
      // Users, bindings and quota values are replaced, never mutated: the fork copies a map on its first change.
      case 'scramCredential':
      case 'scramCredentialRemoved':
        if (this.image.users === this.base.users) this.image.users = new Map(this.base.users);
        return;
      case 'aclAdded':
      case 'aclRemoved':
        if (this.image.acls === this.base.acls) this.image.acls = new Map(this.base.acls);
        return;
      case 'quota':
      case 'quotaRemoved':
        if (this.image.quotas === this.base.quotas) this.image.quotas = new Map(this.base.quotas);
        return;
      default:
        // Registrations and topic creations add new objects; deletions only drop map entries.
        return;
    }
  }

  private ownTopic(topicId: string): void {
    const topic = topicById(this.image, topicId);
    if (!topic || topic !== this.base.topicsByName.get(topic.name)) return;
    this.image.topicsByName.set(topic.name, {
      ...topic,
      configs: new Map(topic.configs),
      partitions: topic.partitions.map((p) => ({ ...p, replicas: [...p.replicas], targetReplicas: [...p.targetReplicas] })),
    });
  }

  private ownNode(nodeId: number): void {
    const node = this.image.nodes.get(nodeId);
    const baseNode = this.base.nodes.get(nodeId);
    if (!node || !baseNode) return;
    // A re-registration in the fork makes a new node object that still shares the base's configs map.
    if (node === baseNode || node.configs === baseNode.configs) {
      this.image.nodes.set(nodeId, { ...node, roles: [...node.roles], configs: new Map(node.configs) });
    }
  }
}
