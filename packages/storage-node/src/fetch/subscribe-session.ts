// One Subscribe stream (docs/architecture.md §12): pushes committed batches of one partition
// from an offset as they commit, never more bytes than the client granted.
// Credit counts the bytes sent: stored batch bytes, or decoded bytes in the
// records format (read-budget.ts). Only whole batches are sent, so a client
// must grant at least the topic's max.message.bytes (decoded: a batch's
// decoded size) to be sure of progress. The credit outstanding is capped and
// each message is bounded (issue 17), so a grant of 2^53 bytes neither loads
// the log into memory nor sends it as one message. Transport-free: the gRPC
// handler supplies the sink.
import { InvalidRequestError, toEddyError, type EddyError } from '@eddy/protocol';
import type { StorageMetrics } from '../metrics/storage-metrics.js';
import type { PartitionReplica } from '../partition/partition-replica.js';
import type { ReplicaManager } from '../partition/replica-manager.js';
import { readWithin, RecordFormat, type ConsumedRecordOutput } from './budgeted-read.js';
import { checkOffset, concatBatches } from './fetch-service.js';
import { grantCredit, MAX_SUBSCRIBE_CREDIT_BYTES, MAX_SUBSCRIBE_MESSAGE_BYTES, ReadBudget } from './read-budget.js';

export interface SubscribeStartInput {
  topic: string;
  partition: number;
  offset: number;
  format: RecordFormat;
  initialCreditBytes: number;
}

export interface SubscribeChunk {
  recordBatches: Buffer;
  records: ConsumedRecordOutput[];
  highWatermark: number;
  logStartOffset: number;
  nextOffset: number;
}

export interface SubscribeSink {
  write(chunk: SubscribeChunk): void;
  fail(err: EddyError): void;
}

export interface SubscribeLimits {
  /** Credit outstanding is clamped to this; default MAX_SUBSCRIBE_CREDIT_BYTES. */
  maxCreditBytes: number;
  /** A message carries no more than this beyond its first batch; default MAX_SUBSCRIBE_MESSAGE_BYTES. */
  maxMessageBytes: number;
}

export class SubscribeSession {
  private replica: PartitionReplica | undefined;
  private start: SubscribeStartInput | undefined;
  private credit = 0;
  private nextOffset = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private kicked = false;
  /** Bytes sent so far, as credit counts them (for tests and metrics). */
  sentBytes = 0;
  private readonly limits: SubscribeLimits;

  constructor(
    private readonly replicas: ReplicaManager,
    private readonly sink: SubscribeSink,
    private readonly metrics?: StorageMetrics,
    limits: Partial<SubscribeLimits> = {},
  ) {
    this.limits = { maxCreditBytes: MAX_SUBSCRIBE_CREDIT_BYTES, maxMessageBytes: MAX_SUBSCRIBE_MESSAGE_BYTES, ...limits };
  }

  /** Credit outstanding: granted and not yet used. */
  get creditBytes(): number {
    return this.credit;
  }

  /** Handles the first message. Errors go to the sink. */
  begin(start: SubscribeStartInput): void {
    if (this.start) return this.failWith(new InvalidRequestError('a subscription is started once; later messages carry credit'));
    try {
      const replica = this.replicas.replica(start.topic, start.partition);
      const credit = grantCredit(0, start.initialCreditBytes, 'start.initial_credit_bytes', this.limits.maxCreditBytes);
      replica.ensureReadable();
      checkOffset(replica, start.offset);
      this.replica = replica;
      this.start = start;
      this.nextOffset = start.offset;
      this.credit = credit;
    } catch (err) {
      return this.failWith(toEddyError(err));
    }
    void this.pump();
  }

  addCredit(bytes: number): void {
    if (!this.start) return this.failWith(new InvalidRequestError('the first message of a subscription must be start'));
    try {
      this.credit = grantCredit(this.credit, bytes, 'credit.bytes', this.limits.maxCreditBytes);
    } catch (err) {
      return this.failWith(toEddyError(err));
    }
    this.kick();
  }

  close(): void {
    this.closed = true;
    this.kick();
  }

  private kick(): void {
    const w = this.wake;
    this.wake = undefined;
    if (w) w();
    else this.kicked = true;
  }

  private failWith(err: EddyError): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.fail(err);
  }

  private async pump(): Promise<void> {
    const replica = this.replica as PartitionReplica;
    const start = this.start as SubscribeStartInput;
    while (!this.closed) {
      let sent = false;
      try {
        replica.ensureReadable();
        if (this.credit > 0) {
          // Never past the credit; a message stops at maxMessageBytes after its first batch. Credit
          // at the cap cannot grow, so then the first batch goes whatever its size (progress).
          const budget = new ReadBudget(this.limits.maxMessageBytes, this.credit, this.credit >= this.limits.maxCreditBytes);
          const read = await readWithin(replica, this.nextOffset, budget, start.format);
          if (this.closed) return;
          if (read.nextOffset > this.nextOffset) {
            const recordBatches = start.format === RecordFormat.records ? Buffer.alloc(0) : concatBatches(read.batches);
            this.credit = Math.max(0, this.credit - read.bytes);
            this.sentBytes += read.bytes;
            this.nextOffset = read.nextOffset;
            this.sink.write({ recordBatches, records: read.records, highWatermark: read.highWatermark, logStartOffset: read.logStartOffset, nextOffset: read.nextOffset });
            if (recordBatches.length > 0) this.metrics?.bytesOut.inc({ topic: start.topic }, recordBatches.length);
            if (read.records.length > 0) this.metrics?.recordsOut.inc({ topic: start.topic }, read.records.length);
            sent = true;
          } else if (this.nextOffset < replica.state.earliestOffset) {
            checkOffset(replica, this.nextOffset); // retention overtook the reader
          }
        }
      } catch (err) {
        return this.failWith(toEddyError(err));
      }
      if (sent || this.kicked) {
        this.kicked = false;
        continue;
      }
      // Nothing to send (no credit, or no new committed data that fits): wait for either to change.
      await new Promise<void>((resolve) => {
        const off = replica.onChange(() => this.kick());
        this.wake = () => {
          off();
          resolve();
        };
      });
    }
  }
}
