// Bounds the append messages in flight to one follower while the leader
// pipelines (replicate state): at most `maxCount` messages and `maxBytes` bytes
// not yet acknowledged. Records the last index of each message so that an
// acknowledgement frees every message up to it.

export class Inflights {
  // Ring buffer allocated lazily: idle groups keep no buffer.
  private indexes: number[] | undefined;
  private sizes: number[] | undefined;
  private start = 0;
  private _count = 0;
  private _bytes = 0;

  constructor(
    readonly maxCount: number,
    readonly maxBytes: number,
  ) {
    if (maxCount <= 0) throw new Error('inflights: maxCount must be positive');
  }

  get count(): number {
    return this._count;
  }

  get bytes(): number {
    return this._bytes;
  }

  /** Records a sent message whose last entry is `index`. Indexes must increase. */
  add(index: number, bytes: number): void {
    if (this.full()) throw new Error('inflights: add to a full window');
    if (this.indexes === undefined || this.sizes === undefined) {
      this.indexes = new Array<number>(this.maxCount).fill(0);
      this.sizes = new Array<number>(this.maxCount).fill(0);
    }
    const pos = (this.start + this._count) % this.maxCount;
    this.indexes[pos] = index;
    this.sizes[pos] = bytes;
    this._count++;
    this._bytes += bytes;
  }

  /** Frees every message whose last index is <= `to`. */
  freeLE(to: number): void {
    if (this._count === 0 || this.indexes === undefined || this.sizes === undefined) return;
    let i = 0;
    let idx = this.start;
    let freedBytes = 0;
    while (i < this._count) {
      if ((this.indexes[idx] as number) > to) break;
      freedBytes += this.sizes[idx] as number;
      i++;
      idx = (idx + 1) % this.maxCount;
    }
    this._count -= i;
    this._bytes -= freedBytes;
    this.start = idx;
    if (this._count === 0) this.start = 0;
  }

  full(): boolean {
    return this._count === this.maxCount || (this.maxBytes > 0 && this._bytes >= this.maxBytes);
  }

  reset(): void {
    this.start = 0;
    this._count = 0;
    this._bytes = 0;
  }
}
