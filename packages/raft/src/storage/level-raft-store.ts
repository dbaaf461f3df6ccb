// Raft state of every group a node hosts, in the node's one LevelDB (docs/architecture.md §8).
// Each group reads from an in-memory copy of its log tail (the core's Storage
// contract is synchronous); writes of all groups that became ready together
// go into one LevelDB batch with one fsync — group commit.
import { existsSync, promises as fsp } from 'node:fs';
import path from 'node:path';
import { Level } from 'level';
import type { InitialState } from '../core/storage.js';
import { limitSize } from '../core/storage.js';
import { EMPTY_CONF_STATE, EMPTY_DATA, EMPTY_HARD_STATE, type ConfState, type Entry, type HardState, type Snapshot, type SnapshotMetadata } from '../core/types.js';
import { checkSnapshotData, decodeEntry, decodeHardState, decodeIndex, decodeSnapshotMeta, encodeEntry, encodeHardState, encodeIndex, encodeSnapshotMeta, StorageCorruptionError, type DecodeOptions } from './codec.js';
import { FORMAT_CHECKSUMMED, FORMAT_KEY, GroupKeys, parseEntryKey } from './keys.js';
import type { GroupStorage, RaftStore } from './raft-store.js';

/** What classic-level adds to level's type: sizes on disk and manual compaction of a key range. */
interface Compactable {
  approximateSize(start: Buffer, end: Buffer): Promise<number>;
  compactRange(start: Buffer, end: Buffer): Promise<void>;
}

/** A deleted range that held this much on disk is compacted away at once (LevelRaftStore.clearAndReclaim): the range starts at the group's first key, so smaller deletions add up until they reach it. 64 MiB: at 4 MiB, compacting after every retention pass cost a fifth of the tiered bench's produce rate. */
export const RECLAIM_MIN_BYTES = 64 * 1024 * 1024;

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
  /** Told of damage found while opening and while running (logs, metrics, repair). */
  onDamage?: (damage: Damage) => void;
}

/** Damage the store found in what it holds. */
export interface Damage {
  /** The group whose value is damaged; undefined for LevelDB's own structures. */
  groupId?: string | undefined;
  /** Raft index of the damaged entry, when an entry. */
  index?: number | undefined;
  /** What was wrong. */
  reason: string;
  /** Where it was found: the start-up scan, loading a group, or a read. */
  where: 'scan' | 'load' | 'read';
}

/** LevelDB's RepairDB (classic-level's static repair; `level`'s types leave it out). */
function repairDatabase(dir: string): Promise<void> {
  return (Level as unknown as { repair(location: string): Promise<void> }).repair(dir);
}

/** Written when LevelDB itself reported corruption: the next open repairs the database first. */
const REPAIR_MARKER = 'EDDY-REPAIR-NEEDED';
/** Written by a clean close: its absence at open means the last run ended abruptly. */
const CLEAN_MARKER = 'EDDY-CLEAN-SHUTDOWN';

/** LevelDB's own corruption (a damaged table block or log record), as classic-level reports it. */
export function isLevelCorruption(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: { message?: string } } | undefined;
  const text = `${e?.code ?? ''} ${e?.message ?? ''} ${e?.cause?.message ?? ''}`;
  return /corrupt/i.test(text);
}

/**
 * Bytes of its write-ahead log LevelDB reported dropping in the recovery of
 * the open that just happened: its info log (`LOG`, started afresh by every
 * open) is the only place it says so.
 */
async function walBytesDropped(dir: string): Promise<number> {
  let text: string;
  try {
    text = await fsp.readFile(path.join(dir, 'LOG'), 'utf8');
  } catch {
    return 0;
  }
  let total = 0;
  for (const m of text.matchAll(/\.log: dropping (\d+) bytes/g)) total += Number(m[1]);
  return total;
}

/** What the start-up scan found, per group: indexes of entries that failed their checks. */
type ScanDamage = Map<string, Set<number>>;

export class LevelRaftStore implements RaftStore<BatchOp> {
  /** Open groups, so deleting entries can first stop Raft from reading them. */
  private readonly groups = new Map<string, LevelGroupStorage>();

  /** Damage is reported here (LevelRaftStoreOptions.onDamage). */
  onDamage: ((damage: Damage) => void) | undefined;
  /** Entries the start-up scan found damaged, until their group loads. */
  private scanDamage: ScanDamage = new Map();
  /** How the last open went (logs and tests). */
  readonly opened = { clean: true, repaired: false, scanned: false, scannedBytes: 0, damaged: 0, walDropped: 0 };

  private constructor(
    readonly db: Level<Buffer, Buffer>,
    readonly fsync: boolean,
    readonly path: string,
    /** Values written before checksums existed are accepted (a database from an older version). */
    readonly decode: DecodeOptions,
  ) {}

  /**
   * Opens the node's database. After LevelDB reported corruption in the last
   * run (a marker says so), or when opening or the scan meets it now, LevelDB's
   * repair runs first: it keeps every readable record and drops the damaged
   * blocks, whose entries then show up as missing and are repaired from peers.
   * After an abrupt end of the last run every value is read and checked once
   * (the start-up scan), so damage is known before any group votes or serves.
   */
  static async open(options: LevelRaftStoreOptions): Promise<LevelRaftStore> {
    const dir = options.path;
    const clean = existsSync(path.join(dir, CLEAN_MARKER));
    let repaired = false;
    if (existsSync(path.join(dir, REPAIR_MARKER))) {
      await repairDatabase(dir);
      repaired = true;
    }
    for (let attempt = 0; ; attempt++) {
      const db = new Level<Buffer, Buffer>(dir, { keyEncoding: 'buffer', valueEncoding: 'buffer' });
      try {
        await db.open();
        const format = await db.get(FORMAT_KEY);
        let legacy = false;
        if (format === undefined) {
          // A new database is checksummed from its first write; one without the key predates checksums.
          const any = await db.keys({ limit: 1 }).all();
          legacy = any.length > 0;
          if (!legacy) await db.put(FORMAT_KEY, FORMAT_CHECKSUMMED, { sync: true });
        }
        const store = new LevelRaftStore(db, options.fsync ?? true, dir, { legacy });
        store.onDamage = options.onDamage;
        store.opened.clean = clean;
        store.opened.repaired = repaired;
        const dropped = await walBytesDropped(dir);
        if (dropped > 0) {
          // LevelDB dropped damaged records of its write-ahead log while recovering it (it says so only in its LOG).
          store.opened.walDropped = dropped;
          options.onDamage?.({
            reason: `LevelDB dropped ${dropped} bytes of its write-ahead log that failed their checks; the writes in them are lost on this node and are copied again from the leaders`,
            where: 'scan',
          });
        }
        if (!clean || repaired) await store.scan();
        await fsp.rm(path.join(dir, CLEAN_MARKER), { force: true });
        await fsp.rm(path.join(dir, REPAIR_MARKER), { force: true });
        return store;
      } catch (err) {
        await db.close().catch(() => undefined);
        if (!isLevelCorruption(err) || attempt > 0) throw err;
        options.onDamage?.({ reason: `LevelDB reported corruption (${(err as Error).message}); repairing the database`, where: 'scan' });
        await repairDatabase(dir);
        repaired = true;
      }
    }
  }

  /** Reads every value once, checking each entry's checksum; throws LevelDB's own corruption. */
  private async scan(): Promise<void> {
    this.opened.scanned = true;
    const damage: ScanDamage = new Map();
    const it = this.db.iterator();
    try {
      for (;;) {
        const batch = await it.nextv(1024);
        if (batch.length === 0) break;
        for (const [key, value] of batch) {
          this.opened.scannedBytes += key.length + value.length;
          const k = parseEntryKey(key);
          if (k === undefined) continue;
          try {
            decodeEntry(k.index, value, this.decode);
          } catch (err) {
            if (!(err instanceof StorageCorruptionError)) throw err;
            let set = damage.get(k.groupId);
            if (!set) damage.set(k.groupId, (set = new Set()));
            set.add(k.index);
            this.opened.damaged++;
            this.onDamage?.({ groupId: k.groupId, index: k.index, reason: err.message, where: 'scan' });
          }
        }
      }
    } finally {
      await it.close();
    }
    this.scanDamage = damage;
  }

  /** The next open repairs the database first (LevelDB reported corruption while running). */
  async markNeedsRepair(): Promise<void> {
    const file = path.join(this.path, REPAIR_MARKER);
    const fh = await fsp.open(file, 'w');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  }

  /** Loads a group's durable state (a new group starts empty). */
  async openGroup(groupId: string): Promise<LevelGroupStorage> {
    const [storage] = await this.openGroups([groupId]);
    return storage as LevelGroupStorage;
  }

  /** Loads many groups' durable state with one read of their small keys. */
  async openGroups(groupIds: readonly string[]): Promise<LevelGroupStorage[]> {
    const allKeys = groupIds.map((id) => new GroupKeys(id));
    let values: (Buffer | undefined)[];
    try {
      values = await this.db.getMany(allKeys.flatMap((k) => [k.hardState, k.snapshotMeta, k.snapshotData, k.entryFloor, k.peerSnapshot, k.repair]));
    } catch (err) {
      if (!isLevelCorruption(err)) throw err;
      await this.markNeedsRepair();
      throw new Error(`LevelDB could not read the state of raft groups ${groupIds.slice(0, 3).join(', ')}${groupIds.length > 3 ? ', …' : ''} (${(err as Error).message}); restart the node: the database is repaired when it opens`);
    }
    return Promise.all(
      allKeys.map((keys, i) => {
        const v = values.slice(6 * i, 6 * i + 6);
        return this.loadGroup(keys, { hs: v[0], meta: v[1], data: v[2], floor: v[3], peer: v[4], repair: v[5] });
      }),
    );
  }

  /**
   * Loads a group, checking every value it reads. Damage never stops the load
   * (docs/architecture.md, "Integrity"):
   *   - a damaged or missing entry after the snapshot cuts the log before it,
   *     clamps the commit index, and records (key 'r') the highest index this
   *     replica may have acknowledged: until it commits that again it neither
   *     votes nor campaigns, and the leader sends it what it lost;
   *   - a damaged hard state is rebuilt from the log (term of its last entry,
   *     no vote), with the same marker;
   *   - damaged snapshot metadata or data leave nothing to start from: the
   *     group's keys go and it starts empty, as a replica that joins, with the
   *     marker; the leader sends it a snapshot;
   *   - damaged entries at or below the snapshot are reported
   *     (damagedBelowSnapshot) and Raft stops sending them: the application
   *     copies them again from a peer.
   */
  private async loadGroup(keys: GroupKeys, raw: { hs?: Buffer | undefined; meta?: Buffer | undefined; data?: Buffer | undefined; floor?: Buffer | undefined; peer?: Buffer | undefined; repair?: Buffer | undefined }): Promise<LevelGroupStorage> {
    const groupId = keys.groupId;
    const damage = (reason: string, index?: number): void => this.onDamage?.({ groupId, index, reason, where: 'load' });
    const scanned = this.scanDamage.get(groupId);
    this.scanDamage.delete(groupId);
    const ops: BatchOp[] = [];
    let hardState = EMPTY_HARD_STATE;
    let hardStateLost = false;
    let repairUntil = 0;
    if (raw.repair) {
      try {
        repairUntil = decodeIndex('repair marker', raw.repair, this.decode);
      } catch (err) {
        damage((err as Error).message);
        repairUntil = Number.MAX_SAFE_INTEGER; // fixed below to the highest index on disk
      }
    }
    if (raw.hs) {
      try {
        hardState = decodeHardState(raw.hs, this.decode);
      } catch (err) {
        damage((err as Error).message);
        hardStateLost = true;
      }
    }
    let snapMeta: SnapshotMetadata = { index: 0, term: 0, confState: EMPTY_CONF_STATE };
    let snapData: Uint8Array = EMPTY_DATA;
    let snapshotLost = false;
    if (raw.meta) {
      try {
        const m = decodeSnapshotMeta(raw.meta, this.decode);
        checkSnapshotData(m, raw.data ?? EMPTY_DATA);
        snapMeta = { index: m.index, term: m.term, confState: m.confState };
        snapData = raw.data ?? EMPTY_DATA;
      } catch (err) {
        damage((err as Error).message);
        snapshotLost = true;
      }
    }
    let floor = 0;
    let peerSnapshot = 0;
    try {
      floor = raw.floor ? decodeIndex('entry floor', raw.floor, this.decode) : 0;
    } catch (err) {
      damage((err as Error).message);
      floor = snapMeta.index + 1; // Raft sends nothing below the snapshot: the safe reading
    }
    try {
      peerSnapshot = raw.peer ? decodeIndex('peer snapshot marker', raw.peer, this.decode) : 0;
    } catch (err) {
      damage((err as Error).message);
      peerSnapshot = snapMeta.index; // data below the snapshot may be missing: the safe reading
    }
    // The last entry key on disk, looked up only where the load needs it (not for a healthy
    // group: a start-up loads every group). A key past every plausible index is itself damage
    // (a flipped key), not a claim to honour.
    let highestKnown: number | undefined;
    const highestOnDisk = async (): Promise<number> => (highestKnown ??= await this.highestEntryIndex(keys));
    const highest = async (): Promise<number> => {
      const h = await highestOnDisk();
      return h <= Math.max(snapMeta.index, hardStateLost ? 0 : hardState.commit) + 10_000_000 ? h : 0;
    };
    if (!raw.hs && !raw.meta && !raw.repair && (await highestOnDisk()) === 0) {
      // A group that never wrote anything (its bootstrap writes the snapshot metadata first) has no entries.
      const fresh = new LevelGroupStorage(this, keys, hardState, snapMeta, EMPTY_DATA, [], snapMeta.index + 1, 0, repairUntil);
      fresh.isFresh = true;
      this.groups.set(groupId, fresh);
      return fresh;
    }
    // Keys that are missing where others of the group exist were lost with a damaged table
    // block or log record: the bootstrap writes the snapshot metadata first, and every
    // write of entries carries a hard state (the first one's term, at least).
    if (!raw.meta && !snapshotLost) {
      damage('raft snapshot metadata is missing while other keys of the group exist');
      snapshotLost = true;
    }
    if (!raw.hs && !hardStateLost && (await highestOnDisk()) > 0) {
      damage('raft hard state is missing while entries of the group exist');
      hardStateLost = true;
    }
    if (snapshotLost) {
      // Nothing to start the state machine from: start empty, as a joining replica.
      const until = Math.max(repairUntil === Number.MAX_SAFE_INTEGER ? 0 : repairUntil, await highest(), hardStateLost ? 0 : hardState.commit, 1);
      await this.db.clear(keys.range());
      const meta: SnapshotMetadata = { index: 0, term: 0, confState: EMPTY_CONF_STATE };
      const hs: HardState = { term: hardStateLost ? 0 : hardState.term, vote: 0, commit: 0 };
      await this.write([
        { type: 'put', key: keys.snapshotMeta, value: encodeSnapshotMeta(meta, EMPTY_DATA) },
        { type: 'put', key: keys.hardState, value: encodeHardState(hs) },
        { type: 'put', key: keys.repair, value: encodeIndex(until) },
      ]);
      const storage = new LevelGroupStorage(this, keys, hs, meta, EMPTY_DATA, [], 1, 0, until);
      storage.confLost = true;
      this.groups.set(groupId, storage);
      return storage;
    }
    const entries: Entry[] = [];
    // Entries at or below the snapshot stay on disk until the application
    // deletes them; the lowest one (at or above the floor) bounds what Raft can
    // still send as appends. Deletions only ever remove a prefix, so what is
    // left below the snapshot is contiguous (the floor covers every other case).
    let diskLow = snapMeta.index + 1;
    let next = snapMeta.index + 1;
    let cutAt = 0;
    let cutReason = '';
    const it = this.db.iterator({ gte: keys.entry(Math.min(floor, next)), lt: keys.entriesEnd() });
    try {
      let first = true;
      for (;;) {
        let kv: [Buffer, Buffer] | undefined;
        try {
          kv = await it.next();
        } catch (err) {
          // LevelDB itself cannot read on (damaged after a clean stop, so no start-up scan
          // repaired it): cut here; the next start repairs the database.
          if (!isLevelCorruption(err)) throw err;
          await this.markNeedsRepair();
          cutAt = next;
          cutReason = `LevelDB could not read the entries from ${next} (${(err as Error).message})`;
          break;
        }
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
        if (index !== next) {
          // Entries are written and deleted in whole batches: a hole is damage (a lost log record).
          cutAt = next;
          cutReason = `raft entry ${next} is missing (the next one on disk is ${index})`;
          break;
        }
        if (scanned?.has(index)) {
          cutAt = index;
          cutReason = `raft entry ${index} failed its checksum`;
          break;
        }
        try {
          entries.push(decodeEntry(index, kv[1], this.decode));
        } catch (err) {
          if (!(err instanceof StorageCorruptionError)) throw err;
          cutAt = index;
          cutReason = err.message;
          break;
        }
        next++;
      }
    } finally {
      await it.close();
    }
    const lastIndex = snapMeta.index + entries.length;
    if (cutAt === 0 && !hardStateLost && hardState.commit > lastIndex) {
      cutAt = lastIndex + 1;
      cutReason = `the hard state's commit index ${hardState.commit} is past the last entry ${lastIndex}`;
    }
    if (cutAt > 0 || hardStateLost || repairUntil === Number.MAX_SAFE_INTEGER) {
      // This replica may have acknowledged entries up to any of these.
      const until = Math.max(repairUntil === Number.MAX_SAFE_INTEGER ? 0 : repairUntil, await highest(), hardStateLost ? 0 : hardState.commit, lastIndex);
      if (cutAt > 0) {
        damage(`${cutReason}; the log is cut at ${cutAt - 1} and the rest is copied again from the leader`, cutAt);
      }
      if (hardStateLost) {
        const lastTerm = entries.length > 0 ? (entries[entries.length - 1] as Entry).term : snapMeta.term;
        hardState = { term: lastTerm, vote: 0, commit: snapMeta.index };
      } else {
        hardState = { ...hardState, commit: Math.min(hardState.commit, lastIndex) };
      }
      ops.push({ type: 'put', key: keys.hardState, value: encodeHardState(hardState) });
      ops.push({ type: 'put', key: keys.repair, value: encodeIndex(until) });
      repairUntil = until;
      // The marker first: a crash before the delete finishes cuts again at the next load.
      await this.write(ops);
      // (A clear that meets LevelDB's own damage leaves the rest for the next load to cut again.)
      if (cutAt > 0) await this.db.clear({ gte: keys.entry(cutAt), lt: keys.entriesEnd() }).catch((err: unknown) => (isLevelCorruption(err) ? this.markNeedsRepair() : Promise.reject(err)));
    }
    // Damaged entries at or below the snapshot: Raft must not send them (the floor), the application re-copies them.
    let damagedBelowSnapshot = 0;
    if (scanned) {
      for (const i of scanned) if (i <= snapMeta.index && i >= diskLow && (damagedBelowSnapshot === 0 || i < damagedBelowSnapshot)) damagedBelowSnapshot = i;
    }
    const storage = new LevelGroupStorage(this, keys, hardState, snapMeta, snapData, entries, diskLow, peerSnapshot, repairUntil);
    if (damagedBelowSnapshot > 0) storage.damagedBelow(damagedBelowSnapshot, []);
    this.groups.set(groupId, storage);
    return storage;
  }

  /** Index of the group's last entry key on disk (0: none), whatever its value. */
  private async highestEntryIndex(keys: GroupKeys): Promise<number> {
    try {
      const last = await this.db.keys({ gte: keys.entry(0), lt: keys.entriesEnd(), reverse: true, limit: 1 }).all();
      return last.length > 0 ? keys.entryIndex(last[0] as Buffer) : 0;
    } catch (err) {
      if (!isLevelCorruption(err)) throw err;
      await this.markNeedsRepair();
      return 0; // the hard state's commit and the entries read still bound the repair
    }
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
    const range = new GroupKeys(groupId).range();
    await this.clearAndReclaim(range.gte, range.lt);
  }

  /** Removes entries of a group below `beforeIndex` from disk (log compaction or retention). */
  async deleteEntriesBefore(groupId: string, beforeIndex: number): Promise<void> {
    const keys = new GroupKeys(groupId);
    // Raft must stop reading them before the (non-atomic) range delete begins.
    this.groups.get(groupId)?.entriesDeletedBefore(beforeIndex);
    await this.clearAndReclaim(keys.entry(0), keys.entry(beforeIndex));
  }

  /**
   * Deletes the keys in [gte, lt). LevelDB frees the space of deleted keys only
   * when a compaction rewrites the tables holding them, which for old data in
   * its deepest level can take as long as the disk takes to fill again: a
   * range that held at least RECLAIM_MIN_BYTES on disk is compacted at once, so
   * retention (and tiered storage's local retention) really bounds the disk.
   */
  private async clearAndReclaim(gte: Buffer, lt: Buffer): Promise<void> {
    // classic-level's (Node's) own methods; level's type is also the browser's, which lacks them.
    const native = this.db as unknown as Partial<Compactable>;
    const onDisk = native.approximateSize ? await native.approximateSize(gte, lt) : 0;
    await this.db.clear({ gte, lt });
    if (onDisk >= RECLAIM_MIN_BYTES && native.compactRange) await native.compactRange(gte, lt);
  }

  /** Reads entries [lo, hi) of a group from disk, including ones no longer cached for Raft. */
  async readEntries(groupId: string, lo: number, hi: number, maxBytes = Infinity): Promise<Entry[]> {
    const keys = new GroupKeys(groupId);
    const out: Entry[] = [];
    let bytes = 0;
    try {
      for await (const [key, value] of this.db.iterator({ gte: keys.entry(lo), lt: keys.entry(hi) })) {
        const e = this.decodeRead(groupId, keys.entryIndex(key), value);
        bytes += e.data.byteLength;
        if (out.length > 0 && bytes > maxBytes) break;
        out.push(e);
      }
    } catch (err) {
      throw await this.levelCorruption(err, groupId, lo + out.length);
    }
    return out;
  }

  /**
   * LevelDB itself met damage (a table block that does not parse): reported
   * as damage at `index` (the first entry not read), and the next open
   * repairs the database. Anything else passes through unchanged.
   */
  private async levelCorruption(err: unknown, groupId: string, index: number): Promise<unknown> {
    if (!isLevelCorruption(err)) return err;
    await this.markNeedsRepair().catch(() => undefined);
    const reason = `LevelDB could not read the stored entries from ${index} (${(err as Error).message}); the database is repaired at the next start`;
    this.onDamage?.({ groupId, index, reason, where: 'read' });
    return new StorageCorruptionError(reason, index);
  }

  /**
   * Reads entries [lo, hi) of a group and checks them (the scrubber): the
   * entries that failed their checks and the bytes read. Stops after
   * `maxBytes`; `next` is where to continue.
   */
  async verifyEntries(groupId: string, lo: number, hi: number, maxBytes: number): Promise<{ next: number; bytes: number; entries: number; damaged: number[] }> {
    const keys = new GroupKeys(groupId);
    const damaged: number[] = [];
    let bytes = 0;
    let entries = 0;
    let next = hi;
    let expected = lo;
    try {
      await this.eachEntry(keys, lo, hi, (index, value) => {
        if (entries > 0 && index !== expected) {
          // A hole inside what the group holds: every missing index is damage.
          for (let i = expected; i < index && damaged.length < 1000; i++) damaged.push(i);
        }
        expected = index + 1;
        entries++;
        bytes += value.length;
        try {
          decodeEntry(index, value, this.decode);
        } catch (err) {
          if (!(err instanceof StorageCorruptionError)) throw err;
          damaged.push(index);
        }
        if (bytes >= maxBytes) {
          next = index + 1;
          return false;
        }
        return true;
      });
    } catch (err) {
      for (const i of damaged) this.onDamage?.({ groupId, index: i, reason: `raft entry ${i} failed its checks`, where: 'read' });
      // (levelCorruption reports the entry it stopped at.)
      const e = await this.levelCorruption(err, groupId, expected);
      if (!(e instanceof StorageCorruptionError)) throw e;
      return { next: hi, bytes, entries, damaged: [...damaged, expected] };
    }
    for (const i of damaged) this.onDamage?.({ groupId, index: i, reason: `raft entry ${i} failed its checks`, where: 'read' });
    return { next, bytes, entries, damaged };
  }

  /** Calls `fn` with each stored entry of [lo, hi) until it returns false. */
  private async eachEntry(keys: GroupKeys, lo: number, hi: number, fn: (index: number, value: Buffer) => boolean): Promise<void> {
    for await (const [key, value] of this.db.iterator({ gte: keys.entry(lo), lt: keys.entry(hi) })) {
      if (!fn(keys.entryIndex(key), value)) return;
    }
  }

  /** Decodes an entry read from disk; damage is reported, then thrown as StorageCorruptionError. */
  decodeRead(groupId: string, index: number, value: Uint8Array): Entry {
    try {
      return decodeEntry(index, value, this.decode);
    } catch (err) {
      if (err instanceof StorageCorruptionError) this.onDamage?.({ groupId, index, reason: err.message, where: 'read' });
      throw err;
    }
  }

  /** Closes the database; a clean close is recorded, so the next open skips the start-up scan. */
  async close(): Promise<void> {
    await this.db.close();
    await fsp.writeFile(path.join(this.path, CLEAN_MARKER), '').catch(() => undefined);
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
  /**
   * The group's snapshot was lost to damage and it starts empty: its
   * configuration is unknown here until a leader's snapshot or the
   * configuration changes in the log arrive (RaftHost.addGroup starts it from
   * the voters the application names, as a new group).
   */
  confLost = false;

  constructor(
    private readonly store: LevelRaftStore,
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
    /** See InitialState.repairUntil; the marker (key 'r') is deleted with the first hard state that commits it. */
    private repairIndex = 0,
  ) {
    this.snapshotData = snapshotData;
  }

  /** The index this replica must commit again before it votes (0: not repairing). */
  get repairUntil(): number {
    return this.repairIndex;
  }

  /** Lowest damaged entry at or below the snapshot that the application must copy again (0: none). */
  damagedBelowSnapshot = 0;

  /**
   * Entries from `index` (<= the snapshot index) are damaged: Raft stops
   * sending them (they stay for the application to replace) and
   * damagedBelowSnapshot records the lowest. Pushes the floor's write.
   */
  damagedBelow(index: number, ops: BatchOp[]): void {
    if (index > this.snapMeta.index) return;
    if (this.damagedBelowSnapshot === 0 || index < this.damagedBelowSnapshot) this.damagedBelowSnapshot = index;
    this.retireEntriesBefore(this.snapMeta.index + 1, ops);
    // What is below the snapshot is no longer the whole log here, as after a
    // snapshot from a peer: the marker makes a restart resume the copy.
    if (this.peerSnapshot < this.snapMeta.index) {
      this.peerSnapshot = this.snapMeta.index;
      ops.push({ type: 'put', key: this.keys.peerSnapshot, value: encodeIndex(this.snapMeta.index) });
    }
  }

  /**
   * The stored copy of entry `index` (after the snapshot) is damaged but the
   * in-memory one, checked when loaded or written here, is good: pushes its
   * rewrite. False when it is not cached.
   */
  rewriteCached(index: number, ops: BatchOp[]): boolean {
    const e = index > this.snapMeta.index ? this.ents[index - this.snapMeta.index - 1] : undefined;
    if (e === undefined) return false;
    ops.push({ type: 'put', key: this.keys.entry(index), value: encodeEntry(e) });
    return true;
  }

  get groupId(): string {
    return this.keys.groupId;
  }

  initialState(): InitialState {
    return { hardState: this.hardState, confState: this.snapMeta.confState, repairUntil: this.repairIndex };
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
    const value = this.store.db.getSync(this.keys.entry(i));
    if (value !== undefined) {
      try {
        return this.store.decodeRead(this.groupId, i, value);
      } catch (err) {
        if (!(err instanceof StorageCorruptionError)) throw err;
        // Never sent: below it the leader sends a snapshot. (Reported by decodeRead.)
        this.diskLow = Math.max(this.diskLow, i + 1);
        if (this.damagedBelowSnapshot === 0 || i < this.damagedBelowSnapshot) this.damagedBelowSnapshot = i;
        return undefined;
      }
    }
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
    ops.push({ type: 'put', key: this.keys.entryFloor, value: encodeIndex(floor) });
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
      ops.push({ type: 'put', key: k.snapshotMeta, value: encodeSnapshotMeta(meta, ready.snapshot.data) });
      // (An absent data key reads as empty: a new group's bootstrap is one operation.)
      if (ready.snapshot.data.byteLength > 0 || this.snapshotData.byteLength > 0) {
        ops.push({ type: 'put', key: k.snapshotData, value: Buffer.from(ready.snapshot.data) });
      }
      if (meta.index > 0) {
        ops.push({ type: 'put', key: k.entryFloor, value: encodeIndex(meta.index + 1) });
        // In the same batch, so no crash can leave the snapshot without the record of where it came from.
        ops.push({ type: 'put', key: k.peerSnapshot, value: encodeIndex(meta.index) });
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
    const hs = ready.hardState ?? (this.hardStateUnwritten ? this.hardState : undefined);
    if (hs) {
      ops.push({ type: 'put', key: k.hardState, value: encodeHardState(hs) });
      if (this.repairIndex > 0 && hs.commit >= this.repairIndex) {
        // Committed again, so held again (a follower commits only what matches its leader's log): repaired.
        ops.push({ type: 'del', key: k.repair });
        this.repairIndex = 0;
      }
    }
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
    ops.push({ type: 'put', key: this.keys.snapshotMeta, value: encodeSnapshotMeta(meta, data) });
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
