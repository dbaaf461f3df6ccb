// The producer: the user API over the accumulator (batching), the partitioner,
// per-partition send queues (ordering + idempotence) and the connection layer
// (routing + deadlines). Each closed batch is encoded ONCE and tracked by one
// internal promise; every message of a batch is resolved from the batch's base
// offset. There is one linger timer for the whole producer, never one per message.
import { CompressionCodec, EddyError, encodeRecordBatch, decodeRecordBatch, type RecordHeader, type RecordInput, type wire } from '@eddy/protocol';
import type { ClusterConnection } from '../connection/cluster-connection.js';
import { ClientClosedError } from '../errors.js';
import { after, epochMs, type Timer } from '../retry/clock.js';
import { backoffDelay } from '../retry/retry-policy.js';
import { toBytes } from '../serde/serde.js';
import { BATCH_OVERHEAD_BYTES, RecordAccumulator, estimateRecordBytes, type AccumulatedBatch } from './accumulator.js';
import { StickyPartitioner } from './partitioner.js';
import { FailureKind, PartitionSendQueue, type SequencedBatch } from './partition-send-queue.js';

/** How durable a write must be before `send()` resolves. */
export const Acks = {
  /** Committed by a majority of replicas (the default; nothing acknowledged is lost). */
  all: 'all',
  /** Written on the leader only. */
  leader: 'leader',
  /** Not waited for at all; offsets come back as -1. */
  none: 'none',
} as const;
/** One of {@link Acks}. */
export type Acks = (typeof Acks)[keyof typeof Acks];

/** Batch compression codecs. */
export const Compression = {
  none: 'none',
  gzip: 'gzip',
  lz4: 'lz4',
  zstd: 'zstd',
} as const;
/** One of {@link Compression}. */
export type Compression = (typeof Compression)[keyof typeof Compression];

/** Producer settings. */
export interface ProducerOptions {
  /** How long a batch waits for more records before it is sent (ms). Default 5. */
  lingerMs?: number;
  /** A batch closes when it would exceed this many bytes. Default 1 MiB. */
  batchBytes?: number;
  /** Default 'none'. */
  compression?: Compression;
  /** Default acks for `send()`. Default 'all'. */
  acks?: Acks;
  /** Exactly-once appends per partition across retries. Default true. */
  idempotent?: boolean;
  /** Batches of one partition on the wire at once. Default 5 (Kafka's limit with idempotence). */
  maxInFlightPerPartition?: number;
  /** Bytes of records buffered or in flight before `send()` waits. Default 32 MiB. */
  maxBufferedBytes?: number;
  /** Server-side replication timeout sent with each produce (ms); 0 = the server's default. */
  serverTimeoutMs?: number;
  /**
   * How long a batch may keep being retried before its messages fail with TIMEOUT
   * (ms). Default 120000. With idempotence, the partition's later batches fail
   * too and the partition continues under a fresh producer id, so a batch that
   * might have been written can never be overtaken.
   */
  deliveryTimeoutMs?: number;
}

/** A message to send. Strings are encoded as UTF-8; use a serializer for other types. */
export interface ProducerMessage {
  /** Records with the same key go to the same partition (Kafka's murmur2 partitioner). */
  key?: string | Uint8Array | null;
  /** Null is a tombstone on compacted topics. */
  value: string | Uint8Array | null;
  headers?: Record<string, string | Uint8Array | null>;
  /** Milliseconds since the epoch (CreateTime); default now. */
  timestamp?: number | bigint | Date;
  /** An explicit partition overrides the partitioner. */
  partition?: number;
}

/** What `send()` takes. */
export interface ProducerRecord {
  topic: string;
  messages: readonly ProducerMessage[];
  /** Overrides the producer's default acks for these messages. */
  acks?: Acks;
}

/** Where a message was written. */
export interface RecordMetadata {
  topic: string;
  partition: number;
  /** The record's offset. With acks 'none' it is the offset the leader assigned, before any write: the record may still be lost. */
  offset: bigint;
}

const ACKS_WIRE = { all: 'ACKS_ALL', leader: 'ACKS_LEADER', none: 'ACKS_NONE' } as const satisfies Record<Acks, wire.Acks>;
const CODECS = { none: CompressionCodec.none, gzip: CompressionCodec.gzip, lz4: CompressionCodec.lz4, zstd: CompressionCodec.zstd } as const;

/** One `send()` call: resolved when all its messages are acknowledged. */
class SendRequest {
  readonly results: RecordMetadata[];
  remaining: number;
  settled = false;
  constructor(
    count: number,
    readonly resolve: (r: RecordMetadata[]) => void,
    readonly reject: (e: unknown) => void,
  ) {
    this.results = new Array<RecordMetadata>(count);
    this.remaining = count;
  }
}

interface RecordRef {
  req: SendRequest;
  index: number;
}

/** A closed, encoded batch. */
interface ProducerBatch extends SequencedBatch {
  readonly acc: AccumulatedBatch<RecordRef>;
  bytes: Buffer;
  attempts: number;
  /** Clock time the batch closed (delivery timeout). */
  readonly closedAt: number;
  /** Failed by a partition reset while in flight: its answer is ignored. */
  abandoned: boolean;
}

interface PartitionState {
  topic: string;
  partition: number;
  queue: PartitionSendQueue<ProducerBatch>;
  /** Producer id/epoch this partition's batches carry (renewed by a reset). */
  producerId: bigint;
  producerEpoch: number;
  /** Set while a fresh producer id is being obtained; closed batches wait in `held`. */
  resetting: Promise<void> | undefined;
  held: AccumulatedBatch<RecordRef>[];
  /** No send before this clock time (backoff after a failure). */
  retryAt: number;
  retryTimer: Timer | undefined;
  /**
   * Settles once the latest send's call is on the wire. Each send waits for it
   * before looking up the leader, so calls leave in the order sends started
   * (sequence order) even when one lookup waits for a metadata refresh and a
   * later one would not.
   */
  issued: Promise<unknown>;
}

/**
 * Sends records to topics: batches per partition, encodes each batch once,
 * routes it to the partition leader, retries without duplicates (idempotence)
 * or reordering, and applies back-pressure when its buffer is full.
 * Create with `eddy.producer(options)`.
 */
export class Producer {
  private readonly lingerMs: number;
  private readonly batchBytes: number;
  private readonly codec: CompressionCodec;
  private readonly defaultAcks: Acks;
  private readonly idempotent: boolean;
  private readonly maxInFlight: number;
  private readonly maxBufferedBytes: number;
  private readonly serverTimeoutMs: number;
  private readonly deliveryTimeoutMs: number;
  private readonly accumulator: RecordAccumulator<RecordRef>;
  private readonly partitioner: StickyPartitioner;
  private readonly partitions = new Map<string, PartitionState>();
  private producerId = -1n;
  private producerEpoch = -1;
  private init: Promise<void> | undefined;
  private lingerTimer: Timer | undefined;
  private lingerAt = Number.POSITIVE_INFINITY;
  private buffered = 0;
  private readonly spaceWaiters: { need: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private outstandingBatches = 0;
  private readonly idleWaiters: (() => void)[] = [];
  private closed = false;

  /** Use `eddy.producer()`. */
  constructor(
    private readonly conn: ClusterConnection,
    options: ProducerOptions = {},
    random: () => number = Math.random,
  ) {
    this.lingerMs = options.lingerMs ?? 5;
    this.batchBytes = options.batchBytes ?? 1024 * 1024;
    this.codec = CODECS[options.compression ?? 'none'];
    this.defaultAcks = options.acks ?? 'all';
    this.idempotent = options.idempotent ?? true;
    this.maxInFlight = options.maxInFlightPerPartition ?? 5;
    this.maxBufferedBytes = options.maxBufferedBytes ?? 32 * 1024 * 1024;
    this.serverTimeoutMs = options.serverTimeoutMs ?? 0;
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? 120_000;
    if (!(this.lingerMs >= 0)) throw new RangeError('lingerMs must be >= 0');
    if (!(this.batchBytes >= 128)) throw new RangeError('batchBytes must be >= 128');
    if (!(this.maxInFlight >= 1)) throw new RangeError('maxInFlightPerPartition must be >= 1');
    if (this.idempotent && this.maxInFlight > 5) throw new RangeError('maxInFlightPerPartition must be <= 5 with idempotence (Kafka\'s limit)');
    if (this.codec === undefined) throw new RangeError(`unknown compression "${String(options.compression)}"`);
    this.accumulator = new RecordAccumulator({ lingerMs: this.lingerMs, batchBytes: this.batchBytes });
    this.partitioner = new StickyPartitioner(random);
  }

  /**
   * Sends messages; resolves with where each was written, in the order given.
   * Waits (back-pressure) while the producer's buffer is full.
   */
  async send(record: ProducerRecord): Promise<RecordMetadata[]> {
    if (this.closed) throw new ClientClosedError('producer');
    const { topic, messages } = record;
    const acks = record.acks ?? this.defaultAcks;
    if (!(acks in ACKS_WIRE)) throw new RangeError(`acks must be all, leader or none, got "${String(acks)}"`);
    if (messages.length === 0) return [];
    const entry = await this.conn.topic(topic);
    if (this.idempotent) await this.ensureProducerId();
    const count = entry.partitions.length;
    for (const m of messages) {
      if (m.partition !== undefined && (!Number.isInteger(m.partition) || m.partition < 0 || m.partition >= count)) {
        throw new RangeError(`partition ${m.partition} does not exist: topic "${topic}" has ${count} partitions`);
      }
    }
    let resolve!: (r: RecordMetadata[]) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<RecordMetadata[]>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const req = new SendRequest(messages.length, resolve, reject);
    // If this call throws half-way (closed while waiting for buffer space), the
    // messages already queued still settle `promise`: never leave it unhandled.
    promise.catch(() => undefined);
    const now = epochMs(this.conn.clock);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i]!;
      const input = toRecordInput(m, now);
      const bytes = estimateRecordBytes(input);
      if (this.buffered > 0 && this.buffered + bytes > this.maxBufferedBytes) await this.waitForSpace(bytes);
      if (this.closed) throw new ClientClosedError('producer');
      const partition = this.partitioner.partition(topic, count, input.key, m.partition);
      this.buffered += bytes;
      const closed = this.accumulator.append(topic, partition, acks, input, { req, index: i }, bytes, this.conn.clock.now());
      if (closed) this.dispatch(closed, count);
    }
    this.scheduleLinger();
    return promise;
  }

  /** Sends every buffered message now and resolves when all sent messages are acknowledged (or failed). */
  async flush(): Promise<void> {
    for (const b of this.accumulator.drainAll()) this.dispatch(b, this.conn.metadata.partitionCount(b.topic) ?? 1);
    if (this.outstandingBatches === 0) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  /** Flushes, then stops accepting messages. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.lingerTimer?.cancel();
      for (const p of this.partitions.values()) p.retryTimer?.cancel();
      const err = new ClientClosedError('producer');
      for (const w of this.spaceWaiters.splice(0)) w.reject(err);
      for (const p of this.partitions.values()) {
        for (const b of p.queue.drain()) this.settleFailed(b, err);
        for (const acc of p.held.splice(0)) this.failAccumulated(acc, err);
      }
    }
  }

  /** Bytes buffered or in flight (for tests and metrics). */
  get bufferedBytes(): number {
    return this.buffered;
  }

  private initProducerId(): Promise<wire.InitProducerIdResponse__Output> {
    return this.conn.anyNodeCall((c) => this.conn.unary<wire.InitProducerIdResponse__Output>((o, cb) => c.produce.initProducerId({ transactionalId: '' }, o, cb)));
  }

  private ensureProducerId(): Promise<void> {
    this.init ??= this.initProducerId()
      .then((r) => {
        this.producerId = BigInt(r.producerId);
        this.producerEpoch = r.producerEpoch;
        this.conn.logger.debug({ producerId: r.producerId, epoch: r.producerEpoch }, 'producer id obtained');
      })
      .catch((err: unknown) => {
        this.init = undefined;
        throw err;
      });
    return this.init;
  }

  private waitForSpace(need: number): Promise<void> {
    return new Promise((resolve, reject) => this.spaceWaiters.push({ need, resolve, reject }));
  }

  private releaseSpace(bytes: number): void {
    this.buffered -= bytes;
    while (this.spaceWaiters.length > 0) {
      const w = this.spaceWaiters[0]!;
      if (this.buffered > 0 && this.buffered + w.need > this.maxBufferedBytes) break;
      this.spaceWaiters.shift();
      w.resolve();
    }
  }

  /**
   * Whether a batch of this partition closed now would go on the wire at once.
   * While the partition's window is full its open batch keeps filling (Kafka's
   * sender drains only partitions that can send), so under load a short linger
   * still yields a few large batches rather than a queue of small ones.
   */
  private readonly canSend = (topic: string, partition: number): boolean => {
    const s = this.partitions.get(`${topic}\u0000${partition}`);
    return s === undefined || (s.resetting === undefined && s.queue.pendingCount === 0 && s.queue.inFlightCount < this.maxInFlight);
  };

  /** A partition's window opened: send its open batch if its linger is over. */
  private drainPartition(s: PartitionState): void {
    if (this.closed || !this.canSend(s.topic, s.partition)) return;
    const ready = this.accumulator.drainReady(this.conn.clock.now(), (topic, partition) => topic === s.topic && partition === s.partition);
    for (const b of ready) this.dispatch(b, this.conn.metadata.partitionCount(b.topic) ?? 1);
    // An open batch whose linger is not over yet had no timer while the window was full.
    this.scheduleLinger();
  }

  private scheduleLinger(): void {
    const deadline = this.accumulator.nextDeadline(this.canSend);
    if (deadline === undefined || (this.lingerTimer && deadline >= this.lingerAt)) return;
    this.lingerTimer?.cancel();
    this.lingerAt = deadline;
    this.lingerTimer = after(this.conn.clock, Math.max(0, deadline - this.conn.clock.now()), () => this.onLinger());
  }

  private onLinger(): void {
    this.lingerTimer = undefined;
    this.lingerAt = Number.POSITIVE_INFINITY;
    for (const b of this.accumulator.drainReady(this.conn.clock.now(), this.canSend)) {
      this.dispatch(b, this.conn.metadata.partitionCount(b.topic) ?? 1);
    }
    this.scheduleLinger();
  }

  private state(topic: string, partition: number): PartitionState {
    const key = `${topic}\u0000${partition}`;
    let s = this.partitions.get(key);
    if (!s) {
      s = {
        topic, partition, queue: new PartitionSendQueue(this.maxInFlight, this.idempotent), producerId: this.producerId, producerEpoch: this.producerEpoch,
        resetting: undefined, held: [], retryAt: 0, retryTimer: undefined, issued: Promise.resolve(),
      };
      this.partitions.set(key, s);
    }
    return s;
  }

  /** A batch closed: switch the sticky partition, sequence and encode it once, queue it. */
  private dispatch(acc: AccumulatedBatch<RecordRef>, partitionCount: number): void {
    this.partitioner.onBatchClosed(acc.topic, acc.partition, partitionCount);
    const s = this.state(acc.topic, acc.partition);
    this.outstandingBatches++;
    if (s.resetting) {
      s.held.push(acc);
      return;
    }
    this.enqueue(s, acc);
  }

  private enqueue(s: PartitionState, acc: AccumulatedBatch<RecordRef>): void {
    const { id, baseSequence } = s.queue.allocate(acc.records.length);
    const batch: ProducerBatch = { id, baseSequence, recordCount: acc.records.length, acc, bytes: Buffer.alloc(0), attempts: 0, closedAt: this.conn.clock.now(), abandoned: false };
    try {
      batch.bytes = this.encode(s, acc.records, baseSequence);
    } catch (err) {
      s.queue.enqueue(batch);
      s.queue.next();
      s.queue.onFailure(batch, FailureKind.fatal);
      this.settleFailed(batch, err);
      return;
    }
    s.queue.enqueue(batch);
    this.pump(s);
  }

  /**
   * A batch ran out of delivery time. Its outcome is unknown, so no later batch
   * may take its sequences: every batch of the partition fails, and the partition
   * starts over under a fresh producer id (sequences from 0).
   */
  private resetPartition(s: PartitionState, cause: unknown): void {
    const err =
      cause instanceof EddyError && SEQUENCE_STATE_LOST.has(cause.code)
        ? cause
        : new EddyError('TIMEOUT', `Delivery to ${s.topic}[${s.partition}] did not succeed within deliveryTimeoutMs (${this.deliveryTimeoutMs} ms)`, { cause });
    const batches = s.queue.drain();
    s.queue = new PartitionSendQueue(this.maxInFlight, this.idempotent);
    for (const b of batches) {
      b.abandoned = true;
      this.settleFailed(b, err);
    }
    if (!this.idempotent) return;
    s.resetting = (async () => {
      for (;;) {
        try {
          const r = await this.initProducerId();
          s.producerId = BigInt(r.producerId);
          s.producerEpoch = r.producerEpoch;
          return;
        } catch (e) {
          if (this.closed) throw e;
          this.expireHeld(s, e);
          await this.conn.clock.sleep(this.conn.options.retry.maxDelayMs);
        }
      }
    })().then(
      () => {
        s.resetting = undefined;
        for (const acc of s.held.splice(0)) this.enqueue(s, acc);
        this.drainPartition(s);
      },
      () => {
        s.resetting = undefined;
      },
    );
  }

  private encode(s: PartitionState, records: readonly RecordInput[], baseSequence: number): Buffer {
    return encodeRecordBatch({
      compression: this.codec,
      producerId: this.idempotent ? s.producerId : -1n,
      producerEpoch: this.idempotent ? s.producerEpoch : -1,
      baseSequence,
      records,
    });
  }

  private pump(s: PartitionState): void {
    if (this.closed) return;
    const wait = s.retryAt - this.conn.clock.now();
    if (wait > 0) {
      s.retryTimer ??= after(this.conn.clock, wait, () => {
        s.retryTimer = undefined;
        this.pump(s);
      });
      return;
    }
    for (let t = s.queue.next(); t; t = s.queue.next()) {
      if (t.resequenceTo !== undefined) {
        // An earlier batch failed for good: re-encode with the shifted sequence (rare path).
        const decoded = decodeRecordBatch(t.batch.bytes);
        t.batch.bytes = this.encode(s, decoded.records.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp })), t.resequenceTo);
        s.queue.resequenced(t.batch, t.resequenceTo);
      }
      void this.sendBatch(s, t.batch);
    }
  }

  private async sendBatch(s: PartitionState, batch: ProducerBatch): Promise<void> {
    batch.attempts++;
    const acks = batch.acc.acks as Acks;
    try {
      const call = s.issued.then(async () => {
        const clients = await this.conn.leaderClients(s.topic, s.partition);
        // Issued synchronously: `issued` settles only once this call is on the wire.
        return {
          response: clients.produceStream.send(
            { topic: s.topic, partition: s.partition, acks: ACKS_WIRE[acks], timeoutMs: this.serverTimeoutMs, recordBatch: batch.bytes },
            this.conn.options.requestTimeoutMs,
          ),
        };
      });
      s.issued = call.catch(() => undefined);
      const resp = await (await call).response;
      if (batch.abandoned) return;
      s.queue.onSuccess(batch);
      this.settleOk(batch, BigInt(resp.baseOffset));
    } catch (err) {
      if (this.closed || batch.abandoned) return;
      const kind =
        err instanceof EddyError && err.code === 'OUT_OF_ORDER_SEQUENCE' ? FailureKind.outOfOrder : isRetriableError(err) ? FailureKind.retriable : FailureKind.fatal;
      // An idempotent batch whose outcome is unknown (timeout, leader lost) is retried until
      // close(): giving up could leave it written while later batches take its sequences.
      const exhausted = !this.idempotent && batch.attempts >= this.conn.options.retry.attempts;
      const decision = s.queue.onFailure(batch, exhausted && kind !== FailureKind.outOfOrder ? FailureKind.fatal : kind);
      this.conn.logger.debug({ err, topic: s.topic, partition: s.partition, attempt: batch.attempts, decision }, 'produce failed');
      if (decision === 'fail' && this.idempotent && err instanceof EddyError && SEQUENCE_STATE_LOST.has(err.code)) {
        // The leader's idempotence state disagrees with ours (an earlier batch is
        // missing though none is outstanding): start the partition over.
        this.resetPartition(s, err);
        this.drainPartition(s);
        return;
      } else if (decision === 'fail') {
        this.settleFailed(batch, err);
      } else if (this.conn.clock.now() - batch.closedAt >= this.deliveryTimeoutMs) {
        this.resetPartition(s, err);
        this.drainPartition(s);
        return;
      } else {
        await this.conn.onPartitionError(s.topic, s.partition, err);
        const hinted = err instanceof EddyError && err.code === 'NOT_LEADER' && err.details.leaderId !== undefined && err.details.leaderId >= 0 && batch.attempts === 1;
        const delay = hinted ? 0 : backoffDelay(this.conn.options.retry, batch.attempts);
        s.retryAt = Math.max(s.retryAt, this.conn.clock.now() + delay);
      }
    }
    this.pump(s);
    this.drainPartition(s);
  }

  private settleOk(batch: ProducerBatch, baseOffset: bigint): void {
    const { topic, partition, refs } = batch.acc;
    const known = baseOffset >= 0n;
    for (let i = 0; i < refs.length; i++) {
      const { req, index } = refs[i]!;
      if (req.settled) continue;
      req.results[index] = { topic, partition, offset: known ? baseOffset + BigInt(i) : -1n };
      if (--req.remaining === 0) {
        req.settled = true;
        req.resolve(req.results);
      }
    }
    this.accDone(batch.acc);
  }

  private settleFailed(batch: ProducerBatch, err: unknown): void {
    this.failAccumulated(batch.acc, err);
  }

  /** Rejects every send of a batch not settled yet, and lets its buffer space and count go. */
  private failAccumulated(acc: AccumulatedBatch<RecordRef>, err: unknown): void {
    for (const { req } of acc.refs) {
      if (req.settled) continue;
      req.settled = true;
      req.reject(err);
    }
    this.accDone(acc);
  }

  /**
   * Held batches (waiting for the partition's fresh producer id) are bounded by
   * deliveryTimeoutMs like every other: while no id can be had they fail, so
   * their senders learn it and flush() and close() can return. Called after
   * each failed attempt to get one.
   */
  private expireHeld(s: PartitionState, cause: unknown): void {
    const now = this.conn.clock.now();
    // The partition's open batch does not close while it cannot send: close it into `held` too.
    for (const b of this.accumulator.drainReady(Number.POSITIVE_INFINITY, (topic, partition) => topic === s.topic && partition === s.partition)) {
      this.dispatch(b, this.conn.metadata.partitionCount(b.topic) ?? 1);
    }
    const keep: AccumulatedBatch<RecordRef>[] = [];
    for (const acc of s.held) {
      if (now - acc.createdAt < this.deliveryTimeoutMs) {
        keep.push(acc);
        continue;
      }
      this.failAccumulated(acc, new EddyError('TIMEOUT', `Delivery to ${s.topic}[${s.partition}] did not succeed within deliveryTimeoutMs (${this.deliveryTimeoutMs} ms): no producer id could be obtained to start the partition over`, { cause }));
    }
    s.held = keep;
  }

  private accDone(acc: AccumulatedBatch<RecordRef>): void {
    this.releaseSpace(acc.bytes - BATCH_OVERHEAD_BYTES);
    this.outstandingBatches--;
    if (this.outstandingBatches === 0 && this.accumulator.openBatchCount === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}

/** Errors after which the partition's producer state must start over. */
// DUPLICATE_SEQUENCE is here too: the leader remembers sequences that overlap this
// batch's, which does not prove this batch was written; taking it as success could
// acknowledge a value that never reached the log. The send fails (its outcome
// unknown) and the partition starts over.
const SEQUENCE_STATE_LOST: ReadonlySet<string> = new Set(['OUT_OF_ORDER_SEQUENCE', 'UNKNOWN_PRODUCER_ID', 'INVALID_PRODUCER_EPOCH', 'DUPLICATE_SEQUENCE']);

function isRetriableError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
}

function toRecordInput(m: ProducerMessage, now: number): RecordInput {
  let headers: RecordHeader[] | undefined;
  if (m.headers) {
    headers = [];
    for (const [key, value] of Object.entries(m.headers)) headers.push({ key, value: toBytes(value) });
  }
  const ts = m.timestamp === undefined ? now : m.timestamp instanceof Date ? m.timestamp.getTime() : m.timestamp;
  const input: RecordInput = { key: toBytes(m.key), value: toBytes(m.value), timestamp: ts };
  if (headers) input.headers = headers;
  return input;
}
