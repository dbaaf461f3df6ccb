// Free space on a node's data volume, and whether the node is "storage full"
// (docs/architecture.md §8.1). Free space is read (statfs) about once a second; below the
// minimum (--storage-min-free-bytes) the node is storage full until free
// space is back at RESUME_FACTOR times the minimum, so a node hovering at the
// line does not flap. While full, produce to partitions led here is refused
// with STORAGE_FULL, leaderships move to replicas on nodes with space, and
// reads and following go on: the minimum is headroom for what the node must
// still write (Raft appends from other leaders, its own small records).
//
// A write that fails for lack of space anyway (the headroom was used up
// between two readings, or another process filled the volume) makes the node
// storage full too: the write gate (level-write-gate.ts) refuses every write,
// the node's failed Raft write waits (retryWrite, given to RaftHost), and once
// there is space again the database is reopened and that write done again.
// Any other write failure stays fatal.
import { statfs } from 'node:fs/promises';
import { silentLogger, type Logger } from '@eddy/protocol';
import { LevelWriteGate, isNoSpaceError, type GatedDatabase } from './level-write-gate.js';

/** The default minimum of free bytes on the data volume (--storage-min-free-bytes). */
export const DEFAULT_MIN_FREE_BYTES = 256 * 1024 * 1024;
/** A storage-full node takes writes again once free space is back at this many times the minimum. */
export const RESUME_FACTOR = 1.25;
/** How often free space is read. */
export const SPACE_CHECK_INTERVAL_MS = 1000;
/**
 * Free bytes wanted before the database is reopened after a write failed for
 * lack of space (at least; the resume threshold when it is higher): opening
 * writes the replayed log into a table and starts a new log and manifest.
 */
export const REOPEN_MIN_FREE_BYTES = 16 * 1024 * 1024;
/** Longest wait between two failed reopens. */
const REOPEN_MAX_BACKOFF_MS = 30_000;

/** Free (available to the process) and total bytes of a file system. */
export interface DiskSpace {
  free: number;
  total: number;
}

/** What the data plane needs to know of its node's disk. */
export interface StorageFullness {
  /** The node is storage full: produce is refused, leaderships go elsewhere. */
  readonly full: boolean;
  /** Why, and what to do, for error messages (meaningful while full). */
  describe(): string;
}

/**
 * Whether a node is low on space after a reading: below `minFree` it becomes
 * low, and stays low until `resumeFree` bytes are free. A minimum of 0 turns the check off.
 */
export function nextLowSpace(wasLow: boolean, free: number, minFree: number, resumeFree: number): boolean {
  if (minFree <= 0) return false;
  return wasLow ? free < resumeFree : free < minFree;
}

export interface StorageSpaceOptions {
  nodeId: number;
  /** A directory on the volume to watch: the data directory. */
  dataDir: string;
  /** Free bytes below which the node is storage full; 0 turns the check off (write failures are still handled). */
  minFreeBytes: number;
  /** The node's LevelDB (classic-level): its writes pass the write gate. Without it only free space is watched. */
  db?: GatedDatabase;
  logger?: Logger;
  intervalMs?: number;
  /** Reads free space (default: statfs); undefined when it cannot be read. */
  statfs?: (dir: string) => Promise<DiskSpace | undefined>;
}

export class StorageSpace implements StorageFullness {
  readonly minFreeBytes: number;
  /** Free bytes at which a storage-full node takes writes again. */
  readonly resumeFreeBytes: number;
  private readonly logger: Logger;
  private readonly gate: LevelWriteGate | undefined;
  private readonly readSpace: (dir: string) => Promise<DiskSpace | undefined>;
  private low = false;
  private last: DiskSpace | undefined;
  private wasFull = false;
  private readonly listeners = new Set<(full: boolean) => void>();
  /** Failed Raft writes waiting for the gate to open again. */
  private waiters: ((retry: boolean) => void)[] = [];
  private reopenBackoffMs = 1000;
  private reopenNotBefore = 0;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: StorageSpaceOptions) {
    this.minFreeBytes = Math.max(0, options.minFreeBytes);
    this.resumeFreeBytes = Math.ceil(this.minFreeBytes * RESUME_FACTOR);
    this.logger = options.logger ?? silentLogger();
    this.readSpace = options.statfs ?? readStatfs;
    this.gate = options.db ? new LevelWriteGate(options.db, (err) => this.noSpace(err)) : undefined;
  }

  /** Reads free space once now, then every intervalMs. */
  async start(): Promise<void> {
    await this.check();
    if (this.stopped) return;
    this.timer = setInterval(() => void this.check(), this.options.intervalMs ?? SPACE_CHECK_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops reading; failed writes still waiting are told not to retry. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.release(false);
  }

  get full(): boolean {
    return this.low || this.gate?.closedBy !== undefined;
  }

  /** The latest reading of the volume, if any. */
  get space(): DiskSpace | undefined {
    return this.last;
  }

  /** Calls `listener` on every change of `full`; returns the unsubscribe. */
  onChange(listener: (full: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  describe(): string {
    const free = this.last ? `${mib(this.last.free)} free` : 'free space unknown';
    const failed = this.gate?.closedBy;
    const why = failed
      ? `a write failed for lack of space (${failed.message}; ${free})`
      : `${free} on its data volume, below its minimum of ${mib(this.minFreeBytes)} (--storage-min-free-bytes)`;
    return (
      `node ${this.options.nodeId} is storage full: ${why}. It accepts no new records for the partitions it leads until ` +
      `${mib(Math.max(this.resumeFreeBytes, failed ? REOPEN_MIN_FREE_BYTES : 0))} are free, and hands their leadership to a replica on a node with space when there is one; ` +
      'reads go on. Free space on the volume (lower retention, delete unused topics) or grow it: writes resume by themselves'
    );
  }

  /**
   * RaftHost's retryWrite: a write that failed for lack of space is tried
   * again once the gate is open again (space back, database reopened);
   * resolves false at once for any other failure, which is fatal.
   */
  readonly retryWrite = (err: Error): Promise<boolean> => {
    if (!isNoSpaceError(err) || this.stopped) return Promise.resolve(false);
    // A node without the gate cannot make the database safe to write again.
    if (!this.gate) return Promise.resolve(false);
    // Every write passes the gate, so its failure closed it; open again means it
    // was reopened since, and the write may go at once.
    if (this.gate.closedBy === undefined) return Promise.resolve(true);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      void this.check();
    });
  };

  /** One reading of free space, and a reopen when the gate is closed and there is room. */
  check(): Promise<void> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async checkOnce(): Promise<void> {
    const space = await this.readSpace(this.options.dataDir).catch(() => undefined);
    if (this.stopped) return;
    if (space) {
      this.last = space;
      this.low = nextLowSpace(this.low, space.free, this.minFreeBytes, this.resumeFreeBytes);
    }
    const failed = this.gate?.closedBy;
    if (this.gate && failed && space && space.free >= Math.max(this.resumeFreeBytes, REOPEN_MIN_FREE_BYTES) && Date.now() >= this.reopenNotBefore) {
      try {
        await this.gate.reopen();
        this.reopenBackoffMs = 1000;
        this.logger.info({ free: space.free, dir: this.options.dataDir }, 'storage: space is back; the database was reopened and takes writes again');
        this.release(true);
      } catch (err) {
        this.reopenNotBefore = Date.now() + this.reopenBackoffMs;
        this.logger.error({ err, free: space.free, retryInMs: this.reopenBackoffMs }, 'storage: could not reopen the database after a write failed for lack of space; trying again');
        this.reopenBackoffMs = Math.min(REOPEN_MAX_BACKOFF_MS, this.reopenBackoffMs * 2);
      }
    }
    this.changed();
  }

  private noSpace(err: Error): void {
    this.logger.error(
      { err: err.message, dir: this.options.dataDir },
      'storage: a write failed for lack of space; the node takes no writes until space is back and its database has been reopened (nothing acknowledged is lost: the failed write is done again)',
    );
    this.changed();
  }

  private release(retry: boolean): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(retry);
  }

  /** Logs a change of `full` and tells the listeners. */
  private changed(): void {
    const full = this.full;
    if (full === this.wasFull) return;
    this.wasFull = full;
    const fields = { free: this.last?.free, minFree: this.minFreeBytes, resumeFree: this.resumeFreeBytes, dir: this.options.dataDir };
    if (full) this.logger.warn(fields, `storage full: ${this.describe()}`);
    else this.logger.info(fields, 'storage no longer full: produce is accepted again and leaderships may come back');
    for (const l of [...this.listeners]) l(full);
  }
}

async function readStatfs(dir: string): Promise<DiskSpace | undefined> {
  const s = await statfs(dir);
  return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
}

function mib(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}
