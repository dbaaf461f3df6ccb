// How to move a group from its configuration to a target set of voters, one
// Raft change at a time, in the order docs/architecture.md §6 describes: new replicas join
// as learners and catch up, then one joint change promotes them and removes
// the voters that leave, then leftover learners go. Pure: the caller (a
// partition leader) proposes each step, waits for it to apply, and asks again.

import { applyConfChangeV2, LEAVE_JOINT } from './conf-change.js';
import { ConfChangeType, isJoint, type ConfChange, type ConfChangeV2, type ConfState, type NodeId } from './types.js';

export interface MembershipTarget {
  /** The voters the group should end with (and no learners). */
  readonly voters: readonly NodeId[];
}

/**
 * The next change that moves `current` towards exactly `target.voters` as
 * voters and no learners:
 *  1. a joint configuration left behind (e.g. by a crash before an explicit
 *     leave) is left first; one that leaves by itself (autoLeave) is waited for;
 *  2. every target member that is not in the group joins as a learner (one change);
 *  3. once every target member that is a learner is caught up (`caughtUp`),
 *     one change promotes them all and removes the voters not in the target
 *     (joint when it alters more than one voter, simple otherwise);
 *  4. learners not in the target are removed (one change).
 * Returns undefined when the configuration already equals the target, and
 * 'wait' when nothing can be done yet (learners catching up, an automatic
 * leave pending, or no configuration known here).
 *
 * The step may remove this node (the leader): see removesVoter, and move
 * leadership to a voter that stays before proposing it.
 * Throws a RangeError when the target names no voter or an id that is not a
 * positive integer: a group cannot be moved there.
 */
export function nextMembershipStep(current: ConfState, target: MembershipTarget, caughtUp: (id: NodeId) => boolean): ConfChangeV2 | undefined | 'wait' {
  const want = new Set<NodeId>(target.voters);
  if (want.size === 0) throw new RangeError('membership target names no voter: a group needs at least one');
  for (const id of want) {
    if (!Number.isSafeInteger(id) || id <= 0) throw new RangeError(`membership target names ${String(id)}, which is not a node id (a positive integer)`);
  }
  if (current.voters.length === 0) return 'wait';
  if (isJoint(current)) return current.autoLeave === true ? 'wait' : LEAVE_JOINT;

  const members = new Set<NodeId>([...current.voters, ...current.learners]);
  const joining = [...want].filter((id) => !members.has(id)).sort((a, b) => a - b);
  if (joining.length > 0) return { changes: joining.map((nodeId) => change(ConfChangeType.AddLearner, nodeId)) };

  const promote = current.learners.filter((id) => want.has(id));
  const leave = current.voters.filter((id) => !want.has(id));
  if (promote.length > 0 || leave.length > 0) {
    if (!promote.every((id) => caughtUp(id))) return 'wait';
    return {
      changes: [...promote.map((nodeId) => change(ConfChangeType.AddNode, nodeId)), ...leave.map((nodeId) => change(ConfChangeType.RemoveNode, nodeId))],
    };
  }

  const extra = current.learners.filter((id) => !want.has(id));
  if (extra.length > 0) return { changes: extra.map((nodeId) => change(ConfChangeType.RemoveNode, nodeId)) };
  return undefined;
}

/**
 * Whether applying `step` to `current` takes `id` out of the voters of the
 * configuration it leads to (a leader removed by a joint change leads until
 * the joint configuration is left, then steps down: move leadership first).
 */
export function removesVoter(current: ConfState, step: ConfChangeV2, id: NodeId): boolean {
  const next = applyConfChangeV2(current, step);
  if (!next.ok) return false;
  const before = current.voters.includes(id) || (current.votersOutgoing ?? []).includes(id);
  return before && !next.confState.voters.includes(id);
}

function change(type: ConfChangeType, nodeId: NodeId): ConfChange {
  return { type, nodeId };
}
