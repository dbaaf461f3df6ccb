// Records fetched but not yet delivered, as chunks (one read of one partition)
// in arrival order, bounded in bytes: readers wait for data, fetchers for
// space. A chunk read from a Subscribe stream gives its bytes back to the
// stream as credit once consumed. Also the decoding of fetched bytes into
// messages (pure).
import { decodeRecordBatches, type DecodedHeader } from '@eddy/protocol';
import type { PartitionState } from './partition-state.js';
import type { SubscribeStream } from './subscribe-stream.js';

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

/** Consecutive records of one partition from one read. */
export interface Chunk {
  state: PartitionState;
  generation: number;
  messages: ConsumedMessage[];
  index: number;
  bytes: number;
  highWatermark: bigint;
  /** Credit to grant back on the stream when consumed. */
  stream: SubscribeStream | undefined;
}

export class FetchBuffer {
  private readonly chunks: Chunk[] = [];
  private bufferedBytes = 0;
  private dataWaiters: (() => void)[] = [];
  private spaceWaiters: (() => void)[] = [];

  constructor(private readonly maxBufferedBytes: number) {}

  /** At the byte bound: fetching waits for space. */
  get full(): boolean {
    return this.bufferedBytes >= this.maxBufferedBytes;
  }

  /** Queues a read's records; a read with none gives its stream credit back at once. */
  push(s: PartitionState, generation: number, messages: ConsumedMessage[], bytes: number, stream: SubscribeStream | undefined): void {
    if (messages.length === 0) {
      // Nothing to deliver: give credit back at once.
      if (stream && bytes > 0) stream.grant(bytes);
      return;
    }
    this.chunks.push({ state: s, generation, messages, index: 0, bytes, highWatermark: s.highWatermark, stream });
    this.bufferedBytes += bytes;
    this.wakeData();
  }

  /** The first chunk `deliverable` accepts, consuming the ones before it. */
  head(deliverable: (c: Chunk) => boolean): Chunk | undefined {
    while (this.chunks.length > 0) {
      const c = this.chunks[0]!;
      if (deliverable(c)) return c;
      this.consumeHead();
    }
    return undefined;
  }

  /** Removes the head chunk and returns its stream credit. */
  consumeHead(): void {
    const c = this.chunks.shift();
    if (!c) return;
    this.bufferedBytes -= c.bytes;
    if (c.stream && c.stream === c.state.stream && c.generation === c.state.generation) c.stream.grant(c.bytes);
    this.wakeSpace();
  }

  /** Drops every chunk of a partition (no credit is returned: its stream is gone). */
  drop(s: PartitionState): void {
    for (let i = this.chunks.length - 1; i >= 0; i--) {
      const c = this.chunks[i]!;
      if (c.state === s) {
        this.chunks.splice(i, 1);
        this.bufferedBytes -= c.bytes;
      }
    }
    this.wakeSpace();
  }

  /** Resolves on the next push (or wake). */
  waitForData(): Promise<void> {
    return new Promise<void>((resolve) => this.dataWaiters.push(resolve));
  }

  /** Resolves once below the bound (or on close). */
  waitForSpace(): Promise<void> {
    return new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
  }

  wakeData(): void {
    for (const w of this.dataWaiters.splice(0)) w();
  }

  /** Wakes every waiter (closing). */
  wakeAll(): void {
    this.wakeData();
    for (const w of this.spaceWaiters.splice(0)) w();
  }

  private wakeSpace(): void {
    if (this.bufferedBytes < this.maxBufferedBytes) for (const w of this.spaceWaiters.splice(0)) w();
  }
}

/**
 * Decodes fetched RecordBatch v2 bytes into the messages at or after `from`
 * (a batch can start before it; control batches hold none) and the offset
 * after the last batch. Throws on corrupt bytes.
 */
export function decodeMessages(topic: string, partition: number, from: bigint, bytes: Buffer): { messages: ConsumedMessage[]; next: bigint } {
  const messages: ConsumedMessage[] = [];
  let next = from;
  for (const batch of decodeRecordBatches(bytes)) {
    if (batch.lastOffset < from) continue;
    if (batch.lastOffset + 1n > next) next = batch.lastOffset + 1n;
    if (batch.isControl) continue;
    for (const r of batch.records) {
      if (r.offset >= from) messages.push({ topic, partition, offset: r.offset, timestamp: r.timestamp, key: r.key, value: r.value, headers: r.headers });
    }
  }
  return { messages, next };
}
