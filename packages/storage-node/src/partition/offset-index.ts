// Sparse offset index of one partition (docs/architecture.md §8), pure: every few batches a
// point (base offset → Raft index), with the bytes appended before it and the
// largest timestamp seen before it. Fetch finds where to start reading by
// binary search on offsets; ListOffsets(timestamp) by binary search on the
// running maximum timestamp; retention reads sizes and ages off the points.
// Points are persisted in the group's app keyspace (one small key per point,
// see index-store.ts), so nothing is rebuilt from the log after a restart.

export interface IndexPoint {
  /** Base offset of the batch at this point. */
  offset: number;
  /** Raft index of the entry holding that batch. */
  index: number;
  /** Bytes of visible batches appended before this batch (since the partition was created). */
  bytesBefore: number;
  /** Largest batch max-timestamp seen before this batch (-1: none). */
  maxTimestampBefore: number;
}

/** A point every this many batches, or sooner when this many bytes went by. */
export const INDEX_INTERVAL_BATCHES = 32;
export const INDEX_INTERVAL_BYTES = 256 * 1024;

export class OffsetIndex {
  private points: IndexPoint[] = [];
  private batchesSince = 0;
  private bytesSince = 0;

  get length(): number {
    return this.points.length;
  }

  get all(): readonly IndexPoint[] {
    return this.points;
  }

  /** Called for each visible batch in log order; returns the point it created, if any. */
  onBatch(point: IndexPoint, size: number): IndexPoint | undefined {
    let created: IndexPoint | undefined;
    if (this.points.length === 0 || this.batchesSince >= INDEX_INTERVAL_BATCHES || this.bytesSince >= INDEX_INTERVAL_BYTES) {
      const last = this.points[this.points.length - 1];
      if (!last || point.offset > last.offset) {
        this.points.push(point);
        created = point;
      }
      this.batchesSince = 0;
      this.bytesSince = 0;
    }
    this.batchesSince++;
    this.bytesSince += size;
    return created;
  }

  /** Restores points loaded from disk (sorted by offset). */
  load(points: readonly IndexPoint[]): void {
    this.points = [...points].sort((a, b) => a.offset - b.offset);
    this.batchesSince = INDEX_INTERVAL_BATCHES; // the next batch starts a point
  }

  /** The last point at or before `offset`. */
  floor(offset: number): IndexPoint | undefined {
    let lo = 0;
    let hi = this.points.length - 1;
    let found: IndexPoint | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.points[mid] as IndexPoint;
      if (p.offset <= offset) {
        found = p;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The last point before which every timestamp is below `ts`: reading from it finds the first record at/after ts. */
  floorByTimestamp(ts: number): IndexPoint | undefined {
    let lo = 0;
    let hi = this.points.length - 1;
    let found: IndexPoint | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const p = this.points[mid] as IndexPoint;
      if (p.maxTimestampBefore < ts) {
        found = p;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Drops points below a new log start; returns the ones removed. */
  truncateBefore(offset: number): IndexPoint[] {
    let n = 0;
    while (n < this.points.length && (this.points[n] as IndexPoint).offset < offset) n++;
    return this.points.splice(0, n);
  }
}
