// The consumer: user API (assign / subscribe, async iteration, run, seek, pause,
// resume, commit) over per-partition fetch state. Fetch (long poll, one loop per
// leader node) catches up; once a partition is caught up it moves to a Subscribe
// stream with byte credit for live tailing, and back to Fetch on any stream error.
// Records are decoded from RecordBatch v2 bytes and delivered in offset order per
// partition; records below the requested offset (a batch can start before it) are skipped.
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { decodeRecordBatches, EddyError, type DecodedHeader, type DecodedRecord, type wire } from '@eddy/protocol';
import type { ClusterConnection } from '../connection/cluster-connection.js';
import { errorFromInfo } from '../connection/error-info.js';
import { ClientClosedError } from '../errors.js';
import { backoffDelay } from '../retry/retry-policy.js';
import { GroupMember, type OffsetToCommit } from './group/group-member.js';
import { tpKey, type TopicPartition } from './topic-partition.js';

/** Where to start when no offset is known (or the known one is out of range). */
export const AutoOffsetReset = {
  earliest: 'earliest',
  latest: 'latest',
} as const;
/** One of {@link AutoOffsetReset}. */
export type AutoOffsetReset = (typeof AutoOffsetReset)[keyof typeof AutoOffsetReset];

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

/** Where `assign` starts a partition. */
export type StartOffset = bigint | number | 'earliest' | 'latest';

/** A partition to read and where to start. */
export interface PartitionAssignment {
  topic: string;
  partition: number;
  /** Default: the group's committed offset if any, else autoOffsetReset. */
  offset?: StartOffset;
}

/** Where `seek` moves a partition. */
export interface SeekTarget {
  topic: string;
  partition: number;
  /** An offset, 'beginning', 'end' — or use `timestamp`. */
  offset?: bigint | number | 'beginning' | 'end';
  /** The first record at or after this time (ms since the epoch, or a Date). */
  timestamp?: number | Date;
}

/** A consumed record. `key`/`value` are views of the fetched bytes: copy them to keep them long. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: bigint;
  /** CreateTime or LogAppendTime per the topic's config (ms since the epoch). */
  timestamp: bigint;
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly DecodedHeader[];
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

type PendingStart = { kind: 'offset'; offset: bigint } | { kind: 'earliest' } | { kind: 'latest' } | { kind: 'timestamp'; ms: number } | { kind: 'committed' };

interface Subscription {
  call: ClientDuplexStream<wire.SubscribeRequest, wire.SubscribeResponse__Output>;
  generation: number;
}

interface PartitionState {
  topic: string;
  partition: number;
  key: string;
  /** Bumped by seek, pause, revoke: results of older reads are dropped. */
  generation: number;
  /** Next offset to fetch; undefined until `start` is resolved. */
  fetchOffset: bigint | undefined;
  start: PendingStart;
  resolving: boolean;
  /** Next offset to deliver. */
  nextOffset: bigint | undefined;
  /** One past the last record processed (what a commit writes). */
  processed: bigint | undefined;
  lastCommitted: bigint | undefined;
  paused: boolean;
  fetching: boolean;
  stream: Subscription | undefined;
  caughtUp: boolean;
  highWatermark: bigint;
  retryAt: number;
  failures: number;
}

interface Chunk {
  state: PartitionState;
  generation: number;
  messages: ConsumedMessage[];
  index: number;
  bytes: number;
  highWatermark: bigint;
  /** Credit to grant back on the stream when consumed. */
  stream: Subscription | undefined;
}

/**
 * Reads records from assigned partitions (`assign`) or from the partitions a
 * consumer group gives it (`subscribe`), by async iteration or `run()`.
 * Create with `eddy.consumer(options)`.
 */
export class Consumer implements AsyncIterable<ConsumedMessage> {
  private readonly opts: Required<Omit<ConsumerOptions, 'groupId'>>;
  private readonly partitions = new Map<string, PartitionState>();
  private readonly chunks: Chunk[] = [];
  private bufferedBytes = 0;
  private readonly nodeLoops = new Map<string, Promise<void>>();
  private dataWaiters: (() => void)[] = [];
  private spaceWaiters: (() => void)[] = [];
  private closed = false;
  private subscribeSupported: boolean;
  private readonly group: GroupMember | undefined;
  private commitTimer: NodeJS.Timeout | undefined;
  private fatalError: unknown;
  private running = false;
  private retryTimer: NodeJS.Timeout | undefined;

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
    this.subscribeSupported = this.opts.useSubscribe;
    if (options.groupId !== undefined) {
      this.group = new GroupMember(conn, { groupId: options.groupId, clientId: conn.options.clientId, sessionTimeoutMs: this.opts.sessionTimeoutMs }, {
        revoke: (tps) => this.revokePartitions(tps, true),
        assign: (tps) => this.addPartitions(tps.map((tp) => ({ ...tp, start: { kind: 'committed' } as const }))),
        lost: (tps) => void this.revokePartitions(tps, false),
        fatal: (err) => this.fail(err),
      });
      if (this.opts.autoCommit) {
        this.commitTimer = setInterval(() => {
          this.commit().catch((err: unknown) => this.conn.logger.warn({ err }, 'auto-commit failed'));
        }, this.opts.autoCommitIntervalMs);
        this.commitTimer.unref();
      }
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
    await this.addPartitions(assignments.map((a) => ({ topic: a.topic, partition: a.partition, start: this.startFor(a.offset) })));
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
    let start: PendingStart;
    if (target.timestamp !== undefined) start = { kind: 'timestamp', ms: target.timestamp instanceof Date ? target.timestamp.getTime() : target.timestamp };
    else if (target.offset === 'beginning') start = { kind: 'earliest' };
    else if (target.offset === 'end') start = { kind: 'latest' };
    else if (target.offset !== undefined) start = { kind: 'offset', offset: BigInt(target.offset) };
    else throw new RangeError('seek needs an offset or a timestamp');
    this.resetPartition(s, start);
    this.kick();
  }

  /** Stops delivering and fetching these partitions until resumed (buffered records are re-read later). */
  pause(tps: readonly TopicPartition[]): void {
    for (const tp of tps) {
      const s = this.partitions.get(tpKey(tp.topic, tp.partition));
      if (!s || s.paused) continue;
      s.paused = true;
      this.invalidate(s);
      if (s.nextOffset !== undefined) s.fetchOffset = s.nextOffset;
    }
  }

  /** Resumes paused partitions. */
  resume(tps: readonly TopicPartition[]): void {
    for (const tp of tps) {
      const s = this.partitions.get(tpKey(tp.topic, tp.partition));
      if (s) s.paused = false;
    }
    this.kick();
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
      if (s.resolving) await new Promise((r) => setTimeout(r, 5));
      else await this.resolvePositions([s]);
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
        if (chunk.index >= chunk.messages.length) this.consumeChunk();
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
        this.consumeChunk();
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
    if (this.commitTimer) clearInterval(this.commitTimer);
    if (this.group) await this.group.leave();
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.dropPartitions([...this.partitions.values()]);
    for (const w of this.dataWaiters.splice(0)) w();
    for (const w of this.spaceWaiters.splice(0)) w();
    await Promise.allSettled([...this.nodeLoops.values()]);
  }

  // -------------------------------------------------------------------------
  // partition state

  private checkOpen(): void {
    if (this.closed) throw new ClientClosedError('consumer');
    if (this.conn.isClosed) throw new ClientClosedError();
  }

  private startFor(offset: StartOffset | undefined): PendingStart {
    if (offset === undefined) return this.group ? { kind: 'committed' } : { kind: this.opts.autoOffsetReset };
    if (offset === 'earliest' || offset === 'latest') return { kind: offset };
    return { kind: 'offset', offset: BigInt(offset) };
  }

  private async addPartitions(list: readonly (TopicPartition & { start: PendingStart })[]): Promise<void> {
    for (const a of list) {
      const key = tpKey(a.topic, a.partition);
      const existing = this.partitions.get(key);
      if (existing) {
        this.resetPartition(existing, a.start);
        continue;
      }
      this.partitions.set(key, {
        topic: a.topic, partition: a.partition, key, generation: 0, fetchOffset: undefined, start: a.start, resolving: false,
        nextOffset: undefined, processed: undefined, lastCommitted: undefined, paused: false, fetching: false, stream: undefined,
        caughtUp: false, highWatermark: -1n, retryAt: 0, failures: 0,
      });
    }
    // Resolve starting positions now so a group member reports partitions as owned only once readable.
    await this.resolvePositions(list.map((a) => this.partitions.get(tpKey(a.topic, a.partition))!));
    this.kick();
  }

  private resetPartition(s: PartitionState, start: PendingStart): void {
    this.invalidate(s);
    s.start = start;
    s.fetchOffset = undefined;
    s.nextOffset = undefined;
    s.caughtUp = false;
  }

  /** Drops buffered records and streams of a partition and ignores reads in flight. */
  private invalidate(s: PartitionState): void {
    s.generation++;
    s.caughtUp = false;
    if (s.stream) {
      s.stream.call.cancel();
      s.stream = undefined;
    }
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      const c = this.chunks[i]!;
      if (c.state === s) {
        this.chunks.splice(i, 1);
        this.bufferedBytes -= c.bytes;
      }
    }
    this.wakeSpace();
  }

  private dropPartitions(list: readonly PartitionState[]): void {
    for (const s of list) {
      this.invalidate(s);
      this.partitions.delete(s.key);
    }
  }

  /** Group revocation: stop reading, commit what was processed, forget the partitions. */
  private async revokePartitions(tps: readonly TopicPartition[], commit: boolean): Promise<void> {
    const states = tps.map((tp) => this.partitions.get(tpKey(tp.topic, tp.partition))).filter((s): s is PartitionState => s !== undefined);
    for (const s of states) this.invalidate(s);
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
    for (const w of this.dataWaiters.splice(0)) w();
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
      while (this.chunks.length > 0) {
        const c = this.chunks[0]!;
        if (c.generation === c.state.generation && !c.state.paused && c.index < c.messages.length && this.partitions.get(c.state.key) === c.state) return c;
        this.consumeChunk();
      }
      await new Promise<void>((resolve) => this.dataWaiters.push(resolve));
    }
  }

  /** Removes the head chunk and returns its stream credit. */
  private consumeChunk(): void {
    const c = this.chunks.shift();
    if (!c) return;
    this.bufferedBytes -= c.bytes;
    if (c.stream && c.stream === c.state.stream && c.generation === c.state.generation) {
      c.stream.call.write({ credit: { bytes: String(c.bytes) } });
    }
    this.wakeSpace();
  }

  private push(s: PartitionState, generation: number, messages: ConsumedMessage[], bytes: number, stream: Subscription | undefined): void {
    if (messages.length === 0) {
      // Nothing to deliver: give credit back at once.
      if (stream && bytes > 0) stream.call.write({ credit: { bytes: String(bytes) } });
      return;
    }
    this.chunks.push({ state: s, generation, messages, index: 0, bytes, highWatermark: s.highWatermark, stream });
    this.bufferedBytes += bytes;
    for (const w of this.dataWaiters.splice(0)) w();
  }

  private wakeSpace(): void {
    if (this.bufferedBytes < this.opts.maxBufferedBytes) for (const w of this.spaceWaiters.splice(0)) w();
  }

  // -------------------------------------------------------------------------
  // positions

  private async resolvePositions(states: readonly PartitionState[]): Promise<void> {
    const todo = states.filter((s) => s.fetchOffset === undefined && !s.resolving);
    if (todo.length === 0) return;
    for (const s of todo) s.resolving = true;
    try {
      const committed = todo.filter((s) => s.start.kind === 'committed');
      if (committed.length > 0) {
        const offsets = this.group ? await this.group.fetchOffsets(committed) : new Map<string, bigint>();
        for (const s of committed) {
          const o = offsets.get(s.key);
          s.start = o !== undefined && o >= 0n ? { kind: 'offset', offset: o } : { kind: this.opts.autoOffsetReset };
          if (o !== undefined && o >= 0n) s.lastCommitted = o;
        }
      }
      await Promise.all(todo.map((s) => this.resolveOne(s)));
    } finally {
      for (const s of todo) s.resolving = false;
    }
  }

  private async resolveOne(s: PartitionState): Promise<void> {
    const generation = s.generation;
    const start = s.start;
    let offset: bigint;
    if (start.kind === 'offset') offset = start.offset;
    else if (start.kind === 'committed') return;
    else {
      const spec = start.kind === 'earliest' ? 'OFFSET_SPEC_EARLIEST' : start.kind === 'latest' ? 'OFFSET_SPEC_LATEST' : 'OFFSET_SPEC_TIMESTAMP';
      const req: wire.ListOffsetsRequest = { partitions: [{ topic: s.topic, partition: s.partition, spec, timestampMs: start.kind === 'timestamp' ? String(start.ms) : '0' }] };
      const resp = await this.conn.leaderCall(s.topic, s.partition, async (c) => {
        const r = await this.conn.unary<wire.ListOffsetsResponse__Output>((o, cb) => c.fetch.listOffsets(req, o, cb));
        const p = r.partitions[0];
        if (p?.error && p.error.code) throw errorFromInfo(p.error, s.topic, s.partition);
        return p;
      });
      offset = resp ? BigInt(resp.offset) : -1n;
      if (offset < 0n) {
        // No record at or after the timestamp: read from the end.
        const end = await this.conn.leaderCall(s.topic, s.partition, (c) =>
          this.conn.unary<wire.ListOffsetsResponse__Output>((o, cb) => c.fetch.listOffsets({ partitions: [{ topic: s.topic, partition: s.partition, spec: 'OFFSET_SPEC_LATEST' }] }, o, cb)),
        );
        offset = BigInt(end.partitions[0]?.offset ?? '0');
      }
    }
    if (s.generation !== generation) return;
    s.fetchOffset = offset;
    s.nextOffset = offset;
  }

  // -------------------------------------------------------------------------
  // fetching

  /** Something changed: start fetch loops / streams where there is work. */
  private kick(): void {
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
      if (!this.nodeLoops.has(route.address)) {
        const loop = this.nodeLoop(route.address).finally(() => {
          this.nodeLoops.delete(route.address);
          this.kick();
        });
        this.nodeLoops.set(route.address, loop);
      }
    }
    if (unresolved.length > 0) {
      this.resolvePositions(unresolved).then(
        () => this.kick(),
        (err: unknown) => {
          for (const s of unresolved) this.retryLater(s, err);
        },
      );
    }
    if (nextRetry !== Number.POSITIVE_INFINITY && !this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.kick();
      }, Math.max(1, nextRetry - now));
    }
  }

  private retryLater(s: PartitionState, err: unknown): void {
    if (this.closed) return;
    s.failures++;
    if (err instanceof EddyError && !err.retriable && err.code !== 'NOT_LEADER') {
      this.conn.logger.warn({ err, topic: s.topic, partition: s.partition }, 'partition read failed');
      if (err.code !== 'UNKNOWN_TOPIC' && err.code !== 'UNKNOWN_PARTITION') this.fail(err);
    }
    s.retryAt = this.conn.clock.now() + backoffDelay(this.conn.options.retry, s.failures);
    this.kick();
  }

  /** Partitions this node leads that are ready to fetch. */
  private fetchableOn(address: string): PartitionState[] {
    const now = this.conn.clock.now();
    const out: PartitionState[] = [];
    for (const s of this.partitions.values()) {
      if (s.paused || s.stream || s.fetchOffset === undefined || s.retryAt > now || (s.caughtUp && this.subscribeSupported)) continue;
      const route = this.conn.metadata.route(s.topic, s.partition);
      if (route.kind === 'leader' && route.address === address) out.push(s);
    }
    return out;
  }

  private async nodeLoop(address: string): Promise<void> {
    while (!this.closed) {
      if (this.bufferedBytes >= this.opts.maxBufferedBytes) {
        await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
        continue;
      }
      const parts = this.fetchableOn(address);
      if (parts.length === 0) return;
      const gens = parts.map((s) => s.generation);
      const offsets = parts.map((s) => s.fetchOffset!);
      const req: wire.FetchRequest = {
        partitions: parts.map((s) => ({ topic: s.topic, partition: s.partition, offset: s.fetchOffset!.toString(), maxBytes: this.opts.maxPartitionBytes })),
        maxWaitMs: this.opts.maxWaitMs,
        minBytes: this.opts.minBytes,
        maxBytes: this.opts.maxBytes,
        format: 'RECORD_FORMAT_BATCHES',
      };
      let resp: wire.FetchResponse__Output;
      try {
        const c = this.conn.pool.get(address);
        resp = await this.conn.unary<wire.FetchResponse__Output>((o, cb) => c.fetch.fetch(req, o, cb), this.opts.maxWaitMs + this.conn.options.requestTimeoutMs);
      } catch (err) {
        if (this.closed) return;
        for (const s of parts) await this.conn.onPartitionError(s.topic, s.partition, err);
        for (const s of parts) this.retryLater(s, err);
        continue;
      }
      const byKey = new Map(parts.map((s, i) => [s.key, i]));
      for (const fp of resp.partitions) {
        const i = byKey.get(tpKey(fp.topic, fp.partition));
        if (i === undefined) continue;
        const s = parts[i]!;
        if (s.generation !== gens[i] || this.partitions.get(s.key) !== s) continue;
        // Another node's loop (after a leader change) or a stream may have read
        // on from here meanwhile: an answer for an old position is stale, and
        // delivering it would hand out records again (chaos seed 1012).
        if (s.fetchOffset !== offsets[i]) continue;
        if (fp.error && fp.error.code) {
          await this.onReadError(s, errorFromInfo(fp.error, s.topic, s.partition));
          continue;
        }
        s.failures = 0;
        s.highWatermark = BigInt(fp.highWatermark || '0');
        const delivered = this.deliverBatches(s, s.generation, offsets[i]!, fp.recordBatches, undefined);
        const next = BigInt(fp.nextOffset || '0');
        if (next > s.fetchOffset!) s.fetchOffset = next;
        if (delivered === 0 && s.fetchOffset! >= s.highWatermark && this.subscribeSupported) s.caughtUp = true;
      }
      if (parts.some((s) => s.caughtUp)) this.kick();
    }
  }

  /** Decodes batches, skips records below `from`, queues the rest. Returns the number queued. */
  private deliverBatches(s: PartitionState, generation: number, from: bigint, bytes: Buffer, stream: Subscription | undefined): number {
    if (bytes.length === 0) {
      this.push(s, generation, [], 0, stream);
      return 0;
    }
    const messages: ConsumedMessage[] = [];
    let next = from;
    try {
      for (const batch of decodeRecordBatches(bytes)) {
        if (batch.lastOffset < from) continue;
        if (batch.lastOffset + 1n > next) next = batch.lastOffset + 1n;
        if (batch.isControl) continue;
        for (const r of batch.records) if (r.offset >= from) messages.push(toMessage(s, r));
      }
    } catch (err) {
      this.fail(err);
      return 0;
    }
    if (next > (s.fetchOffset ?? from)) s.fetchOffset = next;
    this.push(s, generation, messages, bytes.length, stream);
    return messages.length;
  }

  private async onReadError(s: PartitionState, err: EddyError): Promise<void> {
    if (err.code === 'OFFSET_OUT_OF_RANGE') {
      const reset = this.opts.autoOffsetReset;
      const bound = reset === 'earliest' ? err.details.logStartOffset : err.details.logEndOffset;
      this.conn.logger.info({ topic: s.topic, partition: s.partition, offset: String(s.fetchOffset), reset }, 'offset out of range; resetting');
      this.resetPartition(s, bound !== undefined ? { kind: 'offset', offset: bound } : { kind: reset });
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
  // Subscribe streams

  private openStream(s: PartitionState): void {
    const route = this.conn.metadata.route(s.topic, s.partition);
    if (route.kind !== 'leader' || s.fetchOffset === undefined) {
      s.caughtUp = false;
      return;
    }
    const call = this.conn.pool.get(route.address).fetch.subscribe();
    const sub: Subscription = { call, generation: s.generation };
    s.stream = sub;
    const generation = s.generation;
    const back = (err: unknown): void => {
      if (s.stream !== sub) return;
      s.stream = undefined;
      s.caughtUp = false;
      if (this.closed || s.generation !== generation) return;
      const code = (err as { code?: unknown } | undefined)?.code;
      if (code === 12 /* UNIMPLEMENTED */) {
        this.subscribeSupported = false;
        this.conn.logger.info('Subscribe is not served; using Fetch only');
        this.kick();
        return;
      }
      if (err === undefined) {
        this.kick();
        return;
      }
      const e = err instanceof EddyError ? err : err instanceof Error && 'code' in err ? this.conn.toError(err) : err;
      void this.onReadError(s, e instanceof EddyError ? e : new EddyError('UNAVAILABLE', String(e)));
    };
    call.on('data', (resp: wire.SubscribeResponse__Output) => {
      if (s.stream !== sub || s.generation !== generation) return;
      s.highWatermark = BigInt(resp.highWatermark || '0');
      const from = s.fetchOffset!;
      this.deliverBatches(s, generation, from, resp.recordBatches, sub);
      const next = BigInt(resp.nextOffset || '0');
      if (next > s.fetchOffset!) s.fetchOffset = next;
    });
    call.on('error', (err) => back(err));
    call.on('end', () => back(undefined));
    call.write({
      start: { topic: s.topic, partition: s.partition, offset: s.fetchOffset.toString(), format: 'RECORD_FORMAT_BATCHES', initialCreditBytes: String(this.opts.maxPartitionBytes) },
    });
  }
}

function toMessage(s: PartitionState, r: DecodedRecord): ConsumedMessage {
  return { topic: s.topic, partition: s.partition, offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers };
}
