// Builders of the describe responses from an image (pure). Offline and
// under-replicated states are derived here from leaders and fenced nodes, and
// in-sync replicas from the partition leader's last report when the caller
// has one (the active controller keeps them in memory: partition-reports.ts).
import { InvalidConfigError, InvalidRequestError, TOPIC_CONFIG_KEYS, TOPIC_CONFIG_SPECS, isInternalTopic, isTopicConfigKey, type wire } from '@eddy/protocol';
import type { MetadataImage, NodeState, PartitionState, TopicState } from '../metadata/image.js';
import { addingReplicas, replicationFactorOf, isNodeLive, isPartitionOffline, isReassigning, isUnderReplicated, nodeStateOf, offlineReplicas, removingReplicas } from '../metadata/views.js';
import type { ControllerRef } from '../log/metadata-log.js';
import { unknownTopic } from '../commands/delete-topic.js';
import type { PartitionReports } from './partition-reports.js';

/**
 * Replicas (of the group, then ones a move adds) that hold the whole
 * committed log: the ones the current leader last reported caught up and
 * that are live, and for a few seconds after a leader change also the ones
 * the previous leader last reported caught up (PartitionReports). Without such
 * a report (a follower controller, a leader that has not reported, a node that
 * predates reassignment), replicas on live nodes, the best knowledge the
 * controller has.
 */
export function inSyncReplicas(image: MetadataImage, topicId: string, p: PartitionState, reports?: PartitionReports): number[] {
  const report = reports?.current(image, topicId, p);
  if (!reports || !report || report.voters.length === 0) return p.replicas.filter((r) => isNodeLive(image, r));
  const caughtUp = new Set(report.caughtUp);
  caughtUp.add(report.leaderId);
  // Just after a leader change: what the previous leader had in sync, until the new one has heard from its followers.
  for (const id of reports.carriedInSync(image, topicId, p)) caughtUp.add(id);
  return [...new Set([...p.replicas, ...p.targetReplicas])].filter((r) => caughtUp.has(r) && isNodeLive(image, r));
}

function missesInSync(p: PartitionState, inSync: readonly number[]): boolean {
  return p.replicas.some((r) => !inSync.includes(r));
}

export function describePartition(image: MetadataImage, topicId: string, p: PartitionState, reports?: PartitionReports): wire.PartitionDescription__Output {
  const offlineReps = offlineReplicas(image, p);
  const inSync = inSyncReplicas(image, topicId, p, reports);
  const log = reports?.current(image, topicId, p)?.log;
  return {
    partition: p.partition,
    leaderId: p.leaderId,
    leaderEpoch: p.leaderEpoch,
    replicas: [...p.replicas],
    inSyncReplicas: inSync,
    offlineReplicas: offlineReps,
    offline: isPartitionOffline(image, p),
    underReplicated: isUnderReplicated(image, p) || missesInSync(p, inSync),
    targetReplicas: [...p.targetReplicas],
    addingReplicas: addingReplicas(p),
    removingReplicas: removingReplicas(p),
    log: log
      ? {
          logStartOffset: String(log.logStartOffset),
          localLogStartOffset: String(log.localLogStartOffset),
          highWatermark: String(log.highWatermark),
          localSizeBytes: String(log.localSizeBytes),
          remoteSizeBytes: String(log.remoteSizeBytes),
          remoteSegments: log.remoteSegments,
          remoteEndOffset: String(log.remoteEndOffset),
        }
      : null,
  };
}

export function describeTopic(image: MetadataImage, topic: TopicState, reports?: PartitionReports): wire.TopicDescription__Output {
  return {
    name: topic.name,
    topicId: topic.topicId,
    internal: isInternalTopic(topic.name),
    replicationFactor: replicationFactorOf(topic),
    partitions: topic.partitions.map((p) => describePartition(image, topic.topicId, p, reports)),
    configs: Object.fromEntries(topic.configs),
  };
}

export function requireTopic(image: MetadataImage, name: string): TopicState {
  const topic = image.topicsByName.get(name);
  if (!topic) throw unknownTopic(name);
  return topic;
}

export function listTopics(image: MetadataImage, includeInternal: boolean): wire.ListTopicsResponse__Output {
  const topics = [...image.topicsByName.values()]
    .filter((t) => includeInternal || !isInternalTopic(t.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((t) => ({ name: t.name, topicId: t.topicId, partitions: t.partitions.length, replicationFactor: replicationFactorOf(t), internal: isInternalTopic(t.name) }));
  return { topics };
}

export function nodeInfo(image: MetadataImage, node: NodeState): wire.NodeInfo__Output {
  return { nodeId: node.id, address: node.address, rack: node.rack, online: !node.fenced, roles: [...node.roles], state: nodeStateOf(image, node) };
}

function sortedNodes(image: MetadataImage): wire.NodeInfo__Output[] {
  return [...image.nodes.values()].sort((a, b) => a.id - b.id).map((n) => nodeInfo(image, n));
}

export function describeCluster(
  image: MetadataImage,
  voters: readonly ControllerRef[],
  active: ControllerRef | undefined,
  reports?: PartitionReports,
): wire.DescribeClusterResponse__Output {
  let offline = 0;
  let under = 0;
  let reassigning = 0;
  for (const t of image.topicsByName.values()) {
    for (const p of t.partitions) {
      if (isPartitionOffline(image, p)) offline++;
      if (isUnderReplicated(image, p) || (reports !== undefined && missesInSync(p, inSyncReplicas(image, t.topicId, p, reports)))) under++;
      if (isReassigning(p)) reassigning++;
    }
  }
  return {
    clusterId: image.clusterId,
    nodes: sortedNodes(image),
    controllers: voters.map((v) => ({ nodeId: v.id, address: v.address, active: v.id === active?.id })),
    activeControllerId: active?.id ?? -1,
    metadataVersion: String(image.version),
    topicCount: image.topicsByName.size,
    partitionCount: image.partitionCount,
    offlinePartitionCount: offline,
    underReplicatedPartitionCount: under,
    reassigningPartitionCount: reassigning,
  };
}

export function getMetadata(
  image: MetadataImage,
  request: Pick<wire.GetMetadataRequest__Output, 'topics' | 'includeInternal'>,
  controllerId: number,
  reports?: PartitionReports,
): wire.GetMetadataResponse__Output {
  const topics =
    request.topics.length === 0
      ? [...image.topicsByName.values()].filter((t) => request.includeInternal || !isInternalTopic(t.name))
      : [...new Set(request.topics)].map((name) => requireTopic(image, name));
  return {
    clusterId: image.clusterId,
    metadataVersion: String(image.version),
    nodes: sortedNodes(image),
    topics: topics.map((t) => ({
      name: t.name,
      topicId: t.topicId,
      internal: isInternalTopic(t.name),
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        leaderId: isPartitionOffline(image, p) ? -1 : p.leaderId,
        leaderEpoch: p.leaderEpoch,
        replicas: [...p.replicas],
        inSyncReplicas: inSyncReplicas(image, t.topicId, p, reports),
        offlineReplicas: offlineReplicas(image, p),
        targetReplicas: [...p.targetReplicas],
      })),
    })),
    controllerId,
  };
}

/** Every topic config (or the named keys) with its effective value and where it comes from. */
export function describeConfigs(image: MetadataImage, request: Pick<wire.DescribeConfigsRequest__Output, 'resourceType' | 'resourceName' | 'keys'>): wire.DescribeConfigsResponse__Output {
  if (request.resourceType === 'CONFIG_RESOURCE_TYPE_NODE') {
    const node = image.nodes.get(Number(request.resourceName));
    if (!/^\d+$/.test(request.resourceName) || !node) {
      throw new InvalidRequestError(`node "${request.resourceName}" is not registered; give a registered node id (eddy cluster status lists them)`);
    }
    const entries = [...node.configs]
      .filter(([k]) => request.keys.length === 0 || request.keys.includes(k))
      .map(([name, value]) => ({ name, value, source: 'CONFIG_SOURCE_NODE' as const, readOnly: true, documentation: '' }));
    return { entries };
  }
  if (request.resourceType !== 'CONFIG_RESOURCE_TYPE_TOPIC') {
    throw new InvalidRequestError('resource_type is missing; set it to CONFIG_RESOURCE_TYPE_TOPIC or CONFIG_RESOURCE_TYPE_NODE');
  }
  const topic = requireTopic(image, request.resourceName);
  for (const key of request.keys) {
    if (!isTopicConfigKey(key)) {
      throw new InvalidConfigError(`unknown topic config "${key}"; known keys: ${TOPIC_CONFIG_KEYS.join(', ')}`, { details: { field: key } });
    }
  }
  const keys = request.keys.length === 0 ? TOPIC_CONFIG_KEYS : TOPIC_CONFIG_KEYS.filter((k) => request.keys.includes(k));
  return {
    entries: keys.map((key) => {
      const override = topic.configs.get(key);
      return {
        name: key,
        value: override ?? String(TOPIC_CONFIG_SPECS[key].default),
        source: override === undefined ? 'CONFIG_SOURCE_DEFAULT' : 'CONFIG_SOURCE_TOPIC',
        readOnly: false,
        documentation: TOPIC_CONFIG_SPECS[key].doc,
      };
    }),
  };
}
