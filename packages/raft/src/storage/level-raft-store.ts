// Raft state of every group a node hosts, in the node's one LevelDB (docs/architecture.md §8).
// Each group reads from an in-memory copy of its log tail (the core's Storage
// contract is synchronous); writes of all groups that became ready together
// go into one LevelDB batch with one fsync — group commit.
import { Level } from 'level';
import type { InitialState } from '../core/storage.js';
import { limitSize } from '../core/storage.js';
import { EMPTY_CONF_STATE, EMPTY_DATA, EMPTY_HARD_STATE, type ConfState, type Entry, type HardState, type Snapshot, type SnapshotMetadata } from '../core/types.js';
import { decodeEntry, decodeHardState, decodeSnapshotMeta, encodeEntry, encodeHardState, encodeSnapshotMeta } from './codec.js';
import { GroupKeys } from './keys.js';
import type { GroupStorage, RaftStore } from './raft-store.js';

export type BatchOp = { type: 'put'; key: Buffer; value: Buffer } | { type: 'del'; key: Buffer };

/** classic-level's implementation of batch(), below abstract-level's checks and encodings. */
interface BatchImplementation {
  _batch(ops: BatchOp[], options: { sync: boolean }): Promise<void>;
}
const SYNC = Object.freeze({ sync: true });
const NO_SYNC = Object.freeze({ sync: false });

export interface LevelRaftStoreOptions {
  /** Directory of the LevelDB. */
  path: string;
  /**
   * fsync every write before it is acknowledged (the default, and Raft's rule).
   * false is for benchmarks only: a crash can then lose acknowledged writes.
   */
  fsync?: boolean;
}

export class LevelRaftStore implements RaftStore<BatchOp> {
  /** Open groups, so deleting entries can first stop Raft from reading them. */
  private readonly groups = new Map<string, LevelGroupStorage>();

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
    const [storage] = await this.openGroups([groupId]);
    return storage as LevelGroupStorage;
  }

  /** Loads many groups' durable state with one read of their small keys. */
  async openGroups(groupIds: readonly string[]): Promise<LevelGroupStorage[]> {
    const allKeys = groupIds.map((id) => new GroupKeys(id));
    const values = await this.db.getMany(allKeys.flatMap((k) => [k.hardState, k.snapshotMeta, k.snapshotData, k.entryFloor, k.peerSnapshot]));
    return Promise.all(allKeys.map((keys, i) => this.loadGroup(keys, values[5 * i], values[5 * i + 1], values[5 * i + 2], values[5 * i + 3], values[5 * i + 4])));
  }

  private async loadGroup(keys: GroupKeys, hs: Buffer | undefined, meta: Buffer | undefined, data: Buffer | undefined, floorValue: Buffer | undefined, peerValue: Buffer | undefined): Promise<LevelGroupStorage> {
    const groupId = keys.groupId;
    const hardState = hs ? decodeHardState(hs) : EMPTY_HARD_STATE;
    const snapMeta: SnapshotMetadata = meta ? decodeSnapshotMeta(meta) : { index: 0, term: 0, confState: EMPTY_CONF_STATE };
    const floor = floorValue ? decodeFloor(floorValue) : 0;
    const peerSnapshot = peerValue ? decodeFloor(peerValue) : 0;
    const entries: Entry[] = [];
    // Entries at or below the snapshot stay on disk until the application
    // deletes them; the lowest one (at or above the floor) bounds what Raft can
    // still send as appends. Deletions only ever remove a prefix, so what is
    // left below the snapshot is contiguous (the floor covers every other case).
    let diskLow = snapMeta.index + 1;
    let next = snapMeta.index + 1;
    if (!hs && !meta) {
      // A group that never wrote anything (its bootstrap writes the snapshot metadata first) has no entries.
      const fresh = new LevelGroupStorage(this.db, keys, hardState, snapMeta, EMPTY_DATA, entries, diskLow, 0);
      fresh.isFresh = true;
      this.groups.set(groupId, fresh);
      return fresh;
    }
    const it = this.db.iterator({ gte: keys.entry(Math.min(floor, next)), lt: keys.entriesEnd() });
    try {
      let first = true;
      for (;;) {
        const kv = await it.next();
        if (kv === undefined) break;
        const index = keys.entryIndex(kv[0]);
        if (first) {
          first = false;
          if (index < next) {
            diskLow = index;
            it.seek(keys.entry(next));
            continue;
          }
        }
        if (index !== next) break; // leftovers past a gap are garbage from an interrupted truncation
        entries.push(decodeEntry(index, kv[1]));
        next++;
      }
    } finally {
      await it.close();
    }
    const storage = new LevelGroupStorage(this.db, keys, hardState, snapMeta, data ?? EMPTY_DATA, entries, diskLow, peerSnapshot);
    this.groups.set(groupId, storage);
    return storage;
  }

  /** Forgets a group's in-memory state (the group stopped running on this node). */
  closeGroup(groupId: string): void {
    this.groups.delete(groupId);
  }

  /**
   * Writes a batch of operations of any groups atomically, with one fsync
   * unless fsync is off or the caller says nothing in it needs one.
   */
  async write(ops: BatchOp[], options: { sync?: boolean } = {}): Promise<void> {
    if (ops.length === 0) return;
    const writeOptions = this.fsync && options.sync !== false ? SYNC : NO_SYNC;
    // The hot path of every Raft pass. abstract-level's public batch() clones,
    // validates and re-encodes each operation before handing the array to
    // classic-level's _batch; ours are already Buffer keys and values of this
    // buffer-encoded database, and nothing here uses its hooks or write events.
    // `pnpm bench raft --skip throughput,failover,idle`: 276 µs of CPU per
    // 5-put batch through batch(), 121 µs this way. Anything but an open
    // database takes the public path, which defers while opening and refuses
    // once closed (the native call must never see a closed database).
    if (this.db.status === 'open') await (this.db as unknown as BatchImplementation)._batch(ops, writeOptions);
    else await this.db.batch(ops, writeOptions);
  }

  /** Deletes every key of a group (after the group is removed from this node). */
  async destroyGroup(groupId: string): Promise<void> {
    this.groups.delete(groupId);
    await this.db.clear(new GroupKeys(groupId).range());
  }

  /** Removes entries of a group below `beforeIndex` from disk (log compaction or retention). */
  async deleteEntriesBefore(groupId: string, beforeIndex: number): Promise<void> {
    const keys = new GroupKeys(groupId);
    // Raft must stop reading them before the (non-atomic) range delete begins.
    this.groups.get(groupId)?.entriesDeletedBefore(beforeIndex);
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
 * write, with the log tail after the latest snapshot cached in memory. Entries
 * at or below the snapshot that are still on disk (an application that keeps
 * its data in the log deletes them later, by retention) are read from LevelDB
 * synchronously, so a far-behind follower is sent appends rather than a
 * snapshot for as long as the entries exist. `stage*` methods return the batch
 * operations for a Ready and update the cache only once `commitStaged()` is
 * called after the batch is durable.
 */
export class LevelGroupStorage implements GroupStorage<BatchOp> {
  private snapshotData: Uint8Array;
  /** The hard state holds a commit index not written yet (deferHardState). */
  private hardStateUnwritten = false;
  /** Nothing of the group is on disk yet (neither a bootstrap nor a hard state). */
  isFresh = false;

  constructor(
    private readonly db: Level<Buffer, Buffer>,
    readonly keys: GroupKeys,
    private hardState: HardState,
    private snapMeta: SnapshotMetadata,
    snapshotData: Uint8Array,
    /** Entries [snapMeta.index + 1, lastIndex]. */
    private ents: Entry[],
    /**
     * Entries [diskLow, snapMeta.index] are on disk (none when diskLow >
     * snapMeta.index). Only ever rises, except that a snapshot taken here
     * keeps the entries it covers.
     */
    private diskLow: number,
    /**
     * Index of the latest snapshot installed from a peer (0: none). The
     * entries at or below it that are on disk are not the whole log: what was
     * between this node's old entries and the snapshot never came here.
     */
    private peerSnapshot: number,
  ) {
    this.snapshotData = snapshotData;
  }

  get groupId(): string {
    return this.keys.groupId;
  }

  initialState(): InitialState {
    return { hardState: this.hardState, confState: this.snapMeta.confState };
  }

  /**
   * The first index Raft can send as an append: just after the snapshot, or
   * lower while older entries are still on disk. The entry before it must have
   * a known term, so the lowest entry on disk itself only serves as that base
   * (except entry 1, whose predecessor is the empty log).
   */
  firstIndex(): number {
    const snap = this.snapMeta.index;
    if (this.diskLow > snap) return snap + 1;
    return this.diskLow <= 1 ? 1 : this.diskLow + 1;
  }

  lastIndex(): number {
    return this.snapMeta.index + this.ents.length;
  }

  /** Index of the latest snapshot (the state machine's starting point after a restart). */
  get snapshotIndex(): number {
    return this.snapMeta.index;
  }

  /** First index of the in-memory log cache (the one after the snapshot). */
  get cacheFirstIndex(): number {
    return this.snapMeta.index + 1;
  }

  term(i: number): number | undefined {
    const snap = this.snapMeta.index;
    if (i === snap) return this.snapMeta.term;
    if (i > snap) return this.ents[i - snap - 1]?.term;
    if (i < this.firstIndex() - 1) return undefined;
    if (i === 0) return 0;
    const e = this.readDisk(i);
    return e?.term;
  }

  entries(lo: number, hi: number, maxBytes: number): Entry[] | undefined {
    if (lo < this.firstIndex()) return undefined;
    const snap = this.snapMeta.index;
    const offset = snap + 1;
    if (lo >= offset) return limitSize(this.ents.slice(lo - offset, hi - offset), maxBytes);
    // Older entries from disk, one message's worth (limitSize's accounting).
    const out: Entry[] = [];
    let size = 0;
    for (let i = lo; i < hi; i++) {
      const e = i <= snap ? this.readDisk(i) : this.ents[i - offset];
      if (e === undefined) return i <= snap ? undefined : out;
      size += e.data.byteLength + 24;
      if (size > maxBytes && out.length > 0) break;
      out.push(e);
    }
    return out;
  }

  /** Entry i (<= the snapshot index) from disk; a missing one means the entries up to it are gone. */
  private readDisk(i: number): Entry | undefined {
    const value = this.db.getSync(this.keys.entry(i));
    if (value !== undefined) return decodeEntry(i, value);
    // Deleted behind our back (the application's own deletion): never read below it again.
    this.diskLow = Math.max(this.diskLow, i + 1);
    return undefined;
  }

  /** The application deletes entries below `index` from disk (the store calls this first). */
  entriesDeletedBefore(index: number): void {
    this.diskLow = Math.max(this.diskLow, Math.min(index, this.snapMeta.index + 1));
  }

  /**
   * Stops Raft from sending entries below `index` (<= the snapshot index + 1)
   * as appends: the application is about to rewrite or delete them (log
   * compaction). Pushes the operation recording it durably.
   */
  retireEntriesBefore(index: number, ops: BatchOp[]): void {
    const floor = Math.min(index, this.snapMeta.index + 1);
    if (floor <= this.diskLow) return;
    this.diskLow = floor;
    ops.push({ type: 'put', key: this.keys.entryFloor, value: encodeFloor(floor) });
  }

  snapshot(): Snapshot {
    return { metadata: this.snapMeta, data: this.snapshotData };
  }

  /** Index of the latest snapshot installed from a peer (0: none); see the constructor. */
  get peerSnapshotIndex(): number {
    return this.peerSnapshot;
  }

  get durableHardState(): HardState {
    return this.hardState;
  }

  /** Batch operations that persist a Ready's snapshot, entries and hard state (in that order of effect). */
  stage(ready: { snapshot?: Snapshot | undefined; entries: readonly Entry[]; hardState?: HardState | undefined }, ops: BatchOp[]): void {
    const k = this.keys;
    if (ready.snapshot) {
      const meta = ready.snapshot.metadata;
      // The snapshot replaces the log: the cached tail goes, and what older
      // entries stay on disk (committed, so consistent) are below a gap now.
      for (let i = this.cacheFirstIndex; i <= this.lastIndex(); i++) ops.push({ type: 'del', key: k.entry(i) });
      ops.push({ type: 'put', key: k.snapshotMeta, value: encodeSnapshotMeta(meta) });
      // (An absent data key reads as empty: a new group's bootstrap is one operation.)
      if (ready.snapshot.data.byteLength > 0 || this.snapshotData.byteLength > 0) {
        ops.push({ type: 'put', key: k.snapshotData, value: Buffer.from(ready.snapshot.data) });
      }
      if (meta.index > 0) {
        ops.push({ type: 'put', key: k.entryFloor, value: encodeFloor(meta.index + 1) });
        // In the same batch, so no crash can leave the snapshot without the record of where it came from.
        ops.push({ type: 'put', key: k.peerSnapshot, value: encodeFloor(meta.index) });
      }
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
    else if (this.hardStateUnwritten) ops.push({ type: 'put', key: k.hardState, value: encodeHardState(this.hardState) });
    this.hardStateUnwritten = false;
  }

  /** Keeps a commit-only hard state in memory; the group's next write carries it (see mustSync in driver/ready-pass.ts). */
  deferHardState(hs: HardState): void {
    this.hardState = hs;
    this.hardStateUnwritten = true;
  }

  /** Makes the cache reflect a Ready whose `stage` operations are now durable. */
  commitStaged(ready: { snapshot?: Snapshot | undefined; entries: readonly Entry[]; hardState?: HardState | undefined }): void {
    this.isFresh = false;
    if (ready.snapshot) {
      this.snapMeta = ready.snapshot.metadata;
      if (this.snapMeta.index > 0) this.peerSnapshot = this.snapMeta.index;
      this.snapshotData = ready.snapshot.data;
      this.ents = [];
      this.diskLow = this.snapMeta.index + 1;
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
   * deletes them (the controller does at once; a partition keeps them as data),
   * and until then Raft still sends them to followers that are behind.
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
    // The cached entries up to `index` are durable: they become disk-only.
    this.diskLow = Math.min(this.diskLow, this.snapMeta.index + 1);
    this.ents = this.ents.slice(index - this.snapMeta.index);
    this.snapMeta = meta;
    this.snapshotData = data;
  }

  /** Number of entries cached in memory. */
  get cachedEntries(): number {
    return this.ents.length;
  }
}

function encodeFloor(index: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeDoubleBE(index, 0);
  return out;
}

function decodeFloor(value: Uint8Array): number {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (buf.length !== 8) throw new RangeError(`raft entry floor: expected 8 bytes, got ${buf.length}`);
  return buf.readDoubleBE(0);
}
