// Bounds the append messages in flight to one follower while the leader
// pipelines (replicate state): at most `maxCount` messages and `maxBytes` bytes
// not yet acknowledged. Records the last index of each message so that an
// acknowledgement frees every message up to it.

export class Inflights {
  // Ring buffer allocated lazily and grown by doubling up to maxCount; dropped
  // again on reset or release, so idle groups keep no buffer.
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
    if (this.indexes === undefined || this.sizes === undefined || this._count === this.indexes.length) this.grow();
    const indexes = this.indexes as number[];
    const pos = (this.start + this._count) % indexes.length;
    indexes[pos] = index;
    (this.sizes as number[])[pos] = bytes;
    this._count++;
    this._bytes += bytes;
  }

  private grow(): void {
    const cap = this.indexes === undefined ? Math.min(4, this.maxCount) : Math.min(this.indexes.length * 2, this.maxCount);
    const indexes = new Array<number>(cap).fill(0);
    const sizes = new Array<number>(cap).fill(0);
    for (let i = 0; i < this._count; i++) {
      const from = (this.start + i) % (this.indexes as number[]).length;
      indexes[i] = (this.indexes as number[])[from] as number;
      sizes[i] = (this.sizes as number[])[from] as number;
    }
    this.indexes = indexes;
    this.sizes = sizes;
    this.start = 0;
  }

  /** Drops the buffer when nothing is in flight (an idle group). */
  release(): void {
    if (this._count === 0) {
      this.indexes = undefined;
      this.sizes = undefined;
      this.start = 0;
    }
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
      idx = (idx + 1) % this.indexes.length;
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
    this.indexes = undefined;
    this.sizes = undefined;
  }
}
