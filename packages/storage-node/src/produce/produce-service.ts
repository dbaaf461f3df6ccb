// Produce (docs/architecture.md §10, §11): validates a batch (CRC, sizes, topic/partition,
// leadership), applies the topic's timestamp type, and appends it through the
// partition's Raft group with the durability `acks` asks for. Bad input is
// rejected before anything is written, and so is any produce to an internal
// topic: this service is the clients' write path, Eddy's own writes bypass it.
import {
  checkBatchRecords,
  CorruptRecordError,
  InvalidRequestError,
  MessageTooLargeError,
  StorageFullError,
  readBatchHeader,
  type RecordBatchHeader,
} from '@eddy/protocol';
import type { StorageFullness } from '../disk/storage-space.js';
import type { StorageMetrics } from '../metrics/storage-metrics.js';
import type { Acks } from '../partition/partition-replica.js';
import type { ReplicaManager } from '../partition/replica-manager.js';
import { refuseInternalTopicProduce } from './internal-topics.js';
import { encodePlainRecords, type PlainRecordsInput } from './plain-records.js';

export interface ProduceInput {
  topic: string;
  partition: number;
  acks: Acks;
  /** 0: the server default. */
  timeoutMs: number;
  /** Exactly one of batch / records. */
  batch?: Uint8Array | undefined;
  records?: PlainRecordsInput | undefined;
}

export interface ProduceOutput {
  baseOffset: number;
  lastOffset: number;
  /** -1 under CreateTime. */
  logAppendTimeMs: number;
  logStartOffset: number;
  duplicate: boolean;
}

export interface ProduceServiceOptions {
  replicas: ReplicaManager;
  metrics?: StorageMetrics | undefined;
  clock?: () => number;
  /** Replication wait when the request gives none. */
  defaultTimeoutMs?: number;
  /** This node's disk: while it is storage full, produce is refused with STORAGE_FULL (docs/architecture.md §8.1). */
  space?: StorageFullness | undefined;
}

export class ProduceService {
  private readonly clock: () => number;
  private readonly defaultTimeoutMs: number;

  constructor(private readonly options: ProduceServiceOptions) {
    this.clock = options.clock ?? Date.now;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 30_000;
  }

  async produce(input: ProduceInput): Promise<ProduceOutput> {
    const started = process.hrtime.bigint();
    refuseInternalTopicProduce(input.topic);
    const replica = this.options.replicas.replica(input.topic, input.partition);
    replica.ensureLeader();
    // After the leadership check: a client sent elsewhere (NOT_LEADER) had better go there.
    if (this.options.space?.full) {
      throw new StorageFullError(`partition ${replica.name}: ${this.options.space.describe()}`, { details: { topic: input.topic, partition: input.partition } });
    }
    const config = replica.assignment.config;
    let batch: Uint8Array;
    if (input.batch !== undefined && input.records === undefined) batch = input.batch;
    else if (input.records !== undefined && input.batch === undefined) batch = encodePlainRecords(input.records, this.clock());
    else throw new InvalidRequestError('a produce request carries either record_batch or records');

    const header = validateBatch(batch, config['max.message.bytes']);
    const logAppendTime = config['message.timestamp.type'] === 'LogAppendTime' ? this.clock() : undefined;
    const result = await replica.append(batch, header, {
      acks: input.acks,
      logAppendTime,
      timeoutMs: input.timeoutMs > 0 ? input.timeoutMs : this.defaultTimeoutMs,
    });
    const m = this.options.metrics;
    if (m && !result.duplicate) {
      m.recordsIn.inc({ topic: input.topic }, header.recordCount);
      m.bytesIn.inc({ topic: input.topic }, header.sizeInBytes);
    }
    m?.produceDuration.observe({ acks: input.acks }, Number(process.hrtime.bigint() - started) / 1e9);
    return { ...result, logAppendTimeMs: logAppendTime ?? -1 };
  }
}

/** Checks that `batch` is exactly one sound RecordBatch v2 a producer may send. */
export function validateBatch(batch: Uint8Array, maxMessageBytes: number): RecordBatchHeader {
  if (batch.byteLength > maxMessageBytes) {
    throw new MessageTooLargeError(`record batch of ${batch.byteLength} bytes is larger than the topic's max.message.bytes (${maxMessageBytes})`);
  }
  const header = readBatchHeader(batch);
  if (header.sizeInBytes !== batch.byteLength) {
    throw new CorruptRecordError(`record_batch holds ${batch.byteLength} bytes but its batch is ${header.sizeInBytes}; send exactly one batch`);
  }
  if (header.isControl) throw new InvalidRequestError('producers may not write control batches');
  if (header.isTransactional) throw new InvalidRequestError('transactional batches are not supported yet');
  if (header.recordCount === 0) throw new InvalidRequestError('the record batch holds no records');
  if (header.lastOffsetDelta !== header.recordCount - 1) {
    throw new CorruptRecordError(`record batch lastOffsetDelta ${header.lastOffsetDelta} does not match its ${header.recordCount} records`);
  }
  // The batch is given recordCount offsets: the count is checked against its
  // records, or one batch could make offsets jump by 2^31 or poison consumers.
  checkBatchRecords(batch, header);
  return header;
}
