// Reads the assigned partitions into the fetch buffer. Fetch (one session per
// leader node) catches up; once a partition is caught up it moves to a
// Subscribe stream with byte credit for live tailing, and back to Fetch on any
// stream error. Unresolved starts are resolved first; failures back off per
// partition, and a timer looks again when the next backoff is over.
import { EddyError } from '@eddy/protocol';
import type { ClusterConnection } from '../connection/cluster-connection.js';
import { EddyClientError } from '../errors.js';
import { after, type Timer } from '../retry/clock.js';
import { backoffDelay } from '../retry/retry-policy.js';
import { decodeMessages, type FetchBuffer } from './fetch-buffer.js';
import { FetchSession, type FetchLimits, type FetchSessionHost } from './fetch-session.js';
import type { PartitionState } from './partition-state.js';
import { outOfRangeStart, restart, type AutoOffsetReset, type PendingStart, type Positions } from './positions.js';
import { SubscribeStream, type SubscribeData, type SubscribeEnd } from './subscribe-stream.js';

export interface FetcherOptions extends FetchLimits {
  autoOffsetReset: AutoOffsetReset;
  useSubscribe: boolean;
}

export interface FetcherDeps {
  conn: ClusterConnection;
  /** The assigned partitions (owned by the consumer). */
  partitions: ReadonlyMap<string, PartitionState>;
  buffer: FetchBuffer;
  positions: Positions;
  options: FetcherOptions;
  isClosed(): boolean;
  /** A failure the reader must see (a non-retriable error, corrupt bytes). */
  fail(err: unknown): void;
}

export class Fetcher implements FetchSessionHost {
  private readonly conn: ClusterConnection;
  private readonly partitions: ReadonlyMap<string, PartitionState>;
  readonly buffer: FetchBuffer;
  private readonly sessions = new Map<string, Promise<void>>();
  private retryTimer: Timer | undefined;
  subscribeSupported: boolean;

  constructor(private readonly deps: FetcherDeps) {
    this.conn = deps.conn;
    this.partitions = deps.partitions;
    this.buffer = deps.buffer;
    this.subscribeSupported = deps.options.useSubscribe;
  }

  get closed(): boolean {
    return this.deps.isClosed();
  }

  /** Something changed: start fetch sessions / streams where there is work. */
  kick(): void {
    if (this.closed) return;
    const unresolved: PartitionState[] = [];
    const now = this.conn.clock.now();
    let nextRetry = Number.POSITIVE_INFINITY;
    for (const s of this.partitions.values()) {
      if (s.paused || s.stream) continue;
      if (s.retryAt > now) {
        nextRetry = Math.min(nextRetry, s.retryAt);
        continue;
      }
      if (s.fetchOffset === undefined) {
        if (!s.resolving) unresolved.push(s);
        continue;
      }
      if (s.caughtUp && this.subscribeSupported) {
        this.openStream(s);
        continue;
      }
      const route = this.conn.metadata.route(s.topic, s.partition);
      if (route.kind !== 'leader') {
        // No leader known: refresh, and look again after a backoff (never a hot loop).
        s.failures++;
        s.retryAt = now + backoffDelay(this.conn.options.retry, s.failures);
        nextRetry = Math.min(nextRetry, s.retryAt);
        this.conn.refreshMetadata().catch((err: unknown) => this.conn.logger.debug({ err }, 'metadata refresh failed'));
        continue;
      }
      if (!this.sessions.has(route.address)) {
        const session = new FetchSession(route.address, this.conn, this.deps.options, this).run().finally(() => {
          this.sessions.delete(route.address);
          this.kick();
        });
        this.sessions.set(route.address, session);
      }
    }
    if (unresolved.length > 0) {
      this.deps.positions.resolve(unresolved).then(
        () => this.kick(),
        (err: unknown) => {
          for (const s of unresolved) this.retryLater(s, err);
        },
      );
    }
    if (nextRetry !== Number.POSITIVE_INFINITY && !this.retryTimer) {
      this.retryTimer = after(this.conn.clock, Math.max(1, nextRetry - now), () => {
        this.retryTimer = undefined;
        this.kick();
      });
    }
  }

  /** Drops buffered records and streams of a partition and ignores reads in flight. */
  invalidate(s: PartitionState): void {
    s.generation++;
    s.caughtUp = false;
    if (s.stream) {
      s.stream.cancel();
      s.stream = undefined;
    }
    this.buffer.drop(s);
  }

  /** Drops what was read of a partition and reads it again from `start`. */
  reset(s: PartitionState, start: PendingStart): void {
    this.invalidate(s);
    restart(s, start);
  }

  /** Stops the retry timer (closing). */
  stop(): void {
    this.retryTimer?.cancel();
  }

  /** Resolves when every fetch session has ended. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.sessions.values()]);
  }

  // -------------------------------------------------------------------------
  // FetchSessionHost

  fetchableOn(address: string): PartitionState[] {
    const now = this.conn.clock.now();
    const out: PartitionState[] = [];
    for (const s of this.partitions.values()) {
      if (s.paused || s.stream || s.fetchOffset === undefined || s.retryAt > now || (s.caughtUp && this.subscribeSupported)) continue;
      const route = this.conn.metadata.route(s.topic, s.partition);
      if (route.kind === 'leader' && route.address === address) out.push(s);
    }
    return out;
  }

  isAssigned(s: PartitionState): boolean {
    return this.partitions.get(s.key) === s;
  }

  deliver(s: PartitionState, generation: number, from: bigint, bytes: Buffer): number {
    return this.deliverBatches(s, generation, from, bytes, undefined);
  }

  async onCallError(parts: readonly PartitionState[], err: unknown): Promise<void> {
    for (const s of parts) await this.conn.onPartitionError(s.topic, s.partition, err);
    for (const s of parts) this.retryLater(s, err);
  }

  async onReadError(s: PartitionState, err: EddyError): Promise<void> {
    if (err.code === 'OFFSET_OUT_OF_RANGE') {
      const reset = this.deps.options.autoOffsetReset;
      this.conn.logger.info({ topic: s.topic, partition: s.partition, offset: String(s.fetchOffset), reset }, 'offset out of range; resetting');
      this.reset(s, outOfRangeStart(err, reset));
      this.kick();
      return;
    }
    await this.conn.onPartitionError(s.topic, s.partition, err);
    if (err.code === 'NOT_LEADER' || err.retriable) {
      s.failures++;
      s.retryAt = err.code === 'NOT_LEADER' && s.failures === 1 ? 0 : this.conn.clock.now() + backoffDelay(this.conn.options.retry, s.failures);
      this.kick();
      return;
    }
    this.retryLater(s, err);
  }

  // -------------------------------------------------------------------------

  private retryLater(s: PartitionState, err: unknown): void {
    if (this.closed) return;
    s.failures++;
    // A server's refusal; the client's own errors (closed) are only retried.
    if (err instanceof EddyError && !(err instanceof EddyClientError) && !err.retriable && err.code !== 'NOT_LEADER') {
      this.conn.logger.warn({ err, topic: s.topic, partition: s.partition }, 'partition read failed');
      if (err.code !== 'UNKNOWN_TOPIC' && err.code !== 'UNKNOWN_PARTITION') this.deps.fail(err);
    }
    s.retryAt = this.conn.clock.now() + backoffDelay(this.conn.options.retry, s.failures);
    this.kick();
  }

  /** Decodes batches, skips records below `from`, queues the rest. Returns the number queued. */
  private deliverBatches(s: PartitionState, generation: number, from: bigint, bytes: Buffer, stream: SubscribeStream | undefined): number {
    if (bytes.length === 0) {
      this.buffer.push(s, generation, [], 0, stream);
      return 0;
    }
    let decoded: ReturnType<typeof decodeMessages>;
    try {
      decoded = decodeMessages(s.topic, s.partition, from, bytes);
    } catch (err) {
      this.deps.fail(err);
      return 0;
    }
    if (decoded.next > (s.fetchOffset ?? from)) s.fetchOffset = decoded.next;
    this.buffer.push(s, generation, decoded.messages, bytes.length, stream);
    return decoded.messages.length;
  }

  /** Tails a caught-up partition on a Subscribe stream at its leader. */
  private openStream(s: PartitionState): void {
    const route = this.conn.metadata.route(s.topic, s.partition);
    if (route.kind !== 'leader' || s.fetchOffset === undefined) {
      s.caughtUp = false;
      return;
    }
    const generation = s.generation;
    const sub: SubscribeStream = new SubscribeStream(this.conn.pool.get(route.address).fetch, {
      data: (d: SubscribeData) => {
        if (s.stream !== sub || s.generation !== generation) return;
        s.highWatermark = d.highWatermark;
        this.deliverBatches(s, generation, s.fetchOffset!, d.recordBatches, sub);
        if (d.nextOffset > s.fetchOffset!) s.fetchOffset = d.nextOffset;
      },
      end: (end: SubscribeEnd) => {
        if (s.stream !== sub) return;
        s.stream = undefined;
        s.caughtUp = false;
        if (this.closed || s.generation !== generation) return;
        if (end.kind === 'unimplemented') {
          this.subscribeSupported = false;
          this.conn.logger.info('Subscribe is not served; using Fetch only');
          this.kick();
        } else if (end.kind === 'ended') {
          this.kick();
        } else {
          void this.onReadError(s, end.error);
        }
      },
    });
    s.stream = sub;
    sub.start({ topic: s.topic, partition: s.partition, offset: s.fetchOffset, initialCreditBytes: this.deps.options.maxPartitionBytes });
  }
}
