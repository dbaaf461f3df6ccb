// Snapshots of the image as MetadataRecords: the same records the log holds,
// so a snapshot needs no format of its own, storage nodes receive the image in
// the shape they already apply (WatchMetadata's MetadataImage), and restoring
// is replaying. Order matters: nodes before the partitions that name them,
// topics before their partitions and configs. Users, ACLs and quotas stand alone.
import { emptyImage, NO_LEADER, type MetadataImage, type MetadataRecord } from './image.js';
import { applyRecord } from './apply-record.js';
import { records } from './records.js';

export interface MetadataSnapshot {
  version: number;
  records: MetadataRecord[];
}

export function imageToRecords(image: MetadataImage): MetadataRecord[] {
  const out: MetadataRecord[] = [];
  if (image.clusterId !== '') out.push(records.clusterId(image.clusterId));
  for (const [id, address] of image.controllerAddresses) out.push(records.controllerRegistration(id, address));
  for (const node of [...image.nodes.values()].sort((a, b) => a.id - b.id)) {
    out.push(records.nodeRegistered({ nodeId: node.id, epoch: node.epoch, incarnationId: node.incarnationId, address: node.address, internalAddress: node.internalAddress, rack: node.rack, roles: node.roles }));
    if (node.fenced) out.push(records.nodeFenced(node.id, node.epoch));
    if (node.decommissioning) out.push(records.nodeDecommission(node.id, true));
    for (const [key, value] of node.configs) out.push(records.config('CONFIG_SCOPE_NODE', String(node.id), key, value));
  }
  for (const topic of image.topicsByName.values()) {
    out.push(records.topicCreated(topic.name, topic.topicId, topic.replicationFactor, Object.fromEntries(topic.configs)));
    for (const p of topic.partitions) {
      out.push(records.partition(topic.topicId, p.partition, p.replicas, p.targetReplicas, p.orderPinned));
      if (p.leaderId !== NO_LEADER || p.leaderEpoch > 0) out.push(records.partitionLeader(topic.topicId, p.partition, p.leaderId, p.leaderEpoch));
    }
  }
  if (image.nextProducerId > 0n) out.push(records.producerIds(-1, image.nextProducerId));
  for (const user of [...image.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    for (const c of user.credentials.values()) out.push(records.scramCredential(user.name, c));
  }
  for (const binding of image.acls.values()) out.push(records.aclAdded(binding));
  for (const [principal, limits] of image.quotas) out.push(records.quota(principal, limits));
  return out;
}

export function snapshotOf(image: MetadataImage): MetadataSnapshot {
  return { version: image.version, records: imageToRecords(image) };
}

/** Rebuilds an image from a snapshot's records; its version is the snapshot's. */
export function imageFromRecords(recordList: readonly MetadataRecord[], version: number): MetadataImage {
  const image = emptyImage();
  for (const r of recordList) applyRecord(image, r, 0);
  image.version = version;
  return image;
}
