// The read side of durable storage as the core sees it. The application writes
// (append, hard state, snapshot) while handling a Ready; the core only reads.
//
// Contract for implementations (e.g. a LevelDB driver keeping a per-group cache):
// - Every method is synchronous and must reflect every write the application
//   completed before its last advance(); serve from memory, never block.
// - The log is [firstIndex(), lastIndex()]; the entry at firstIndex()-1 is the
//   last one covered by the latest snapshot, and its term stays available
//   through term() (needed to match appends that follow the snapshot).
// - An empty log has firstIndex() = snapshotIndex + 1 and lastIndex() = snapshotIndex.
// - A storage may keep entries older than its latest snapshot (firstIndex() - 1
//   below the snapshot's index) and serve them: the leader then sends a
//   follower those entries as appends and a snapshot only below firstIndex().
//   firstIndex() may rise at any time (entries deleted); an entry found missing
//   makes entries()/term() answer undefined, as if compacted.

import type { ConfState, Entry, HardState, Snapshot } from './types.js';

export interface InitialState {
  readonly hardState: HardState;
  readonly confState: ConfState;
  /**
   * The storage found damage and cut the log (or lost the hard state): this
   * replica may have acknowledged entries it no longer holds. Until its commit
   * index reaches this index it neither votes nor campaigns (0 or absent: not
   * repairing). See docs/architecture.md, "Integrity".
   */
  readonly repairUntil?: number;
}

export interface Storage {
  /** Persisted hard state and the configuration as of the latest snapshot. */
  initialState(): InitialState;
  /**
   * Entries [lo, hi), stopping before the total size passes maxBytes but always
   * returning at least one entry when lo < hi. Returns undefined if lo has been
   * compacted away (lo < firstIndex()). hi must be <= lastIndex() + 1.
   */
  entries(lo: number, hi: number, maxBytes: number): Entry[] | undefined;
  /** Term of entry i for i in [firstIndex()-1, lastIndex()]; undefined otherwise. */
  term(i: number): number | undefined;
  firstIndex(): number;
  lastIndex(): number;
  /**
   * The latest snapshot. Undefined means "not available yet" (being built); the
   * leader then retries later.
   */
  snapshot(): Snapshot | undefined;
}

/** Limits an entry list to maxBytes, keeping at least the first entry. */
export function limitSize(ents: Entry[], maxBytes: number): Entry[] {
  if (ents.length <= 1) return ents;
  let size = 0;
  for (let i = 0; i < ents.length; i++) {
    size += (ents[i] as Entry).data.byteLength + 24;
    if (size > maxBytes && i > 0) return ents.slice(0, i);
  }
  return ents;
}
