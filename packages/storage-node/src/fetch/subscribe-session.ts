// One Subscribe stream (DESIGN §3): pushes committed batches of one partition
// from an offset as they commit, never more bytes than the client granted.
// Credit counts stored batch bytes (in both formats) and only whole batches
// are sent, so a client must grant at least the topic's max.message.bytes to
// be sure of progress. Transport-free: the gRPC handler supplies the sink.
import { InvalidRequestError, type EddyError } from '@eddy/protocol';
import type { StorageMetrics } from '../metrics/storage-metrics.js';
import type { PartitionReplica } from '../partition/partition-replica.js';
import type { ReplicaManager } from '../partition/replica-manager.js';
import { asEddyError, checkOffset, decodeRecords, RecordFormat, type ConsumedRecordOutput } from './fetch-service.js';

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

export class SubscribeSession {
  private replica: PartitionReplica | undefined;
  private start: SubscribeStartInput | undefined;
  private credit = 0;
  private nextOffset = 0;
  private closed = false;
  private wake: (() => void) | undefined;
  private kicked = false;
  /** Bytes sent so far (for tests and metrics). */
  sentBytes = 0;

  constructor(
    private readonly replicas: ReplicaManager,
    private readonly sink: SubscribeSink,
    private readonly metrics?: StorageMetrics,
  ) {}

  /** Handles the first message. Errors go to the sink. */
  begin(start: SubscribeStartInput): void {
    if (this.start) return this.failWith(new InvalidRequestError('a subscription is started once; later messages carry credit'));
    try {
      const replica = this.replicas.replica(start.topic, start.partition);
      replica.ensureReadable();
      checkOffset(replica, start.offset);
      this.replica = replica;
      this.start = start;
      this.nextOffset = start.offset;
      this.credit = Math.max(0, start.initialCreditBytes);
    } catch (err) {
      return this.failWith(asEddyError(err));
    }
    void this.pump();
  }

  addCredit(bytes: number): void {
    if (!this.start) return this.failWith(new InvalidRequestError('the first message of a subscription must be start'));
    if (bytes > 0) this.credit += bytes;
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
          const read = await replica.read(this.nextOffset, this.credit, true);
          if (this.closed) return;
          if (read.batches.length > 0) {
            const recordBatches = start.format === RecordFormat.records ? Buffer.alloc(0) : Buffer.concat(read.batches, read.bytes);
            const records = start.format === RecordFormat.records ? decodeRecords(read.batches, this.nextOffset) : [];
            this.credit -= read.bytes;
            this.sentBytes += read.bytes;
            this.nextOffset = read.nextOffset;
            this.sink.write({ recordBatches, records, highWatermark: read.highWatermark, logStartOffset: read.logStartOffset, nextOffset: read.nextOffset });
            this.metrics?.bytesOut.inc({ topic: start.topic }, read.bytes);
            if (records.length > 0) this.metrics?.recordsOut.inc({ topic: start.topic }, records.length);
            sent = true;
          } else if (this.nextOffset < replica.state.logStartOffset) {
            checkOffset(replica, this.nextOffset); // retention overtook the reader
          }
        }
      } catch (err) {
        return this.failWith(asEddyError(err));
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
