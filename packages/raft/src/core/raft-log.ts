// The log as one node's Raft sees it: durable entries (through Storage) plus the
// unstable tail, with the commit and applied cursors. Implements the append
// consistency check, conflict detection and the up-to-date comparison.

import type { Storage } from './storage.js';
import { limitSize } from './storage.js';
import { Unstable } from './unstable.js';
import type { Entry, Snapshot } from './types.js';

export class RaftLog {
  readonly unstable: Unstable;
  /** Highest index known to be committed (on a quorum). */
  committed: number;
  /** Highest index the application has applied (acknowledged via advance). */
  applied: number;

  constructor(
    readonly storage: Storage,
    /** Test-only bug: append conflicting entries without truncating the old suffix. */
    private readonly bugNoTruncate = false,
  ) {
    const last = storage.lastIndex();
    this.unstable = new Unstable(last + 1);
    // The snapshot holds only committed, applied state; a storage may keep
    // entries older than it (firstIndex() - 1 below the snapshot's index).
    const base = Math.max(storage.firstIndex() - 1, storage.snapshot()?.metadata.index ?? 0);
    this.committed = base;
    this.applied = base;
  }

  firstIndex(): number {
    return this.unstable.maybeFirstIndex() ?? this.storage.firstIndex();
  }

  lastIndex(): number {
    return this.unstable.maybeLastIndex() ?? this.storage.lastIndex();
  }

  /** The last index the driver has made durable here (the unstable tail excluded). */
  lastDurableIndex(): number {
    return Math.min(this.lastIndex(), this.unstable.offset - 1);
  }

  /** Term of entry i, or undefined if i is compacted or beyond the last index. */
  term(i: number): number | undefined {
    const t = this.unstable.maybeTerm(i);
    if (t !== undefined) return t;
    if (i + 1 < this.firstIndex() || i > this.lastIndex()) return undefined;
    return this.storage.term(i);
  }

  termOr0(i: number): number {
    return this.term(i) ?? 0;
  }

  lastTerm(): number {
    return this.termOr0(this.lastIndex());
  }

  matchTerm(i: number, t: number): boolean {
    const term = this.term(i);
    return term !== undefined && term === t;
  }

  /**
   * Raft's up-to-date rule (§5.4.1): a log ending at (lasti, term) is at least as
   * up to date as ours.
   */
  isUpToDate(lasti: number, term: number): boolean {
    const lt = this.lastTerm();
    return term > lt || (term === lt && lasti >= this.lastIndex());
  }

  /**
   * The follower side of AppendEntries: if our log matches (index, logTerm),
   * append ents (truncating a conflicting suffix), advance commit to
   * min(committed, last new index) and return the last new index; otherwise undefined.
   */
  maybeAppend(index: number, logTerm: number, committed: number, ents: readonly Entry[]): number | undefined {
    if (!this.matchTerm(index, logTerm)) return undefined;
    const lastNew = index + ents.length;
    const ci = this.findConflict(ents);
    if (ci !== 0) {
      if (ci <= this.committed) throw new Error(`raft log: entry ${ci} conflicts with committed entry (committed ${this.committed})`);
      const rest = ents.slice(ci - index - 1);
      if (this.bugNoTruncate && ci <= this.lastIndex()) {
        // Known bug, test-only: keep the conflicting suffix, append only what is new.
        const last = this.lastIndex();
        const fresh = rest.filter((e) => e.index > last);
        if (fresh.length > 0) this.append(fresh);
      } else {
        this.append(rest);
      }
    }
    this.commitTo(Math.min(committed, lastNew));
    return lastNew;
  }

  append(ents: readonly Entry[]): number {
    const first = ents[0];
    if (first === undefined) return this.lastIndex();
    if (first.index - 1 < this.committed) {
      throw new Error(`raft log: append after ${first.index - 1} is below committed ${this.committed}`);
    }
    this.unstable.truncateAndAppend(ents);
    return this.lastIndex();
  }

  /**
   * Index of the first entry in ents that is new or conflicts with ours (0 if
   * all are already present). ents must be contiguous.
   */
  findConflict(ents: readonly Entry[]): number {
    for (const e of ents) {
      if (!this.matchTerm(e.index, e.term)) return e.index;
    }
    return 0;
  }

  /**
   * Fast backtracking: the largest index <= `index` whose term is <= `term`
   * (with that term). Everything above it cannot match an entry of `term`.
   */
  findConflictByTerm(index: number, term: number): { index: number; term: number } {
    let i = index;
    for (;;) {
      const t = this.term(i);
      if (t === undefined) return { index: i, term: 0 };
      if (t <= term) return { index: i, term: t };
      i--;
    }
  }

  unstableEntries(): readonly Entry[] {
    return this.unstable.entries;
  }

  hasNextCommittedEnts(): boolean {
    const off = Math.max(this.applied + 1, this.firstIndex());
    return this.committed + 1 > off;
  }

  /** Committed entries not yet applied, up to maxBytes. */
  nextCommittedEnts(maxBytes: number): Entry[] {
    const off = Math.max(this.applied + 1, this.firstIndex());
    if (this.committed + 1 <= off) return [];
    return this.slice(off, this.committed + 1, maxBytes) ?? [];
  }

  /** The snapshot to send or install: the unstable one if any, else storage's. */
  snapshot(): Snapshot | undefined {
    return this.unstable.snapshot ?? this.storage.snapshot();
  }

  commitTo(c: number): void {
    if (c > this.committed) {
      if (c > this.lastIndex()) throw new Error(`raft log: commit ${c} beyond last index ${this.lastIndex()}`);
      this.committed = c;
    }
  }

  appliedTo(i: number): void {
    if (i === 0) return;
    if (i > this.committed || i < this.applied) {
      throw new Error(`raft log: applied ${i} out of range [${this.applied}, ${this.committed}]`);
    }
    this.applied = i;
  }

  stableTo(i: number, t: number): void {
    this.unstable.stableTo(i, t);
  }

  stableSnapTo(i: number): void {
    this.unstable.stableSnapTo(i);
  }

  /**
   * Commits up to maxIndex if that entry is from `term`. Raft §5.4.2: a leader
   * only commits entries of its own term by counting replicas; earlier entries
   * commit indirectly. `bugAnyTerm` (test-only) drops that check.
   */
  maybeCommit(maxIndex: number, term: number, bugAnyTerm = false): boolean {
    if (maxIndex > this.committed && (bugAnyTerm || this.termOr0(maxIndex) === term)) {
      this.commitTo(maxIndex);
      return true;
    }
    return false;
  }

  restore(s: Snapshot): void {
    this.committed = s.metadata.index;
    this.unstable.restore(s);
  }

  /** Entries [i, lastIndex], up to maxBytes; undefined if i is compacted. */
  entries(i: number, maxBytes: number): Entry[] | undefined {
    if (i > this.lastIndex()) return [];
    return this.slice(i, this.lastIndex() + 1, maxBytes);
  }

  /** Every entry from firstIndex (for tests and checkers). */
  allEntries(): Entry[] {
    return this.entries(this.firstIndex(), Number.MAX_SAFE_INTEGER) ?? [];
  }

  /** Entries [lo, hi) limited to maxBytes; undefined if lo is compacted. */
  slice(lo: number, hi: number, maxBytes: number): Entry[] | undefined {
    if (lo >= hi) return [];
    if (lo < this.firstIndex()) return undefined;
    if (hi > this.lastIndex() + 1) throw new Error(`raft log: slice [${lo},${hi}) beyond last ${this.lastIndex()}`);
    let ents: Entry[] = [];
    const uoff = this.unstable.offset;
    if (lo < uoff) {
      const stored = this.storage.entries(lo, Math.min(hi, uoff), maxBytes);
      if (stored === undefined) return undefined;
      // Storage stopped early on size: do not add unstable entries after a gap.
      if (stored.length < Math.min(hi, uoff) - lo) return stored;
      ents = stored;
    }
    if (hi > uoff) {
      const u = this.unstable.slice(Math.max(lo, uoff), hi);
      ents = ents.length > 0 ? ents.concat(u) : u;
    }
    return limitSize(ents, maxBytes);
  }
}
