// Safety checkers run by the simulator after every Ready a node handles:
// - election safety: at most one leader per term, across all time;
// - log matching: two persisted entries with the same index and term hold the
//   same data and follow the same previous term (by induction, identical prefixes);
// - commit agreement + leader completeness: every index committed anywhere has
//   one term, and every leader of a later term holds it;
// - state-machine safety: no two nodes apply different entries at one index;
// - durability of commits: the highest commit stays on a majority (of the
//   configuration that committed it) of nodes' durable logs, counting a node
//   that lost it to its disk while it repairs past it (it votes for no leader
//   until it holds the entry again).

import { majority } from '../core/quorum.js';
import type { MemoryStorage } from '../core/memory-storage.js';
import type { Entry, NodeId } from '../core/types.js';
import type { RaftLog } from '../core/raft-log.js';

export interface Violation {
  readonly kind: string;
  readonly detail: string;
  readonly tick: number;
}

interface PersistedEntry {
  readonly term: number;
  readonly prevTerm: number;
  readonly data: Uint8Array;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class SafetyChecker {
  readonly violations: Violation[] = [];
  tick = 0;
  private readonly leaderOfTerm = new Map<number, NodeId>();
  private readonly persisted: (PersistedEntry[] | undefined)[] = [];
  /** committedTerm[i]: the term of the entry committed at index i. */
  private readonly committedTerm: number[] = [];
  /** commitSeenTerm[i]: the lowest node term at which index i was reported committed. */
  private readonly commitSeenTerm: number[] = [];
  private readonly applied: ({ term: number; data: Uint8Array } | undefined)[] = [];
  maxCommitted = 0;
  private coverage: { index: number; term: number; voters: NodeId[]; outgoing: NodeId[] } | undefined;

  private fail(kind: string, detail: string): void {
    if (this.violations.length < 20) this.violations.push({ kind, detail, tick: this.tick });
  }

  leaderCount(): number {
    return this.leaderOfTerm.size;
  }

  onLeader(id: NodeId, term: number, log: RaftLog): void {
    const prev = this.leaderOfTerm.get(term);
    if (prev === undefined) {
      this.leaderOfTerm.set(term, id);
      this.checkLeaderCompleteness(id, term, log);
    } else if (prev !== id) {
      this.fail('election-safety', `term ${term} has two leaders: ${prev} and ${id}`);
    }
  }

  private checkLeaderCompleteness(id: NodeId, term: number, log: RaftLog): void {
    const from = Math.max(1, log.firstIndex() - 1);
    for (let i = from; i <= this.maxCommitted; i++) {
      const ct = this.committedTerm[i];
      const seen = this.commitSeenTerm[i];
      if (ct === undefined || seen === undefined || seen >= term) continue;
      const t = log.term(i);
      if (t !== ct) {
        this.fail('leader-completeness', `leader ${id} of term ${term} has term ${t ?? 'none'} at index ${i}, committed with term ${ct} (seen in term ${seen})`);
        return;
      }
    }
  }

  /** Call after `entries` were appended to `storage` (node's durable log). */
  onPersistEntries(id: NodeId, storage: MemoryStorage, entries: readonly Entry[]): void {
    for (const e of entries) {
      const prevTerm = storage.term(e.index - 1);
      if (prevTerm === undefined) continue;
      let at = this.persisted[e.index];
      if (at === undefined) this.persisted[e.index] = at = [];
      let found = false;
      for (const p of at) {
        if (p.term !== e.term) continue;
        found = true;
        if (p.prevTerm !== prevTerm || !sameBytes(p.data, e.data)) {
          this.fail('log-matching', `node ${id}: entry ${e.index}@${e.term} follows term ${prevTerm} (others: ${p.prevTerm}) or differs in data`);
        }
        break;
      }
      if (!found) at.push({ term: e.term, prevTerm, data: e.data });
    }
  }

  /** Node `id` at `nodeTerm` persisted commit index advancing from `from` to `to`. */
  onCommit(id: NodeId, nodeTerm: number, from: number, to: number, storage: MemoryStorage): void {
    for (let i = from + 1; i <= to; i++) {
      const t = storage.term(i);
      if (t === undefined) continue;
      this.registerCommitted(id, i, t, nodeTerm);
    }
    if (to > this.maxCommitted) this.maxCommitted = to;
  }

  registerCommitted(id: NodeId, index: number, term: number, nodeTerm: number): void {
    const ct = this.committedTerm[index];
    if (ct === undefined) {
      this.committedTerm[index] = term;
    } else if (ct !== term) {
      this.fail('commit-agreement', `node ${id} committed index ${index} with term ${term}, previously committed with term ${ct}`);
    }
    const seen = this.commitSeenTerm[index];
    if (seen === undefined || nodeTerm < seen) this.commitSeenTerm[index] = nodeTerm;
  }

  /** A leader committed up to index under configuration `voters` (and `outgoing`, when joint). */
  onLeaderCommit(index: number, term: number, voters: readonly NodeId[], outgoing: readonly NodeId[] = []): void {
    if (this.coverage === undefined || index > this.coverage.index) this.coverage = { index, term, voters: [...voters], outgoing: [...outgoing] };
  }

  onApply(id: NodeId, e: Entry): void {
    const prev = this.applied[e.index];
    if (prev === undefined) {
      this.applied[e.index] = { term: e.term, data: e.data };
    } else if (prev.term !== e.term || !sameBytes(prev.data, e.data)) {
      this.fail('state-machine-safety', `node ${id} applied ${e.index}@${e.term}, another node applied ${e.index}@${prev.term}`);
    }
  }

  /**
   * Log Matching over whole durable logs (§5.3): for every pair of nodes, if
   * both hold an entry with the same index and term, all entries before it
   * (in the range both still hold) have equal terms. Complements the
   * incremental per-entry check with a direct pairwise one.
   */
  checkLogMatching(storages: readonly { id: NodeId; storage: MemoryStorage }[]): void {
    for (let a = 0; a < storages.length; a++) {
      for (let b = a + 1; b < storages.length; b++) {
        const x = storages[a] as { id: NodeId; storage: MemoryStorage };
        const y = storages[b] as { id: NodeId; storage: MemoryStorage };
        const lo = Math.max(x.storage.firstIndex(), y.storage.firstIndex());
        const hi = Math.min(x.storage.lastIndex(), y.storage.lastIndex());
        let matched = false;
        for (let i = hi; i >= lo; i--) {
          const tx = x.storage.term(i);
          const ty = y.storage.term(i);
          if (tx === ty) matched = true;
          else if (matched) {
            this.fail('log-matching', `nodes ${x.id} and ${y.id} agree on a later entry but differ at index ${i} (terms ${tx} vs ${ty})`);
            return;
          }
        }
      }
    }
  }

  /** The highest leader commit must remain on a majority of its configuration's durable logs (of both halves when joint). */
  checkDurableCommit(storageOf: (id: NodeId) => MemoryStorage | undefined): void {
    const c = this.coverage;
    if (c === undefined) return;
    for (const voters of [c.voters, c.outgoing]) {
      if (voters.length === 0) continue;
      let have = 0;
      for (const v of voters) {
        const s = storageOf(v);
        if (s === undefined) continue;
        if (s.snapshot().metadata.index >= c.index || s.term(c.index) === c.term || (s.initialState().repairUntil ?? 0) >= c.index) have++;
      }
      if (have < majority(voters.length)) {
        this.fail('commit-lost', `committed entry ${c.index}@${c.term} is durable on only ${have} of voters [${voters.join(',')}]`);
        this.coverage = undefined;
        return;
      }
    }
  }
}
