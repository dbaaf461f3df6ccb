// A linearizability checker for register histories (one register per key),
// in the Wing & Gong / Lowe style with memoisation of (linearized set, state)
// as in porcupine. Keys are independent (P-compositionality), so each key's
// history is checked alone.

import type { Operation } from './history.js';

export interface LinearizabilityResult {
  readonly ok: boolean;
  /** The first key whose history is not linearizable. */
  readonly key?: string;
  /** True when the search gave up (budget exhausted): neither proven nor refuted. */
  readonly inconclusive?: boolean;
}

/**
 * Checks a history of put/get operations on registers that start absent (null).
 * Gets must have completed; puts may be pending (complete = Infinity).
 */
export function checkLinearizable(history: readonly Operation[], budget = 2_000_000): LinearizabilityResult {
  const byKey = new Map<string, Operation[]>();
  for (const op of history) {
    let l = byKey.get(op.key);
    if (l === undefined) byKey.set(op.key, (l = []));
    l.push(op);
  }
  let inconclusive = false;
  for (const [key, ops] of byKey) {
    const r = checkRegister(ops, budget);
    if (r === false) return { ok: false, key };
    if (r === undefined) inconclusive = true;
  }
  return inconclusive ? { ok: true, inconclusive: true } : { ok: true };
}

/** true = linearizable, false = not, undefined = budget exhausted. */
export function checkRegister(input: readonly Operation[], budget: number): boolean | undefined {
  // A pending put whose value nobody read can always be linearized last, after
  // everything else: dropping it changes no answer and prunes the search.
  const observed = new Set<string>();
  for (const op of input) if (op.kind === 'get' && op.value !== null) observed.add(op.value);
  const ops = input
    .filter((op) => !(op.kind === 'put' && op.complete === Infinity && (op.value === null || !observed.has(op.value))))
    .slice()
    .sort((a, b) => a.invoke - b.invoke);
  const n = ops.length;
  if (n === 0) return true;
  const done = new Uint8Array(n);
  const memo = new Set<string>();
  let steps = 0;
  let mask = 0n;

  const dfs = (state: string | null, count: number): boolean | undefined => {
    if (count === n) return true;
    if (++steps > budget) return undefined;
    let minComplete = Infinity;
    for (let i = 0; i < n; i++) if (done[i] === 0 && (ops[i] as Operation).complete < minComplete) minComplete = (ops[i] as Operation).complete;
    // A get that may go next and reads the current value can always be taken
    // first without loss: it changes nothing and no pending op must precede it.
    // Taking it greedily avoids branching over reads.
    for (let i = 0; i < n; i++) {
      if (done[i] !== 0) continue;
      const op = ops[i] as Operation;
      if (op.invoke > minComplete) break;
      if (op.kind !== 'get' || op.value !== state) continue;
      done[i] = 1;
      const bit = 1n << BigInt(i);
      mask |= bit;
      const r = dfs(state, count + 1);
      done[i] = 0;
      mask &= ~bit;
      return r;
    }
    for (let i = 0; i < n; i++) {
      if (done[i] !== 0) continue;
      const op = ops[i] as Operation;
      // Sorted by invoke: nothing later can be linearized before minComplete either.
      if (op.invoke > minComplete) break;
      let next: string | null;
      if (op.kind === 'put') next = op.value;
      else if (op.value === state) next = state;
      else continue;
      const bit = 1n << BigInt(i);
      const nm = mask | bit;
      const key = `${nm.toString(36)}|${next ?? '\u0000'}`;
      if (memo.has(key)) continue;
      memo.add(key);
      done[i] = 1;
      mask = nm;
      const r = dfs(next, count + 1);
      done[i] = 0;
      mask = mask & ~bit;
      if (r !== false) return r;
    }
    return false;
  };
  return dfs(null, 0);
}
