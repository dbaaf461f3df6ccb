// The background scrubber of a storage node (docs/architecture.md, "Scrubbing"):
// reads back every hosted partition replica's committed log entries from
// LevelDB and checks them (LevelRaftStore.verifyEntries), one replica after
// another, pass after pass, at scrub.bytes.per.sec, so damage to cold data is
// found before a consumer or a failover needs it. What it finds goes the one
// way every read's damage goes: the store's onDamage (the node's
// DamageReporter counts, logs and routes it to the replica, which repairs it
// from its peers); the scrubber itself never reports an entry, so nothing is
// reported twice. Progress is kept in memory only (scrub-cursor.ts).
import { silentLogger, type Logger } from '@eddy/protocol';
import { TokenBucket } from '@eddy/raft';
import type { IntegrityMetrics } from './integrity-metrics.js';
import { ScrubCursor, scrubRangeOf, type ScrubRange, type ScrubbableReplica } from './scrub-cursor.js';

/** Bytes read per verifyEntries call: each call's synchronous checking stays well under a millisecond. */
export const SCRUB_CHUNK_BYTES = 256 * 1024;
/**
 * A pass starts no sooner than this after the previous one started: a node
 * holding little data re-reads it every 10 minutes, not continuously at the
 * full rate. A node holding more takes longer than this per pass anyway
 * (4 MiB/s reads 2.3 GiB in 10 minutes).
 */
export const SCRUB_MIN_PASS_INTERVAL_MS = 10 * 60_000;
/** A pass that found no replica to verify is tried again this soon (replicas open after the start). */
export const SCRUB_IDLE_RETRY_MS = 10_000;
/** After an unexpected error, the next chunk waits this long. */
const ERROR_BACKOFF_MS = 1_000;

/**
 * The store as the scrubber uses it (LevelRaftStore.verifyEntries): checks
 * entries [lo, hi) of a group, reporting each damaged one (LevelDB's own
 * corruption included) through its onDamage.
 */
export interface EntryVerifier {
  verifyEntries(groupId: string, lo: number, hi: number, maxBytes: number): Promise<{ next: number; bytes: number; entries: number; damaged: number[] }>;
}

export interface ScrubberOptions {
  /** The partition replicas hosted here, read at every chunk. */
  replicas: () => Iterable<ScrubbableReplica>;
  store: EntryVerifier;
  /** scrub.bytes.per.sec; 0 turns the scrubber off. */
  bytesPerSecond: number;
  chunkBytes?: number;
  minPassIntervalMs?: number;
  metrics?: IntegrityMetrics;
  logger?: Logger;
  clock?: () => number;
  /** Waits `ms` (tests pass a fake clock's); the scrubber cuts every wait short when stopped. */
  sleep?: (ms: number) => Promise<void>;
}

export class Scrubber {
  private readonly cursor = new ScrubCursor();
  private readonly bucket: TokenBucket | undefined;
  private readonly logger: Logger;
  private readonly clock: () => number;
  private readonly chunkBytes: number;
  private running: Promise<void> | undefined;
  private stopped = false;
  private wake: (() => void) | undefined;
  /** Full passes completed (each verified at least one replica). */
  passes = 0;
  /** Bytes verified so far. */
  bytes = 0;

  constructor(private readonly options: ScrubberOptions) {
    this.logger = options.logger ?? silentLogger();
    this.clock = options.clock ?? Date.now;
    const rate = options.bytesPerSecond;
    // A chunk never exceeds one second's worth, so a slow rate is paced in small steps.
    this.chunkBytes = Math.max(1, Math.min(options.chunkBytes ?? SCRUB_CHUNK_BYTES, rate > 0 ? rate : Infinity));
    this.bucket = rate > 0 ? new TokenBucket(rate, this.clock, (ms) => this.wait(ms)) : undefined;
  }

  get enabled(): boolean {
    return this.bucket !== undefined;
  }

  /** Starts scrubbing in the background (nothing when the rate is 0). */
  start(): void {
    if (!this.enabled || this.running || this.stopped) return;
    this.running = this.loop().catch((err: unknown) => this.logger.error({ err }, 'the scrubber stopped on an unexpected error; stored data is still checked on every read'));
  }

  /** Stops promptly: waits are cut short and at most the chunk being read finishes. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      const started = this.clock();
      const pass = await this.runPass();
      const interval = pass.replicas > 0 ? (this.options.minPassIntervalMs ?? SCRUB_MIN_PASS_INTERVAL_MS) : Math.min(SCRUB_IDLE_RETRY_MS, this.options.minPassIntervalMs ?? SCRUB_IDLE_RETRY_MS);
      const rest = started + interval - this.clock();
      if (rest > 0) await this.wait(rest);
    }
  }

  /** One pass over every replica (or until stopped); returns what it covered. */
  async runPass(): Promise<{ replicas: number; bytes: number; damaged: number }> {
    let damaged = 0;
    const started = this.clock();
    while (!this.stopped) {
      const step = this.cursor.next(this.ranges());
      if (!step) {
        const pass = this.cursor.endPass();
        if (pass.replicas > 0) {
          this.passes++;
          this.options.metrics?.scrubPasses.inc();
        }
        const fields = { ...pass, damaged, seconds: Math.round((this.clock() - started) / 1000) };
        if (damaged > 0) this.logger.warn(fields, 'scrub pass found damaged entries; their replicas repair them from their peers');
        else this.logger.debug(fields, 'scrub pass complete');
        return { ...pass, damaged };
      }
      let result;
      try {
        result = await this.options.store.verifyEntries(step.groupId, step.from, step.to + 1, this.chunkBytes);
      } catch (err) {
        if (this.stopped) break;
        await this.failed(step, err);
        continue;
      }
      // Every call moves on (verifyEntries reads at least one entry, or ends the range).
      this.cursor.advance(step.groupId, result.next > step.from ? result.next : step.to + 1, result.bytes);
      damaged += result.damaged.length;
      this.bytes += result.bytes;
      this.options.metrics?.scrubBytes.inc(result.bytes);
      await this.bucket?.take(result.bytes);
    }
    return { replicas: 0, bytes: 0, damaged };
  }

  private *ranges(): Iterable<ScrubRange> {
    for (const r of this.options.replicas()) {
      const range = scrubRangeOf(r);
      if (range) yield range;
    }
  }

  /**
   * A chunk could not be read for another reason than damage (the store
   * reports LevelDB's own corruption as damage itself and goes on): the
   * replica is skipped for the rest of this pass.
   */
  private async failed(step: ScrubRange, err: unknown): Promise<void> {
    this.cursor.advance(step.groupId, step.to + 1, 0);
    this.logger.warn({ err, group: step.groupId, from: step.from, to: step.to }, 'the scrubber could not read a replica\'s entries; it moves on to the next replica');
    await this.wait(ERROR_BACKOFF_MS);
  }

  /** Waits `ms`, or less when stopped. */
  private wait(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let over = false;
      const done = (): void => {
        if (over) return;
        over = true;
        if (timer) clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      this.wake = done;
      if (this.options.sleep) void this.options.sleep(ms).then(done);
      else {
        timer = setTimeout(done, ms);
        timer.unref();
      }
    });
  }
}
