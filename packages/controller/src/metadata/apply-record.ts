// The metadata state machine's transition function. Deterministic and total:
// every controller applies the same committed records in the same order and
// must reach the same image, so a record that does not apply cleanly (a
// partition of an unknown topic, a fence for a superseded epoch) is ignored
// with a reason, never thrown — a throw here would stop one controller's
// state machine while the others moved on.
import {
  aclBindingFromWire,
  aclBindingKey,
  aclBindingProblem,
  aclFromWire,
  principalProblem,
  QUOTA_KINDS,
  quotaFromWire,
  quotaLimitOf,
  quotaValueProblem,
  scramCredentialProblem,
  usernameProblem,
  type ScramCredential,
  type ScramMechanism,
} from '@eddy/protocol';
import { LIMITS } from '../validation/limits.js';
import { NO_LEADER, topicById, type MetadataImage, type MetadataRecord, type NodeState, type PartitionState } from './image.js';
import { recordKind } from './records.js';

export type ApplyOutcome = { applied: true } | { applied: false; reason: string };

const APPLIED: ApplyOutcome = { applied: true };
const ignored = (reason: string): ApplyOutcome => ({ applied: false, reason });

/** Applies one committed record at `version` (its position in the metadata log). */
export function applyRecord(image: MetadataImage, record: MetadataRecord, version: number): ApplyOutcome {
  image.version = Math.max(image.version, version);
  try {
    return applyOne(image, record);
  } catch (err) {
    // Only a malformed hand-built record gets here (decoded records have every field);
    // the outcome is still the same on every controller.
    return ignored(`malformed record: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function applyOne(image: MetadataImage, record: MetadataRecord): ApplyOutcome {
  const kind = recordKind(record);
  switch (kind) {
    case 'clusterId': {
      const id = record.clusterId!.clusterId;
      if (id === '') return ignored('empty cluster id');
      if (image.clusterId !== '' && image.clusterId !== id) return ignored(`cluster id is already ${image.clusterId}`);
      image.clusterId = id;
      return APPLIED;
    }
    case 'nodeRegistered': {
      const r = record.nodeRegistered!;
      const epoch = parseEpoch(r.nodeEpoch);
      if (epoch === undefined) return ignored(`node ${r.nodeId}: bad epoch ${r.nodeEpoch}`);
      const old = image.nodes.get(r.nodeId);
      if (old && old.epoch >= epoch) return ignored(`node ${r.nodeId}: epoch ${epoch} is not newer than ${old.epoch}`);
      image.nodes.set(r.nodeId, {
        id: r.nodeId,
        epoch,
        incarnationId: r.incarnationId,
        address: r.address,
        internalAddress: r.internalAddress,
        rack: r.rack,
        roles: [...r.roles],
        fenced: false,
        // A decommission belongs to the node id too: a restart does not take it back.
        decommissioning: old?.decommissioning ?? false,
        // Node-level configs belong to the node id, not to one process of it.
        configs: old?.configs ?? new Map(),
      });
      return APPLIED;
    }
    case 'nodeFenced':
    case 'nodeUnfenced': {
      const fenced = kind === 'nodeFenced';
      const fence = fenced ? record.nodeFenced! : record.nodeUnfenced!;
      const node = currentNode(image, fence.nodeId, fence.nodeEpoch);
      if (typeof node === 'string') return ignored(node);
      node.fenced = fenced;
      return APPLIED;
    }
    case 'controllerRegistration': {
      const r = record.controllerRegistration!;
      if (!Number.isInteger(r.nodeId) || r.nodeId <= 0 || r.internalAddress === '') return ignored(`controller registration of node ${r.nodeId} without an address`);
      image.controllerAddresses = new Map(image.controllerAddresses).set(r.nodeId, r.internalAddress);
      return APPLIED;
    }
    case 'nodeDecommission': {
      const r = record.nodeDecommission!;
      const node = image.nodes.get(r.nodeId);
      if (!node) return ignored(`decommission of unknown node ${r.nodeId}`);
      node.decommissioning = r.decommissioning;
      return APPLIED;
    }
    case 'topicCreated': {
      const r = record.topicCreated!;
      if (r.name === '' || r.topicId === '') return ignored('topic without a name or id');
      if (image.topicsByName.has(r.name)) return ignored(`topic ${r.name} already exists`);
      if (image.topicNamesById.has(r.topicId)) return ignored(`topic id ${r.topicId} already in use`);
      if (r.replicationFactor < 1) return ignored(`topic ${r.name}: replication factor ${r.replicationFactor}`);
      image.topicsByName.set(r.name, {
        name: r.name,
        topicId: r.topicId,
        replicationFactor: r.replicationFactor,
        configs: new Map(Object.entries(r.configs)),
        partitions: [],
      });
      image.topicNamesById.set(r.topicId, r.name);
      return APPLIED;
    }
    case 'topicDeleted': {
      const r = record.topicDeleted!;
      const topic = topicById(image, r.topicId);
      if (!topic) return ignored(`topic id ${r.topicId} unknown`);
      image.topicsByName.delete(topic.name);
      image.topicNamesById.delete(topic.topicId);
      image.partitionCount -= topic.partitions.length;
      for (const p of topic.partitions) countReplicas(image, p, -1);
      return APPLIED;
    }
    case 'partition': {
      const r = record.partition!;
      const topic = topicById(image, r.topicId);
      if (!topic) return ignored(`partition ${r.partition} of unknown topic id ${r.topicId}`);
      if (r.replicas.length === 0 || new Set(r.replicas).size !== r.replicas.length) {
        return ignored(`${topic.name}-${r.partition}: replicas must be distinct and non-empty`);
      }
      // Records from before reassignment existed decode with an empty target: no move.
      const target = r.targetReplicas ?? [];
      if (new Set(target).size !== target.length) return ignored(`${topic.name}-${r.partition}: target replicas must be distinct`);
      const existing = topic.partitions[r.partition];
      if (existing) {
        countReplicas(image, existing, -1);
        existing.replicas = [...r.replicas];
        existing.targetReplicas = [...target];
        existing.orderPinned = r.orderPinned === true;
        countReplicas(image, existing, 1);
        // A leader outside both sets leads nothing; its group reports the next one.
        if (!hostsReplica(existing, existing.leaderId)) existing.leaderId = NO_LEADER;
        return APPLIED;
      }
      // Partitions are dense: a gap would leave a partition number nobody can reach.
      if (r.partition !== topic.partitions.length) return ignored(`${topic.name}-${r.partition}: next partition is ${topic.partitions.length}`);
      const created = { partition: r.partition, replicas: [...r.replicas], targetReplicas: [...target], orderPinned: r.orderPinned === true, leaderId: NO_LEADER, leaderEpoch: 0 };
      topic.partitions.push(created);
      image.partitionCount += 1;
      countReplicas(image, created, 1);
      return APPLIED;
    }
    case 'partitionLeader': {
      const r = record.partitionLeader!;
      const topic = topicById(image, r.topicId);
      const p = topic?.partitions[r.partition];
      if (!topic || !p) return ignored(`leader of unknown partition ${r.topicId}-${r.partition}`);
      if (r.leaderEpoch < p.leaderEpoch) return ignored(`${topic.name}-${r.partition}: leader epoch ${r.leaderEpoch} < ${p.leaderEpoch}`);
      if (r.leaderId !== NO_LEADER && !hostsReplica(p, r.leaderId)) return ignored(`${topic.name}-${r.partition}: ${r.leaderId} is not a replica`);
      // Raft elects at most one leader per term; a different leader at the same epoch is a stale report.
      if (r.leaderEpoch === p.leaderEpoch && p.leaderId !== NO_LEADER && r.leaderId !== p.leaderId) {
        return ignored(`${topic.name}-${r.partition}: epoch ${r.leaderEpoch} already led by ${p.leaderId}`);
      }
      p.leaderId = r.leaderId;
      p.leaderEpoch = r.leaderEpoch;
      return APPLIED;
    }
    case 'config': {
      const r = record.config!;
      let configs: Map<string, string> | undefined;
      if (r.scope === 'CONFIG_SCOPE_TOPIC') configs = topicById(image, r.resource)?.configs;
      else if (r.scope === 'CONFIG_SCOPE_NODE') configs = image.nodes.get(Number(r.resource))?.configs;
      else return ignored(`config ${r.key}: scope ${r.scope}`);
      if (!configs) return ignored(`config ${r.key}: unknown ${r.scope} resource ${r.resource}`);
      if (r.key === '') return ignored('config without a key');
      if (r.value === undefined) configs.delete(r.key);
      else configs.set(r.key, r.value);
      return APPLIED;
    }
    case 'producerIds': {
      const r = record.producerIds!;
      const next = parseBigInt(r.nextProducerId);
      if (next === undefined) return ignored(`bad next producer id ${r.nextProducerId}`);
      // Producer ids must never be handed out twice, so the counter only moves forward.
      if (next <= image.nextProducerId) return ignored(`next producer id ${next} is not beyond ${image.nextProducerId}`);
      image.nextProducerId = next;
      return APPLIED;
    }
    case 'scramCredential': {
      const r = record.scramCredential!;
      const mechanism = aclFromWire.mechanism(r.mechanism);
      if (!mechanism) return ignored(`credential of ${r.user}: mechanism ${r.mechanism}`);
      const nameProblem = usernameProblem(r.user);
      if (nameProblem !== undefined) return ignored(`credential: ${nameProblem}`);
      const credential: ScramCredential = { mechanism, salt: Buffer.from(r.salt), iterations: r.iterations, storedKey: Buffer.from(r.storedKey), serverKey: Buffer.from(r.serverKey) };
      const problem = scramCredentialProblem(credential);
      if (problem !== undefined) return ignored(`credential of ${r.user}: ${problem}`);
      const old = image.users.get(r.user);
      if (!old && image.users.size >= LIMITS.maxUsers) return ignored(`user ${r.user}: already ${LIMITS.maxUsers} users`);
      const credentials = new Map<ScramMechanism, ScramCredential>(old?.credentials);
      credentials.set(mechanism, credential);
      image.users.set(r.user, { name: r.user, credentials });
      return APPLIED;
    }
    case 'scramCredentialRemoved': {
      const r = record.scramCredentialRemoved!;
      const mechanism = aclFromWire.mechanism(r.mechanism);
      const old = image.users.get(r.user);
      if (!mechanism || !old?.credentials.has(mechanism)) return ignored(`user ${r.user} has no ${r.mechanism} credential`);
      const credentials = new Map(old.credentials);
      credentials.delete(mechanism);
      if (credentials.size === 0) image.users.delete(r.user);
      else image.users.set(r.user, { name: r.user, credentials });
      return APPLIED;
    }
    case 'aclAdded':
    case 'aclRemoved': {
      const w = kind === 'aclAdded' ? record.aclAdded!.acl : record.aclRemoved!.acl;
      if (!w) return ignored(`${kind} without a binding`);
      const binding = aclBindingFromWire(w);
      if (typeof binding === 'string') return ignored(`ACL: ${binding}`);
      const key = aclBindingKey(binding);
      if (kind === 'aclRemoved') return image.acls.delete(key) ? APPLIED : ignored('ACL binding not present');
      const problem = aclBindingProblem(binding);
      if (problem !== undefined) return ignored(`ACL: ${problem}`);
      if (image.acls.has(key)) return ignored('ACL binding already present');
      if (image.acls.size >= LIMITS.maxAcls) return ignored(`already ${LIMITS.maxAcls} ACL bindings`);
      image.acls.set(key, Object.freeze(binding));
      return APPLIED;
    }
    case 'quota': {
      const w = record.quota!.quota;
      if (!w) return ignored('quota record without a quota');
      const problem = principalProblem(w.principal);
      if (problem !== undefined) return ignored(`quota: ${problem}`);
      const limits = quotaFromWire(w);
      for (const k of QUOTA_KINDS) {
        const v = quotaLimitOf(limits, k);
        if (v !== undefined && quotaValueProblem(k, v) !== undefined) return ignored(`quota of ${w.principal}: ${quotaValueProblem(k, v)}`);
      }
      if (!image.quotas.has(w.principal) && image.quotas.size >= LIMITS.maxQuotas) return ignored(`already ${LIMITS.maxQuotas} principals with quotas`);
      image.quotas.set(w.principal, Object.freeze(limits));
      return APPLIED;
    }
    case 'quotaRemoved': {
      const principal = record.quotaRemoved!.principal;
      return image.quotas.delete(principal) ? APPLIED : ignored(`no quotas for ${principal}`);
    }
    case undefined:
      return ignored('empty record');
  }
}

/** True when `nodeId` hosts a replica of the partition: in its group, or being brought in by a move. */
export function hostsReplica(p: Pick<PartitionState, 'replicas' | 'targetReplicas'>, nodeId: number): boolean {
  return p.replicas.includes(nodeId) || p.targetReplicas.includes(nodeId);
}

/** Counts the partition's replicas (replicas ∪ target) and its preferred leader (the target's first while moving) into replicaLoad. */
function countReplicas(image: MetadataImage, p: Pick<PartitionState, 'replicas' | 'targetReplicas'>, delta: 1 | -1): void {
  const preferred = p.targetReplicas.length > 0 ? p.targetReplicas[0] : p.replicas[0];
  for (const id of new Set([...p.replicas, ...p.targetReplicas])) {
    const load = image.replicaLoad.get(id) ?? { replicas: 0, leaders: 0 };
    load.replicas += delta;
    if (id === preferred) load.leaders += delta;
    if (load.replicas === 0 && load.leaders === 0) image.replicaLoad.delete(id);
    else image.replicaLoad.set(id, load);
  }
}

function currentNode(image: MetadataImage, nodeId: number, rawEpoch: string): NodeState | string {
  const node = image.nodes.get(nodeId);
  if (!node) return `node ${nodeId} unknown`;
  const epoch = parseEpoch(rawEpoch);
  if (epoch !== node.epoch) return `node ${nodeId}: epoch ${rawEpoch} is not the current ${node.epoch}`;
  return node;
}

function parseEpoch(raw: string): number | undefined {
  const n = Number(raw);
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

function parseBigInt(raw: string): bigint | undefined {
  try {
    return BigInt(raw);
  } catch {
    return undefined;
  }
}
