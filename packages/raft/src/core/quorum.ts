// Quorum math: the commit index a majority has reached and the outcome of a
// vote, for one majority configuration and for a joint one (both majorities).
// Pure functions, no state.

import type { NodeId } from './types.js';

export const VoteResult = {
  Pending: 'pending',
  Lost: 'lost',
  Won: 'won',
} as const;
export type VoteResult = (typeof VoteResult)[keyof typeof VoteResult];

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/**
 * The largest index that a majority of `voters` have acknowledged (match index).
 * An empty configuration commits nothing (returns 0).
 */
export function committedIndex(voters: readonly NodeId[], matchOf: (id: NodeId) => number): number {
  const n = voters.length;
  if (n === 0) return 0;
  if (n === 1) return matchOf(voters[0] as NodeId);
  // An insertion sort, descending, into a scratch array reused across calls:
  // this runs on every acknowledgement a leader gets, and Array.prototype.sort
  // with a comparator allocated on each (voter sets are small).
  const srt = scratch.length >= n ? scratch : (scratch = new Array<number>(n));
  for (let i = 0; i < n; i++) {
    const m = matchOf(voters[i] as NodeId);
    let j = i;
    for (; j > 0 && (srt[j - 1] as number) < m; j--) srt[j] = srt[j - 1] as number;
    srt[j] = m;
  }
  // Sorted descending, the value at position majority(n)-1 is held by a majority.
  return srt[majority(n) - 1] as number;
}

let scratch: number[] = new Array<number>(7);

/**
 * Tally of votes (true = granted, false = rejected, absent = not yet heard).
 * An empty configuration wins by convention (nothing to ask).
 */
export function voteResult(voters: readonly NodeId[], votes: ReadonlyMap<NodeId, boolean>): VoteResult {
  if (voters.length === 0) return VoteResult.Won;
  let granted = 0;
  let missing = 0;
  for (const id of voters) {
    const v = votes.get(id);
    if (v === undefined) missing++;
    else if (v) granted++;
  }
  const q = majority(voters.length);
  if (granted >= q) return VoteResult.Won;
  if (granted + missing >= q) return VoteResult.Pending;
  return VoteResult.Lost;
}

// ---- joint configurations (C_old,new) ---------------------------------------------------
// While a membership change is joint, every decision needs a majority of the
// incoming voters AND a majority of the outgoing ones (Raft thesis §4.3). An
// empty outgoing half means "not joint" and never holds a decision back.

/** The largest index acknowledged by a majority of both halves. */
export function jointCommittedIndex(incoming: readonly NodeId[], outgoing: readonly NodeId[], matchOf: (id: NodeId) => number): number {
  const a = committedIndex(incoming, matchOf);
  if (outgoing.length === 0) return a;
  const b = committedIndex(outgoing, matchOf);
  // An empty incoming half is no configuration to decide with (never joint in practice).
  if (incoming.length === 0) return b;
  return Math.min(a, b);
}

/** A vote is won when both halves win it, lost when either loses it, and pending otherwise. */
export function jointVoteResult(incoming: readonly NodeId[], outgoing: readonly NodeId[], votes: ReadonlyMap<NodeId, boolean>): VoteResult {
  const a = voteResult(incoming, votes);
  const b = voteResult(outgoing, votes);
  if (a === b) return a;
  if (a === VoteResult.Lost || b === VoteResult.Lost) return VoteResult.Lost;
  return VoteResult.Pending;
}
