// DecommissionNode / RecommissionNode (docs/architecture.md §7.10). A
// decommission is one record (NodeDecommissionRecord): from then on the node
// gets no new replicas (placement skips it) and the balancer moves its
// replicas away; the node shows DECOMMISSIONING while it still hosts a
// replica and DECOMMISSIONED once it hosts none (derived, views.ts), when it
// may be removed. Recommissioning takes the decommission back; moves already
// finished stay where they went.
import { InvalidRequestError, NotEnoughReplicasError, UnknownNodeError } from '@eddy/protocol';
import type { MetadataImage, NodeState } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { isStorageNode } from '../metadata/views.js';
import { runCommand, type CommandResult } from './command-result.js';

export function decommissionNode(image: MetadataImage, nodeId: number): CommandResult<{ nodeId: number }> {
  return runCommand(() => {
    const node = requireNode(image, nodeId);
    if (!isStorageNode(node)) throw new InvalidRequestError(`node ${nodeId} has no storage role and holds no replicas; there is nothing to decommission`);
    if (node.decommissioning) return { records: [], value: { nodeId } };
    checkCapacity(image, node);
    return { records: [records.nodeDecommission(nodeId, true)], value: { nodeId } };
  });
}

export function recommissionNode(image: MetadataImage, nodeId: number): CommandResult<{ nodeId: number }> {
  return runCommand(() => {
    const node = requireNode(image, nodeId);
    return { records: node.decommissioning ? [records.nodeDecommission(nodeId, false)] : [], value: { nodeId } };
  });
}

export function requireNode(image: MetadataImage, nodeId: number): NodeState {
  const node = Number.isInteger(nodeId) ? image.nodes.get(nodeId) : undefined;
  if (!node) throw new UnknownNodeError(`node ${nodeId} is not registered; list the cluster's nodes with eddy node list`);
  return node;
}

/**
 * Every partition the node hosts must fit on the storage nodes that remain
 * (registered, not decommissioning, other than this one), one replica per
 * node. Offline nodes count: the balancer heals replicas on nodes that stay
 * away, and refusing because a node is briefly restarting would be wrong.
 */
function checkCapacity(image: MetadataImage, node: NodeState): void {
  let remaining = 0;
  for (const n of image.nodes.values()) if (n.id !== node.id && !n.decommissioning && isStorageNode(n)) remaining++;
  let needed = 0;
  let example = '';
  for (const topic of image.topicsByName.values()) {
    for (const p of topic.partitions) {
      const eventual = p.targetReplicas.length > 0 ? p.targetReplicas : p.replicas;
      if (!p.replicas.includes(node.id) && !p.targetReplicas.includes(node.id)) continue;
      if (eventual.length > needed) {
        needed = eventual.length;
        example = `${topic.name}-${p.partition}`;
      }
    }
  }
  if (needed > remaining) {
    throw new NotEnoughReplicasError(
      `node ${node.id} holds a replica of ${example}, which has ${needed} replicas, but only ${remaining} other storage node${remaining === 1 ? '' : 's'} would remain to hold them; ` +
        `add ${needed - remaining} storage node${needed - remaining === 1 ? '' : 's'} first, or lower those partitions' replica count (eddy topic reassign)`,
    );
  }
}
