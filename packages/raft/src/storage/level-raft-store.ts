// Raft state of every group a node hosts, in the node's one LevelDB (DESIGN §5).
// Each group reads from an in-memory copy of its log tail (the core's Storage
// contract is synchronous); writes of all groups that became ready together
// go into one LevelDB batch with one fsync — group commit.
import { Level } from 'level';
import type { Storage, InitialState } from '../core/storage.js';
import { limitSize } from '../core/storage.js';
import { EMPTY_CONF_STATE, EMPTY_HARD_STATE, type ConfState, type Entry, type HardState, type Snapshot, type SnapshotMetadata } from '../core/types.js';
import { decodeEntry, decodeHardState, decodeSnapshotMeta, encodeEntry, encodeHardState, encodeSnapshotMeta } from './codec.js';
import { GroupKeys } from './keys.js';

export type BatchOp = { type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer };

export interface LevelRaftStoreOptions {
  /** Directory of the LevelDB. */
  path: string;
  /**
   * fsync every write before it is acknowledged (the default, and Raft's rule).
   * false is for benchmarks only: a crash can then lose acknowledged writes.
   */
  fsync?: boolean;
}

export class LevelRaftStore {
  private constructor(
    readonly db: Level<Buffer, Buffer>,
    readonly fsync: boolean,
  ) {}

  static async open(options: LevelRaftStoreOptions): Promise<LevelRaftStore> {
    const db = new Level<Buffer, Buffer>(options.path, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
    await db.open();
    return new LevelRaftStore(db, options.fsync ?? true);
  }

  /** Loads a group's durable state (a new group starts empty). */
  async openGroup(groupId: string): Promise<LevelGroupStorage> {
    const keys = new GroupKeys(groupId);
    const [hs, meta, data] = await this.db.getMany([keys.hardState, keys.snapshotMeta, keys.snapshotData]);
    const hardState = hs ? decodeHardState(hs) : EMPTY_HARD_STATE;
    const snapMeta: SnapshotMetadata = meta ? decodeSnapshotMeta(meta) : { index: 0, term: 0, confState: EMPTY_CONF_STATE };
    const entries: Entry[] = [];
    let next = snapMeta.index + 1;
    for await (const [key, value] of this.db.iterator({ gte: keys.entry(next), lt: keys.entriesEnd() })) {
      const index = keys.entryIndex(key);
      if (index !== next) break; // leftovers past a gap are garbage from an interrupted truncation
      entries.push(decodeEntry(index, value));
      next++;
    }
    return new LevelGroupStorage(keys, hardState, snapMeta, data ?? Buffer.alloc(0), entries);
  }

  /**
   * Writes a batch of operations of any groups atomically, with one fsync
   * unless fsync is off or the caller says nothing in it needs one.
   */
  async write(ops: BatchOp[], options: { sync?: boolean } = {}): Promise<void> {
    if (ops.length === 0) return;
    await this.db.batch(ops, { sync: this.fsync && options.sync !== false });
  }

  /** Deletes every key of a group (after the group is removed from this node). */
  async destroyGroup(groupId: string): Promise<void> {
    await this.db.clear(new GroupKeys(groupId).range());
  }

  /** Removes entries of a group below `beforeIndex` from disk (log compaction or retention). */
  async deleteEntriesBefore(groupId: string, beforeIndex: number): Promise<void> {
    const keys = new GroupKeys(groupId);
    await this.db.clear({ gte: keys.entry(0), lt: keys.entry(beforeIndex) });
  }

  /** Reads entries [lo, hi) of a group from disk, including ones no longer cached for Raft. */
  async readEntries(groupId: string, lo: number, hi: number, maxBytes = Infinity): Promise<Entry[]> {
    const keys = new GroupKeys(groupId);
    const out: Entry[] = [];
    let bytes = 0;
    for await (const [key, value] of this.db.iterator({ gte: keys.entry(lo), lt: keys.entry(hi) })) {
      const e = decodeEntry(keys.entryIndex(key), value);
      bytes += e.data.byteLength;
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(e);
    }
    return out;
  }

  async close(): Promise<void> {
    await this.db.close();
  }
}

/**
 * One group's Storage: the durable state of the group as of the last completed
 * write, with the log tail cached in memory. `stage*` methods return the batch
 * operations for a Ready and update the cache only once `commitStaged()` is
 * called after the batch is durable.
 */
export class LevelGroupStorage implements Storage {
  private snapshotData: Uint8Array;

  constructor(
    readonly keys: GroupKeys,
    private hardState: HardState,
    private snapMeta: SnapshotMetadata,
    snapshotData: Uint8Array,
    /** Entries [snapMeta.index + 1, lastIndex]. */
    private ents: Entry[],
  ) {
    this.snapshotData = snapshotData;
  }

  get groupId(): string {
    return this.keys.groupId;
  }

  initialState(): InitialState {
    return { hardState: this.hardState, confState: this.snapMeta.confState };
  }

  firstIndex(): number {
    return this.snapMeta.index + 1;
  }

  lastIndex(): number {
    return this.snapMeta.index + this.ents.length;
  }

  term(i: number): number | undefined {
    if (i === this.snapMeta.index) return this.snapMeta.term;
    const e = this.ents[i - this.snapMeta.index - 1];
    return e?.term;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] | undefined {
    if (lo <= this.snapMeta.index) return undefined;
    const offset = this.snapMeta.index + 1;
    return limitSize(this.ents.slice(lo - offset, hi - offset), maxBytes);
  }

  snapshot(): Snapshot {
    return { metadata: this.snapMeta, data: this.snapshotData };
  }

  get durableHardState(): HardState {
    return this.hardState;
  }

  /** Batch operations that persist a Ready's snapshot, entries and hard state (in that order of effect). */
  stage(ready: { snapshot?: Snapshot | undefined; entries: readonly Entry[]; hardState?: HardState | undefined }, ops: BatchOp[]): void {
    const k = this.keys;
    if (ready.snapshot) {
      const meta = ready.snapshot.metadata;
      for (let i = this.firstIndex(); i <= this.lastIndex(); i++) ops.push({ type: 'del', key: k.entry(i) });
      ops.push({ type: 'put', key: k.snapshotMeta, value: encodeSnapshotMeta(meta) });
      ops.push({ type: 'put', key: k.snapshotData, value: Buffer.from(ready.snapshot.data) });
    }
    if (ready.entries.length > 0) {
      const first = (ready.entries[0] as Entry).index;
      const newLast = first + ready.entries.length - 1;
      const oldLast = ready.snapshot ? ready.snapshot.metadata.index : this.lastIndex();
      for (const e of ready.entries) ops.push({ type: 'put', key: k.entry(e.index), value: encodeEntry(e) });
      // A conflicting suffix beyond the new entries must not survive a restart.
      for (let i = newLast + 1; i <= oldLast; i++) ops.push({ type: 'del', key: k.entry(i) });
    }
    if (ready.hardState) ops.push({ type: 'put', key: k.hardState, value: encodeHardState(ready.hardState) });
  }

  /** Makes the cache reflect a Ready whose `stage` operations are now durable. */
  commitStaged(ready: { snapshot?: Snapshot | undefined; entries: readonly Entry[]; hardState?: HardState | undefined }): void {
    if (ready.snapshot) {
      this.snapMeta = ready.snapshot.metadata;
      this.snapshotData = ready.snapshot.data;
      this.ents = [];
    }
    if (ready.entries.length > 0) {
      const first = (ready.entries[0] as Entry).index;
      const offset = this.snapMeta.index + 1;
      if (first - offset > this.ents.length) {
        throw new Error(`raft group ${this.groupId}: append at ${first} leaves a gap after ${this.lastIndex()}`);
      }
      this.ents.length = Math.max(0, first - offset);
      for (const e of ready.entries) this.ents.push(e);
    }
    if (ready.hardState) this.hardState = ready.hardState;
  }

  /**
   * Records a snapshot the application took at `index` (<= applied) and drops
   * cached entries up to it. The entries stay on disk until the application
   * deletes them (the controller does at once; a partition keeps them as data).
   */
  createSnapshot(index: number, confState: ConfState, data: Uint8Array, ops: BatchOp[]): void {
    if (index <= this.snapMeta.index) return;
    const term = this.term(index);
    if (term === undefined || index > this.lastIndex()) {
      throw new Error(`raft group ${this.groupId}: cannot snapshot at ${index}; log is [${this.firstIndex()}, ${this.lastIndex()}]`);
    }
    const meta: SnapshotMetadata = { index, term, confState };
    ops.push({ type: 'put', key: this.keys.snapshotMeta, value: encodeSnapshotMeta(meta) });
    ops.push({ type: 'put', key: this.keys.snapshotData, value: Buffer.from(data) });
    this.ents = this.ents.slice(index - this.snapMeta.index);
    this.snapMeta = meta;
    this.snapshotData = data;
  }

  /** Number of entries cached in memory. */
  get cachedEntries(): number {
    return this.ents.length;
  }
}
