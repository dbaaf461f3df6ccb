// The group's target assignment: a pure, deterministic, sticky and balanced
// assignor over the union of the members' subscriptions. Same inputs, same
// output, on any node — so a new coordinator that reloads the members and the
// previous target computes the same thing.
//
// 1. Sticky: a member keeps partitions of its previous target that it still
//    subscribes to, up to ceil(partitions / members).
// 2. Every partition left is given to the eligible member holding fewest
//    (ties: smallest member id).
// 3. While the fullest and emptiest members differ by more than one, a
//    partition moves from the one to the other when it can (always, when all
//    subscriptions are equal: balanced within one).
import { compareTpKeys, tpKey, type TpKey } from './topic-partition-key.js';

export interface AssignorMember {
  memberId: string;
  subscribedTopics: readonly string[];
  /** The member's previous target (stickiness). */
  previous: ReadonlySet<TpKey>;
}

/** Partition count of a topic, undefined when it does not exist (its subscribers get nothing of it). */
export type PartitionCounts = (topic: string) => number | undefined;

export function assign(members: readonly AssignorMember[], partitionCounts: PartitionCounts): Map<string, Set<TpKey>> {
  const sorted = [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : a.memberId > b.memberId ? 1 : 0));
  const out = new Map<string, Set<TpKey>>(sorted.map((m) => [m.memberId, new Set<TpKey>()]));
  const eligible = new Map<TpKey, Set<string>>();
  for (const m of sorted) {
    for (const topic of new Set(m.subscribedTopics)) {
      const n = partitionCounts(topic) ?? 0;
      for (let p = 0; p < n; p++) {
        const k = tpKey(topic, p);
        let s = eligible.get(k);
        if (!s) eligible.set(k, (s = new Set()));
        s.add(m.memberId);
      }
    }
  }
  const partitions = [...eligible.keys()].sort(compareTpKeys);
  const active = sorted.filter((m) => m.subscribedTopics.length > 0).length;
  if (active === 0) return out;
  const cap = Math.ceil(partitions.length / active);
  const taken = new Set<TpKey>();

  for (const m of sorted) {
    const mine = out.get(m.memberId) as Set<TpKey>;
    for (const k of [...m.previous].sort(compareTpKeys)) {
      if (mine.size >= cap) break;
      if (!taken.has(k) && eligible.get(k)?.has(m.memberId)) {
        mine.add(k);
        taken.add(k);
      }
    }
  }

  for (const k of partitions) {
    if (taken.has(k)) continue;
    let best: string | undefined;
    for (const id of eligible.get(k) ?? []) {
      const size = (out.get(id) as Set<TpKey>).size;
      if (best === undefined || size < (out.get(best) as Set<TpKey>).size || (size === (out.get(best) as Set<TpKey>).size && id < best)) best = id;
    }
    if (best !== undefined) {
      (out.get(best) as Set<TpKey>).add(k);
      taken.add(k);
    }
  }

  rebalance(sorted.map((m) => m.memberId), out, eligible);
  return out;
}

function rebalance(ids: readonly string[], out: Map<string, Set<TpKey>>, eligible: Map<TpKey, Set<string>>): void {
  for (;;) {
    const bySize = [...ids].sort((a, b) => (out.get(a) as Set<TpKey>).size - (out.get(b) as Set<TpKey>).size || (a < b ? -1 : a > b ? 1 : 0));
    let moved = false;
    // Try the emptiest members against the fullest ones; stop when no move narrows a gap of two or more.
    for (let lo = 0; lo < bySize.length && !moved; lo++) {
      for (let hi = bySize.length - 1; hi > lo && !moved; hi--) {
        const small = out.get(bySize[lo] as string) as Set<TpKey>;
        const big = out.get(bySize[hi] as string) as Set<TpKey>;
        if (big.size - small.size <= 1) break;
        const candidate = [...big].sort(compareTpKeys).reverse().find((k) => eligible.get(k)?.has(bySize[lo] as string));
        if (candidate !== undefined) {
          big.delete(candidate);
          small.add(candidate);
          moved = true;
        }
      }
    }
    if (!moved) return;
  }
}
