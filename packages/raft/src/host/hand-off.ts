// Graceful hand-off of a group's leadership (shutdown, maintenance): pick the
// voter whose log matches the leader's furthest, send it TimeoutNow through
// the core's leadership transfer, and wait until another node leads.
import type { NodeId } from '../core/types.js';
import type { RaftGroup } from './raft-group.js';

const POLL_MS = 10;

/**
 * The other voter to hand leadership to: a node this host heard from within an
 * election timeout, preferring one the group heard from recently (CheckQuorum's
 * recentActive), then the highest match index. Undefined when no other voter's
 * node is live: a transfer to a stopped node could only time out. (A quiesced
 * group's recentActive is as old as its last traffic, so it alone cannot say.)
 */
export function bestTransferTarget(group: RaftGroup, self: NodeId): NodeId | undefined {
  const raft = group.node.raft;
  const voters = raft.trk.confState().voters;
  let best: { id: NodeId; match: number; active: boolean } | undefined;
  for (const [id, pr] of raft.trk.progress) {
    if (id === self || !voters.includes(id) || !group.isPeerLive(id)) continue;
    const better = !best || (pr.recentActive && !best.active) || (pr.recentActive === best.active && pr.match > best.match);
    if (better) best = { id, match: pr.match, active: pr.recentActive };
  }
  return best?.id;
}

/**
 * Hands leadership to the most caught-up live voter. Resolves true when this
 * node does not lead (any more); false at once when no live voter can take
 * over, or when the transfer did not finish within timeoutMs (this node then
 * still leads).
 */
export async function handOffLeadership(group: RaftGroup, self: NodeId, timeoutMs: number): Promise<boolean> {
  if (!group.isLeader) return true;
  const target = bestTransferTarget(group, self);
  if (target === undefined) return false;
  group.transferLeadership(target);
  const deadline = Date.now() + timeoutMs;
  while (group.isLeader && Date.now() < deadline) {
    await new Promise<void>((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
  }
  return !group.isLeader;
}
