// Quorum math for a single majority configuration: the commit index a majority
// has reached, and the outcome of a vote. Pure functions, no state.

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
  const srt = new Array<number>(n);
  for (let i = 0; i < n; i++) srt[i] = matchOf(voters[i] as NodeId);
  srt.sort((a, b) => b - a);
  // Sorted descending, the value at position majority(n)-1 is held by a majority.
  return srt[majority(n) - 1] as number;
}

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
