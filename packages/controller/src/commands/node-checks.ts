// Requests from storage nodes carry (node id, node epoch); only the current
// incarnation of a registered node may act.
import { FencedError, StaleNodeEpochError } from '@eddy/protocol';
import type { MetadataImage, NodeState } from '../metadata/image.js';

export function requireCurrentNode(image: MetadataImage, nodeId: number, epoch: number): NodeState {
  const node = image.nodes.get(nodeId);
  if (!node) throw new FencedError(`node ${nodeId} is not registered; register it (RegisterNode) and use the epoch it returns`);
  if (epoch !== node.epoch) {
    throw new StaleNodeEpochError(
      `node ${nodeId} epoch ${epoch} is not the current epoch ${node.epoch}: a newer incarnation registered; stop this process or register again`,
    );
  }
  return node;
}
