// The consumer's user API: assign / subscribe (groups), async iteration, run,
// seek, pause, resume, commit. The pieces under it: positions.ts (where a
// partition starts: resolve, seek, reset), fetcher.ts (reads partitions into
// the buffer: fetch-session.ts per leader node, subscribe-stream.ts for live
// tailing), fetch-buffer.ts (decoded records awaiting delivery). Records are
// delivered in offset order per partition.
import type { ClusterConnection } from '../connection/cluster-connection.js';
import { ClientClosedError } from '../errors.js';
import { every, type Timer } from '../retry/clock.js';
import { FetchBuffer, type Chunk, type ConsumedMessage } from './fetch-buffer.js';
import { Fetcher } from './fetcher.js';
import { GroupMember, type OffsetToCommit } from './group/group-member.js';
import { newPartitionState, type PartitionState } from './partition-state.js';
import { Positions, seekStart, startFor, type AutoOffsetReset, type PendingStart, type SeekTarget, type StartOffset } from './positions.js';
import { tpKey, type TopicPartition } from './topic-partition.js';

export { AutoOffsetReset, type SeekTarget, type StartOffset } from './positions.js';
export type { ConsumedMessage } from './fetch-buffer.js';

/** Consumer settings. */
export interface ConsumerOptions {
  /** Join this consumer group (use `subscribe`); also the group `commit()` writes to. */
  groupId?: string;
  /** Default 'latest'. */
  autoOffsetReset?: AutoOffsetReset;
  /** Longest a Fetch waits for data (ms). Default 500. */
  maxWaitMs?: number;
  /** Fetch answers once this many bytes are ready. Default 1. */
  minBytes?: number;
  /** Upper bound of one Fetch answer. Default 16 MiB. */
  maxBytes?: number;
  /** Upper bound per partition per Fetch, and the Subscribe credit window. Default 1 MiB. */
  maxPartitionBytes?: number;
  /** Fetched but undelivered bytes before fetching pauses. Default 32 MiB. */
  maxBufferedBytes?: number;
  /** Tail caught-up partitions over Subscribe streams. Default true. */
  useSubscribe?: boolean;
  /** Commit processed offsets every autoCommitIntervalMs (groups). Default true. */
  autoCommit?: boolean;
  /** Default 5000. */
  autoCommitIntervalMs?: number;
  /** Session timeout asked of the coordinator (ms); 0 = the server's default. */
  sessionTimeoutMs?: number;
}

/** A partition to read and where to start. */
export interface PartitionAssignment {
  topic: string;
  partition: number;
  /** Default: the group's committed offset if any, else autoOffsetReset. */
  offset?: StartOffset;
}

/** A run of consecutive records of one partition. */
export interface ConsumedBatch {
  topic: string;
  partition: number;
  messages: ConsumedMessage[];
  /** The partition's high watermark when the records were read. */
  highWatermark: bigint;
}

/** Handlers for `run()`: one of eachMessage or eachBatch. */
export interface RunOptions {
  eachMessage?: (message: ConsumedMessage) => Promise<void> | void;
  eachBatch?: (batch: ConsumedBatch) => Promise<void> | void;
}

/**
 * Reads records from assigned partitions (`assign`) or from the partitions a
 * consumer group gives it (`subscribe`), by async iteration or `run()`.
 * Create with `eddy.consumer(options)`.
 */
export class Consumer implements AsyncIterable<ConsumedMessage> {
  private readonly opts: Required<Omit<ConsumerOptions, 'groupId'>>;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly buffer: FetchBuffer;
  private readonly positions: Positions;
  private readonly fetcher: Fetcher;
  private closed = false;
  private readonly group: GroupMember | undefined;
  private commitTimer: Timer | undefined;
  private fatalError: unknown;
  private running = false;

  /** Use `eddy.consumer()`. */
  constructor(
    private readonly conn: ClusterConnection,
    options: ConsumerOptions = {},
  ) {
    this.opts = {
      autoOffsetReset: options.autoOffsetReset ?? 'latest',
      maxWaitMs: options.maxWaitMs ?? 500,
      minBytes: options.minBytes ?? 1,
      maxBytes: options.maxBytes ?? 16 * 1024 * 1024,
      maxPartitionBytes: options.maxPartitionBytes ?? 1024 * 1024,
      maxBufferedBytes: options.maxBufferedBytes ?? 32 * 1024 * 1024,
      useSubscribe: options.useSubscribe ?? true,
      autoCommit: options.autoCommit ?? true,
      autoCommitIntervalMs: options.autoCommitIntervalMs ?? 5_000,
      sessionTimeoutMs: options.sessionTimeoutMs ?? 0,
    };
    if (this.opts.autoOffsetReset !== 'earliest' && this.opts.autoOffsetReset !== 'latest') {
      throw new RangeError(`autoOffsetReset must be earliest or latest, got "${String(this.opts.autoOffsetReset)}"`);
    }
    if (options.groupId !== undefined) {
      this.group = new GroupMember(conn, { groupId: options.groupId, clientId: conn.options.clientId, sessionTimeoutMs: this.opts.sessionTimeoutMs }, {
        revoke: (tps) => this.revokePartitions(tps, true),
        assign: (tps) => this.addPartitions(tps.map((tp) => ({ ...tp, start: { kind: 'committed' } as const }))),
        lost: (tps) => void this.revokePartitions(tps, false),
        fatal: (err) => this.fail(err),
      });
    }
    this.buffer = new FetchBuffer(this.opts.maxBufferedBytes);
    this.positions = new Positions(conn, this.group, this.opts.autoOffsetReset);
    this.fetcher = new Fetcher({
      conn,
      partitions: this.partitions,
      buffer: this.buffer,
      positions: this.positions,
      options: this.opts,
      isClosed: () => this.closed,
      fail: (err) => this.fail(err),
    });
    if (this.group && this.opts.autoCommit) {
      const autoCommit = (): void => {
        this.commit().catch((err: unknown) => this.conn.logger.warn({ err }, 'auto-commit failed'));
      };
      this.commitTimer = every(conn.clock, this.opts.autoCommitIntervalMs, autoCommit, { background: true });
    }
  }

  /** The member id and epoch in the group, when in one. */
  get membership(): { memberId: string; memberEpoch: number; phase: string } | undefined {
    if (!this.group) return undefined;
    const s = this.group.state;
    return { memberId: s.memberId, memberEpoch: s.memberEpoch, phase: s.phase };
  }

  /** Partitions this consumer reads now. */
  assignment(): TopicPartition[] {
    return [...this.partitions.values()].map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  /** Reads these partitions (replacing any earlier assignment), without group coordination. */
  async assign(assignments: readonly PartitionAssignment[]): Promise<void> {
    this.checkOpen();
    if (this.group?.state.subscribedTopics.length) throw new RangeError('this consumer subscribed to topics in a group; assign and subscribe do not mix');
    for (const a of assignments) {
      const t = await this.conn.topic(a.topic);
      if (!Number.isInteger(a.partition) || a.partition < 0 || a.partition >= t.partitions.length) {
        throw new RangeError(`partition ${a.partition} does not exist: topic "${a.topic}" has ${t.partitions.length} partitions`);
      }
    }
    const keep = new Set(assignments.map((a) => tpKey(a.topic, a.partition)));
    this.dropPartitions([...this.partitions.values()].filter((s) => !keep.has(s.key)));
    await this.addPartitions(assignments.map((a) => ({ topic: a.topic, partition: a.partition, start: startFor(a.offset, this.group !== undefined, this.opts.autoOffsetReset) })));
  }

  /** Joins the consumer group (groupId is required) and reads the partitions it assigns. */
  subscribe(opts: { topics: readonly string[] }): void {
    this.checkOpen();
    if (!this.group) throw new RangeError('subscribe needs a groupId: eddy.consumer({ groupId })');
    if (opts.topics.length === 0) throw new RangeError('subscribe needs at least one topic');
    this.group.subscribe(opts.topics);
  }

  /** Moves a partition to an offset, a time, the beginning or the end. */
  seek(target: SeekTarget): void {
    this.checkOpen();
    const s = this.partitions.get(tpKey(target.topic, target.partition));
    if (!s) throw new RangeError(`${target.topic}[${target.partition}] is not assigned to this consumer`);
    this.fetcher.reset(s, seekStart(target));
    this.fetcher.kick();
  }

  /** Stops delivering and fetching these partitions until resumed (buffered records are re-read later). */
  pause(tps: readonly TopicPartition[]): void {
    for (const tp of tps) {
      const s = this.partitions.get(tpKey(tp.topic, tp.partition));
      if (!s || s.paused) continue;
      s.paused = true;
      this.fetcher.invalidate(s);
      if (s.nextOffset !== undefined) s.fetchOffset = s.nextOffset;
    }
  }

  /** Resumes paused partitions. */
  resume(tps: readonly TopicPartition[]): void {
    for (const tp of tps) {
      const s = this.partitions.get(tpKey(tp.topic, tp.partition));
      if (s) s.paused = false;
    }
    this.fetcher.kick();
  }

  /**
   * The next offset this consumer will deliver for a partition, resolving a
   * pending start ('earliest', 'latest', a timestamp, the committed offset) first.
   */
  async position(tp: TopicPartition): Promise<bigint> {
    const s = this.partitions.get(tpKey(tp.topic, tp.partition));
    if (!s) throw new RangeError(`${tp.topic}[${tp.partition}] is not assigned to this consumer`);
    while (s.nextOffset === undefined) {
      if (this.closed) throw new ClientClosedError('consumer');
      if (s.resolving) await this.conn.clock.sleep(5);
      else await this.positions.resolve([s]);
    }
    return s.nextOffset;
  }

  /** Subscribe streams open now (diagnostics: partitions being tailed live). */
  get liveStreamCount(): number {
    let n = 0;
    for (const s of this.partitions.values()) if (s.stream) n++;
    return n;
  }

  /** Paused partitions. */
  paused(): TopicPartition[] {
    return [...this.partitions.values()].filter((s) => s.paused).map((s) => ({ topic: s.topic, partition: s.partition }));
  }

  /**
   * Commits processed positions (or the offsets given) to the group. Without
   * arguments, commits every partition whose position moved since the last commit.
   */
  async commit(offsets?: readonly OffsetToCommit[]): Promise<void> {
    if (!this.group) throw new RangeError('commit needs a groupId: eddy.consumer({ groupId })');
    const list: OffsetToCommit[] = offsets ? [...offsets] : [];
    if (!offsets) {
      for (const s of this.partitions.values()) {
        if (s.processed !== undefined && s.processed !== s.lastCommitted) list.push({ topic: s.topic, partition: s.partition, offset: s.processed });
      }
    }
    if (list.length === 0) return;
    await this.group.commit(list);
    for (const o of list) {
      const s = this.partitions.get(tpKey(o.topic, o.partition));
      if (s) s.lastCommitted = o.offset;
    }
  }

  /** Iterates records as they arrive; breaking out of the loop does not close the consumer. */
  async *[Symbol.asyncIterator](): AsyncIterator<ConsumedMessage> {
    let previous: { chunk: Chunk; message: ConsumedMessage } | undefined;
    try {
      while (!this.closed) {
        if (previous) this.markProcessed(previous.chunk, previous.message);
        previous = undefined;
        const chunk = await this.nextChunk();
        if (!chunk) return;
        const message = chunk.messages[chunk.index++]!;
        chunk.state.nextOffset = message.offset + 1n;
        if (chunk.index >= chunk.messages.length) this.buffer.consumeHead();
        previous = { chunk, message };
        yield message;
      }
    } finally {
      if (previous) this.markProcessed(previous.chunk, previous.message);
    }
  }

  /** Runs handlers until the consumer closes; positions advance only after a handler resolves. */
  async run(handlers: RunOptions): Promise<void> {
    if (!handlers.eachMessage && !handlers.eachBatch) throw new RangeError('run needs eachMessage or eachBatch');
    if (this.running) throw new RangeError('run is already running');
    this.running = true;
    try {
      for (;;) {
        const chunk = await this.nextChunk();
        if (!chunk) return;
        const messages = chunk.index === 0 ? chunk.messages : chunk.messages.slice(chunk.index);
        chunk.index = chunk.messages.length;
        this.buffer.consumeHead();
        const last = messages[messages.length - 1]!;
        if (handlers.eachBatch) {
          chunk.state.nextOffset = last.offset + 1n;
          await handlers.eachBatch({ topic: chunk.state.topic, partition: chunk.state.partition, messages, highWatermark: chunk.highWatermark });
          this.markProcessed(chunk, last);
        } else {
          for (const m of messages) {
            // A pause, seek or revocation in a handler stops the rest of the run; a
            // paused partition resumes from the first record not handed out.
            this.group?.fenceIfExpired();
            if (chunk.generation !== chunk.state.generation || this.closed) break;
            chunk.state.nextOffset = m.offset + 1n;
            await handlers.eachMessage!(m);
            this.markProcessed(chunk, m);
          }
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Leaves the group (committing first when auto-commit is on), stops reading and releases resources. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.commitTimer?.cancel();
    if (this.group) await this.group.leave();
    this.closed = true;
    this.fetcher.stop();
    this.dropPartitions([...this.partitions.values()]);
    this.buffer.wakeAll();
    await this.fetcher.settled();
  }

  // -------------------------------------------------------------------------
  // partition state

  private checkOpen(): void {
    if (this.closed) throw new ClientClosedError('consumer');
    if (this.conn.isClosed) throw new ClientClosedError();
  }

  private async addPartitions(list: readonly (TopicPartition & { start: PendingStart })[]): Promise<void> {
    for (const a of list) {
      const key = tpKey(a.topic, a.partition);
      const existing = this.partitions.get(key);
      if (existing) {
        this.fetcher.reset(existing, a.start);
        continue;
      }
      this.partitions.set(key, newPartitionState(a.topic, a.partition, a.start));
    }
    // Resolve starting positions now so a group member reports partitions as owned only once readable.
    await this.positions.resolve(list.map((a) => this.partitions.get(tpKey(a.topic, a.partition))!));
    this.fetcher.kick();
  }

  private dropPartitions(list: readonly PartitionState[]): void {
    for (const s of list) {
      this.fetcher.invalidate(s);
      this.partitions.delete(s.key);
    }
  }

  /** Group revocation: stop reading, commit what was processed, forget the partitions. */
  private async revokePartitions(tps: readonly TopicPartition[], commit: boolean): Promise<void> {
    const states = tps.map((tp) => this.partitions.get(tpKey(tp.topic, tp.partition))).filter((s): s is PartitionState => s !== undefined);
    for (const s of states) this.fetcher.invalidate(s);
    if (commit && this.group && this.opts.autoCommit) {
      const offsets = states.filter((s) => s.processed !== undefined && s.processed !== s.lastCommitted).map((s) => ({ topic: s.topic, partition: s.partition, offset: s.processed! }));
      try {
        await this.group.commit(offsets);
      } catch (err) {
        this.conn.logger.warn({ err }, 'commit of revoked partitions failed; another member may re-read some records');
      }
    }
    this.dropPartitions(states);
  }

  private markProcessed(chunk: Chunk, message: ConsumedMessage): void {
    if (chunk.generation === chunk.state.generation) chunk.state.processed = message.offset + 1n;
  }

  private fail(err: unknown): void {
    this.fatalError = err;
    this.buffer.wakeData();
  }

  // -------------------------------------------------------------------------
  // delivery

  private async nextChunk(): Promise<Chunk | undefined> {
    for (;;) {
      if (this.fatalError !== undefined) {
        const err = this.fatalError;
        this.fatalError = undefined;
        throw err;
      }
      if (this.closed) return undefined;
      // A member that lost its session hands out nothing of what it owned (self-fencing).
      this.group?.fenceIfExpired();
      const chunk = this.buffer.head((c) => c.generation === c.state.generation && !c.state.paused && c.index < c.messages.length && this.partitions.get(c.state.key) === c.state);
      if (chunk) return chunk;
      await this.buffer.waitForData();
    }
  }
}
