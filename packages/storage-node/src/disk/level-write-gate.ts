// The one gate every write to a node's LevelDB passes (docs/architecture.md §8.1). After a
// write fails for lack of space, the open database must not take another
// write: LevelDB's log writer has counted the bytes of the record it could not
// write, so every record written after it is misplaced in the log and dropped
// as corrupt when the database is next opened — synced, acknowledged writes
// lost (seen with classic-level 3.0.0, LevelDB 1.20, on a full tmpfs: all of 20
// synced writes made after space came back were gone after a reopen). So the
// first such failure, whoever wrote, closes the gate: every write is refused
// until the database has been closed and opened again (opening replays the log
// up to the torn record and starts a new one); reads go on meanwhile.
//
// The gate wraps classic-level's implementation methods on the one database
// object (_batch, _put, _del, _clear, and a chained batch's _write): the Raft
// store's hot path calls _batch itself, and abstract-level's public methods
// end in them, so no writer can pass around it.
import { StorageFullError } from '@eddy/protocol';

/** The database as the gate needs it: a classic-level (abstract-level) instance. */
export interface GatedDatabase {
  readonly status: string;
  open(): Promise<void>;
  close(): Promise<void>;
}

const WRITE_METHODS = ['_batch', '_put', '_del', '_clear'] as const;

type AsyncMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * Whether a write failed for lack of space: the file system's ENOSPC as
 * LevelDB words it ("IO error: <file>: No space left on device", code
 * LEVEL_IO_ERROR, no errno), a Node ENOSPC, or the gate's own refusal.
 */
export function isNoSpaceError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  if (e === undefined || e === null) return false;
  if (e.code === 'ENOSPC' || e.code === 'STORAGE_FULL' || e.cause?.code === 'ENOSPC') return true;
  const text = `${String(e.message ?? '')} ${String(e.cause?.message ?? '')}`;
  return /no space left on device/i.test(text);
}

export class LevelWriteGate {
  private failure: Error | undefined;

  /** @param onNoSpace called once per closing of the gate, with the write failure that closed it */
  constructor(
    private readonly db: GatedDatabase,
    private readonly onNoSpace: (err: Error) => void,
  ) {
    const target = db as unknown as Record<string, AsyncMethod | (() => unknown)>;
    for (const name of WRITE_METHODS) {
      const original = target[name] as AsyncMethod | undefined;
      if (typeof original !== 'function') throw new Error(`the database has no ${name}: the write gate needs a classic-level database`);
      target[name] = (...args: unknown[]) => this.pass(() => original.apply(db, args));
    }
    const chained = target._chainedBatch as (() => Record<string, AsyncMethod>) | undefined;
    if (typeof chained === 'function') {
      target._chainedBatch = () => {
        const batch = chained.call(db);
        const write = batch._write;
        if (typeof write === 'function') batch._write = (...args: unknown[]) => this.pass(() => write.apply(batch, args));
        return batch;
      };
    }
  }

  /** The write failure that closed the gate; undefined while writes pass. */
  get closedBy(): Error | undefined {
    return this.failure;
  }

  /**
   * Closes the database and opens it again, then lets writes through. Rejects
   * when opening fails (LevelDB writes a new table and log while it opens, so it
   * too needs space); the gate then stays closed, and the database closed
   * until a later reopen succeeds.
   */
  async reopen(): Promise<void> {
    if (this.db.status === 'open') await this.db.close();
    await this.db.open();
    this.failure = undefined;
  }

  private pass(write: () => Promise<unknown>): Promise<unknown> {
    if (this.failure) return Promise.reject(this.refusal());
    return write().catch((err: unknown) => {
      if (isNoSpaceError(err) && this.failure === undefined) {
        this.failure = err as Error;
        this.onNoSpace(this.failure);
      }
      throw err;
    });
  }

  private refusal(): StorageFullError {
    return new StorageFullError(
      `this node takes no writes until its disk has space again and its database has been reopened: an earlier write failed for lack of space (${this.failure?.message ?? 'unknown'}); free space on its data volume or grow it, and it resumes by itself`,
      { cause: this.failure },
    );
  }
}
