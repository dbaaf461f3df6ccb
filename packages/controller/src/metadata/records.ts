// Builders for MetadataRecords in the decoded (__Output) shape the log hands
// back, so a record built here and one decoded from the Raft log apply alike.
import { aclBindingToWire, aclWire, quotaToWire, type AclBinding, type QuotaLimits, type ScramCredential, type ScramMechanism, type wire } from '@eddy/protocol';
import type { MetadataRecord, NodeRole } from './image.js';

export type RecordKind = NonNullable<MetadataRecord['record']>;

const KINDS: readonly RecordKind[] = [
  'nodeRegistered',
  'nodeFenced',
  'nodeUnfenced',
  'topicCreated',
  'topicDeleted',
  'partition',
  'partitionLeader',
  'config',
  'producerIds',
  'clusterId',
  'scramCredential',
  'scramCredentialRemoved',
  'aclAdded',
  'aclRemoved',
  'quota',
  'quotaRemoved',
  'nodeDecommission',
  'controllerRegistration',
];

/** Which member of the oneof is set; decoders set `record`, hand-built objects may not. */
export function recordKind(record: MetadataRecord): RecordKind | undefined {
  if (record.record !== undefined) return record.record;
  return KINDS.find((k) => record[k] !== undefined && record[k] !== null);
}

export const records = {
  clusterId(clusterId: string): MetadataRecord {
    return { record: 'clusterId', clusterId: { clusterId } };
  },
  nodeRegistered(r: { nodeId: number; epoch: number; incarnationId: string; address: string; internalAddress?: string; rack: string; roles: NodeRole[] }): MetadataRecord {
    return {
      record: 'nodeRegistered',
      nodeRegistered: { nodeId: r.nodeId, nodeEpoch: String(r.epoch), incarnationId: r.incarnationId, address: r.address, internalAddress: r.internalAddress ?? '', rack: r.rack, roles: [...r.roles] },
    };
  },
  nodeFenced(nodeId: number, epoch: number): MetadataRecord {
    return { record: 'nodeFenced', nodeFenced: { nodeId, nodeEpoch: String(epoch) } };
  },
  nodeUnfenced(nodeId: number, epoch: number): MetadataRecord {
    return { record: 'nodeUnfenced', nodeUnfenced: { nodeId, nodeEpoch: String(epoch) } };
  },
  topicCreated(name: string, topicId: string, replicationFactor: number, configs: Record<string, string>): MetadataRecord {
    return { record: 'topicCreated', topicCreated: { name, topicId, replicationFactor, configs: { ...configs } } };
  },
  topicDeleted(name: string, topicId: string): MetadataRecord {
    return { record: 'topicDeleted', topicDeleted: { name, topicId } };
  },
  /** `targetReplicas` non-empty starts (or replaces) a move; empty means no move (completed, or none). */
  /** `orderPinned`: the order is an operator's; the balancer's leader phase leaves it alone. */
  partition(topicId: string, partition: number, replicas: readonly number[], targetReplicas: readonly number[] = [], orderPinned = false): MetadataRecord {
    return { record: 'partition', partition: { topicId, partition, replicas: [...replicas], targetReplicas: [...targetReplicas], orderPinned } };
  },
  controllerRegistration(nodeId: number, internalAddress: string): MetadataRecord {
    return { record: 'controllerRegistration', controllerRegistration: { nodeId, internalAddress } };
  },
  nodeDecommission(nodeId: number, decommissioning: boolean): MetadataRecord {
    return { record: 'nodeDecommission', nodeDecommission: { nodeId, decommissioning } };
  },
  partitionLeader(topicId: string, partition: number, leaderId: number, leaderEpoch: number): MetadataRecord {
    return { record: 'partitionLeader', partitionLeader: { topicId, partition, leaderId, leaderEpoch } };
  },
  /** value undefined deletes the key (back to its default). */
  config(scope: wire.ConfigScope__Output, resource: string, key: string, value: string | undefined): MetadataRecord {
    const config: wire.ConfigRecord__Output = { scope, resource, key };
    if (value !== undefined) config.value = value;
    return { record: 'config', config };
  },
  producerIds(nodeId: number, nextProducerId: bigint): MetadataRecord {
    return { record: 'producerIds', producerIds: { nodeId, nextProducerId: nextProducerId.toString() } };
  },
  /** A user's salted credential for one mechanism (never the password). */
  scramCredential(user: string, c: ScramCredential): MetadataRecord {
    return {
      record: 'scramCredential',
      scramCredential: { user, mechanism: aclWire.mechanism(c.mechanism), salt: Buffer.from(c.salt), iterations: c.iterations, storedKey: Buffer.from(c.storedKey), serverKey: Buffer.from(c.serverKey) },
    };
  },
  scramCredentialRemoved(user: string, mechanism: ScramMechanism): MetadataRecord {
    return { record: 'scramCredentialRemoved', scramCredentialRemoved: { user, mechanism: aclWire.mechanism(mechanism) } };
  },
  aclAdded(binding: AclBinding): MetadataRecord {
    return { record: 'aclAdded', aclAdded: { acl: aclBindingToWire(binding) } };
  },
  aclRemoved(binding: AclBinding): MetadataRecord {
    return { record: 'aclRemoved', aclRemoved: { acl: aclBindingToWire(binding) } };
  },
  /** A principal's quotas, replacing earlier ones; absent values are no limit. */
  quota(principal: string, limits: QuotaLimits): MetadataRecord {
    return { record: 'quota', quota: { quota: quotaToWire(principal, limits) } };
  },
  quotaRemoved(principal: string): MetadataRecord {
    return { record: 'quotaRemoved', quotaRemoved: { principal } };
  },
};
