// An in-memory Storage with the write operations an application performs while
// handling Ready (append, setHardState, applySnapshot) and log compaction
// (createSnapshot + compact). Used by tests and as the simulator's "disk".
// loseEntriesAfter stands for a damaged disk: the log cut as a storage that
// found damage cuts it on load, and the replica reported as repairing.

import { limitSize, type InitialState, type Storage } from './storage.js';
import {
  EMPTY_CONF_STATE,
  EMPTY_DATA,
  EMPTY_HARD_STATE,
  EntryType,
  type ConfState,
  type Entry,
  type HardState,
  type Snapshot,
} from './types.js';

export class MemoryStorage implements Storage {
  private hardState: HardState = EMPTY_HARD_STATE;
  private snap: Snapshot;
  // ents[0] is a dummy entry standing for the snapshot's last index and term.
  private ents: Entry[];
  /** InitialState.repairUntil: what a damaged disk took. */
  private repairUntil = 0;

  /** `confState` seeds the configuration of a brand-new group (bootstrap). */
  constructor(confState: ConfState = EMPTY_CONF_STATE) {
    this.snap = { metadata: { index: 0, term: 0, confState }, data: EMPTY_DATA };
    this.ents = [{ term: 0, index: 0, type: EntryType.Normal, data: EMPTY_DATA }];
  }

  initialState(): InitialState {
    const s = { hardState: this.hardState, confState: this.snap.metadata.confState };
    return this.repairUntil > 0 ? { ...s, repairUntil: this.repairUntil } : s;
  }

  /** Sets what initialState() reports as repairUntil (0: not repairing). Kept, as a store keeps it, until changed. */
  setRepairUntil(index: number): void {
    this.repairUntil = index;
  }

  /**
   * The disk lost every entry after `index` (never the snapshot): the log is
   * cut there, the hard state's commit clamped to it, and the replica reported
   * repairing until the last index it held (it may have acknowledged up to
   * there), as a storage that finds damage on load leaves them. Returns that
   * index (repairUntil).
   */
  loseEntriesAfter(index: number): number {
    // Entries kept below the snapshot are still the log: the cut never goes below the snapshot.
    const keep = Math.max(index, this.snap.metadata.index);
    const last = this.lastIndex();
    if (keep < last) {
      this.ents.length = keep - this.offset() + 1;
      this.repairUntil = Math.max(this.repairUntil, last);
    }
    if (this.hardState.commit > keep) this.hardState = { ...this.hardState, commit: keep };
    return this.repairUntil;
  }

  hardStateNow(): HardState {
    return this.hardState;
  }

  setHardState(hs: HardState): void {
    this.hardState = hs;
  }

  private offset(): number {
    return (this.ents[0] as Entry).index;
  }

  firstIndex(): number {
    return this.offset() + 1;
  }

  lastIndex(): number {
    return this.offset() + this.ents.length - 1;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] | undefined {
    const off = this.offset();
    if (lo <= off) return undefined;
    if (hi > this.lastIndex() + 1) throw new Error(`memory storage: entries hi ${hi} beyond last ${this.lastIndex()}`);
    if (lo >= hi) return [];
    return limitSize(this.ents.slice(lo - off, hi - off), maxBytes);
  }

  term(i: number): number | undefined {
    const off = this.offset();
    if (i < off || i > this.lastIndex()) return undefined;
    return (this.ents[i - off] as Entry).term;
  }

  snapshot(): Snapshot {
    return this.snap;
  }

  /** Replaces the whole log with a received snapshot. */
  applySnapshot(s: Snapshot): void {
    if (s.metadata.index <= this.snap.metadata.index) throw new Error('memory storage: snapshot out of date');
    this.snap = s;
    this.ents = [{ term: s.metadata.term, index: s.metadata.index, type: EntryType.Normal, data: EMPTY_DATA }];
  }

  /** Records a snapshot of the applied state at index i (i <= lastIndex). */
  createSnapshot(i: number, confState: ConfState, data: Uint8Array): Snapshot {
    if (i <= this.snap.metadata.index) return this.snap;
    if (i > this.lastIndex()) throw new Error(`memory storage: snapshot ${i} beyond last ${this.lastIndex()}`);
    const term = this.term(i) as number;
    this.snap = { metadata: { index: i, term, confState }, data };
    return this.snap;
  }

  /** Discards entries before compactIndex (which must be <= the applied index). */
  compact(compactIndex: number): void {
    const off = this.offset();
    if (compactIndex <= off) return;
    if (compactIndex > this.lastIndex()) throw new Error(`memory storage: compact ${compactIndex} beyond last`);
    const i = compactIndex - off;
    const head = this.ents[i] as Entry;
    const kept: Entry[] = [{ term: head.term, index: head.index, type: EntryType.Normal, data: EMPTY_DATA }];
    for (let k = i + 1; k < this.ents.length; k++) kept.push(this.ents[k] as Entry);
    this.ents = kept;
  }

  /** Appends entries, truncating any existing suffix they conflict with. */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    const firstIdx = this.firstIndex();
    const last = (entries[entries.length - 1] as Entry).index;
    if (last < firstIdx) return; // all compacted already
    let ents = entries;
    if (firstIdx > first.index) ents = entries.slice(firstIdx - first.index);
    const head = ents[0] as Entry;
    const off = head.index - this.offset();
    if (off > this.ents.length) {
      throw new Error(`memory storage: missing log entry [last: ${this.lastIndex()}, append at: ${head.index}]`);
    }
    if (off < this.ents.length) this.ents.length = off;
    for (const e of ents) this.ents.push(e);
  }
}
