// Where the scrubber is (docs/architecture.md, "Scrubbing"): which replica, and
// how far into its log, kept in memory only (a restart begins a new pass). Pure:
// the caller lists what each replica holds now and verifies the chunks.

/** Entries [from, to] of a group that are safe to verify now (see scrubRangeOf). */
export interface ScrubRange {
  groupId: string;
  from: number;
  to: number;
}

/** What a replica shows of itself to the scrubber (PartitionReplica). */
export interface ScrubbableReplica {
  readonly groupId: string;
  readonly isOpen: boolean;
  readonly isClosed: boolean;
  /** Raft index below which this replica lacks entries (a backfill or a repair copying them; 0: none). */
  readonly heldFromIndex: number;
  readonly state: { readonly logStartIndex: number; readonly appliedIndex: number };
  readonly group: { readonly storage: { firstIndex(): number; lastIndex(): number } };
  readonly assignment: { readonly config: { readonly 'cleanup.policy': string } };
}

/**
 * The entries of a replica the scrubber may verify: its committed log, from
 * the log start to the applied index (and never past what is durable here).
 * Left out, because a hole there is no damage: entries below a backfill's or
 * repair's copy point (heldFromIndex), and on a compacted topic the entries
 * below Raft's floor, where compaction removes whole entries.
 */
export function scrubRangeOf(r: ScrubbableReplica): ScrubRange | undefined {
  if (!r.isOpen || r.isClosed) return undefined;
  const st = r.state;
  const storage = r.group.storage;
  let from = Math.max(st.logStartIndex, r.heldFromIndex, 1);
  if (r.assignment.config['cleanup.policy'].includes('compact')) from = Math.max(from, storage.firstIndex());
  const to = Math.min(st.appliedIndex, storage.lastIndex());
  return from <= to ? { groupId: r.groupId, from, to } : undefined;
}

/** One chunk to verify: entries [from, to] of the group. */
export type ScrubStep = ScrubRange;

/**
 * A pass visits the replicas in group id order, one after another, each from
 * where it stands up to the end it had when the pass reached it (entries
 * written meanwhile wait for the next pass, so a busy partition cannot keep a
 * pass from ending). Replicas that appear during a pass join it; ones that
 * go are forgotten.
 */
export class ScrubCursor {
  /** Groups finished in this pass. */
  private readonly done = new Set<string>();
  /** Where each group visited in this pass continues, and the end it is verified to. */
  private readonly at = new Map<string, { next: number; end: number }>();
  private current: string | undefined;
  /** Replicas visited and bytes verified in this pass. */
  private visited = 0;
  private bytes = 0;

  /** The next chunk of this pass, or undefined when every replica listed has been verified. */
  next(ranges: Iterable<ScrubRange>): ScrubStep | undefined {
    const open = new Map<string, ScrubRange>();
    for (const r of ranges) if (!this.done.has(r.groupId)) open.set(r.groupId, r);
    for (;;) {
      let id = this.current !== undefined && open.has(this.current) ? this.current : undefined;
      if (id === undefined) {
        for (const g of open.keys()) if (id === undefined || g < id) id = g;
        if (id === undefined) return undefined;
        this.current = id;
      }
      const range = open.get(id) as ScrubRange;
      let pos = this.at.get(id);
      if (!pos) {
        pos = { next: range.from, end: range.to };
        this.at.set(id, pos);
        this.visited++;
      }
      // The range may have moved since: the log start passed the position, or the log was cut below the end.
      const from = Math.max(pos.next, range.from);
      const to = Math.min(pos.end, range.to);
      if (from <= to) return { groupId: id, from, to };
      this.finish(id);
      open.delete(id);
    }
  }

  /** The chunk of `groupId` was verified up to (not including) `next`, reading `bytes`. */
  advance(groupId: string, next: number, bytes: number): void {
    this.bytes += bytes;
    const pos = this.at.get(groupId);
    if (!pos) return;
    pos.next = Math.max(pos.next, next);
    if (pos.next > pos.end) this.finish(groupId);
  }

  /** Ends the pass (after next() returned undefined): what it covered; the next pass starts every replica over. */
  endPass(): { replicas: number; bytes: number } {
    const out = { replicas: this.visited, bytes: this.bytes };
    this.done.clear();
    this.at.clear();
    this.current = undefined;
    this.visited = 0;
    this.bytes = 0;
    return out;
  }

  private finish(groupId: string): void {
    this.done.add(groupId);
    if (this.current === groupId) this.current = undefined;
  }
}
