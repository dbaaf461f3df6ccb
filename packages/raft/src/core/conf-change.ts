// Membership changes: the ConfChange codec (a conf-change entry's data) and the
// rule that turns one change into the next configuration. Changes are
// single-server (one voter added or removed per change, learners freely), which
// keeps every two consecutive majorities overlapping without joint consensus.

import { ConfChangeType, type ConfChange, type ConfState } from './types.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeConfChange(cc: ConfChange): Uint8Array {
  return encoder.encode(JSON.stringify({ t: cc.type, n: cc.nodeId }));
}

export function decodeConfChange(data: Uint8Array): ConfChange {
  const o = JSON.parse(decoder.decode(data)) as { t: ConfChangeType; n: number };
  return { type: o.t, nodeId: o.n };
}

/**
 * The configuration after applying cc to cs, or undefined when the change is
 * invalid (it would leave no voter, or names node 0).
 */
export function nextConfState(cs: ConfState, cc: ConfChange): ConfState | undefined {
  if (cc.nodeId <= 0) return undefined;
  const voters = cs.voters.filter((v) => v !== cc.nodeId);
  const learners = cs.learners.filter((v) => v !== cc.nodeId);
  switch (cc.type) {
    case ConfChangeType.AddNode:
      voters.push(cc.nodeId);
      break;
    case ConfChangeType.AddLearner:
      learners.push(cc.nodeId);
      break;
    case ConfChangeType.RemoveNode:
      break;
    default:
      return undefined;
  }
  if (voters.length === 0) return undefined;
  voters.sort((a, b) => a - b);
  learners.sort((a, b) => a - b);
  return { voters, learners };
}
