// Heartbeats and fencing. A heartbeat from the current incarnation keeps it
// unfenced (and unfences it when its session had expired); one that announces
// shutdown fences it so it is offered no more leaderships. Fencing by the
// session tracker names the epoch it saw, so a fence never hits a newer
// incarnation that registered meanwhile.
import type { MetadataImage, MetadataRecord } from '../metadata/image.js';
import { records } from '../metadata/records.js';
import { runCommand, type CommandResult } from './command-result.js';
import { requireCurrentNode } from './node-checks.js';

export interface HeartbeatInput {
  nodeId: number;
  epoch: number;
  shuttingDown: boolean;
}

export function nodeHeartbeat(image: MetadataImage, input: HeartbeatInput): CommandResult<{ registered: boolean }> {
  return runCommand<{ registered: boolean }>(() => {
    // An unknown node (e.g. the controller's metadata was reset) registers again.
    if (!image.nodes.has(input.nodeId)) return { records: [], value: { registered: false } };
    const node = requireCurrentNode(image, input.nodeId, input.epoch);
    let out: MetadataRecord[] = [];
    if (input.shuttingDown) out = node.fenced ? [] : [records.nodeFenced(node.id, node.epoch)];
    else if (node.fenced) out = [records.nodeUnfenced(node.id, node.epoch)];
    return { records: out, value: { registered: true } };
  });
}

/** Records fencing `nodeId` at `epoch`; none when it is gone, superseded or already fenced. */
export function fenceNode(image: MetadataImage, nodeId: number, epoch: number): MetadataRecord[] {
  const node = image.nodes.get(nodeId);
  return node && node.epoch === epoch && !node.fenced ? [records.nodeFenced(nodeId, epoch)] : [];
}

/** Records unfencing `nodeId` at `epoch`; none when it is gone, superseded or not fenced. */
export function unfenceNode(image: MetadataImage, nodeId: number, epoch: number): MetadataRecord[] {
  const node = image.nodes.get(nodeId);
  return node && node.epoch === epoch && node.fenced ? [records.nodeUnfenced(nodeId, epoch)] : [];
}
