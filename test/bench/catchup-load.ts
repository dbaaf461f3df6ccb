// The load of `pnpm bench catchup` (test/bench/produce.bench.ts) and of its tiered
// variant (test/bench/tiered-catchup.ts), in one place: fill one partition with
// random 1 KiB records (acks=all, several produce calls in flight, following the
// leader when it moves), then read it back with Fetch one request at a time, as
// a consumer catching up does (docs/architecture.md §19).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { encodeRecordBatch, loadEddyProto, readBatchHeader, type RecordBatchHeader, type wire } from '@eddy/protocol';
import { call } from '../support/grpc.js';
import { waitFor } from '../support/harness.js';
import type { WireClient } from '../support/wire-client.js';

const randomPool = randomBytes(4 << 20);
let randomAt = 0;
/** A slice of a 4 MiB pool of random bytes, a different one each call (values LevelDB cannot compress). */
export function randomValue(size: number): Buffer {
  if (randomAt + size > randomPool.length) randomAt = (randomAt * 7 + 13) % 4096;
  const v = randomPool.subarray(randomAt, randomAt + size);
  randomAt += size + 1;
  return v;
}

/** What a fill wrote. */
export interface Produced {
  records: number;
  /** Bytes of the batches sent (each counted once, however often resent). */
  bytes: number;
  secs: number;
}

/** What a read returned. */
export interface Read {
  records: number;
  bytes: number;
  secs: number;
  /** The offset after the last batch read. */
  nextOffset: bigint;
  /** The partition's high watermark in the last answer. */
  highWatermark: bigint;
  /** Fetch requests made. */
  fetches: number;
}

/**
 * One partition of a running cluster, produced to and fetched from at its
 * current leader. `retries` counts calls sent again after a leadership move.
 */
export class CatchupLoad {
  retries = 0;
  private readonly stubs = new Map<string, { pc: wire.ProduceServiceClient; fc: wire.FetchServiceClient }>();

  private constructor(
    private readonly w: WireClient,
    readonly topic: string,
    readonly partition: number,
    /** The leader the next call goes to. */
    public leader: { id: number; address: string },
  ) {}

  /** Waits for the partition's leader. */
  static async open(w: WireClient, topic: string, partition = 0): Promise<CatchupLoad> {
    return new CatchupLoad(w, topic, partition, await waitFor('leader', () => w.leaderAddress(topic, partition)));
  }

  /** Produce and Fetch stubs for the leader (one pair per address, 256 MiB messages). */
  clients(address = this.leader.address): { pc: wire.ProduceServiceClient; fc: wire.FetchServiceClient } {
    let c = this.stubs.get(address);
    if (!c) {
      const v1 = loadEddyProto().proto.eddy.v1;
      const big = { 'grpc.max_send_message_length': 256 << 20, 'grpc.max_receive_message_length': 256 << 20 };
      c = { pc: new v1.ProduceService(address, grpc.credentials.createInsecure(), big), fc: new v1.FetchService(address, grpc.credentials.createInsecure(), big) };
      this.stubs.set(address, c);
    }
    return c;
  }

  /** After a retriable error: a short pause, then the partition's leader per metadata. */
  private async followLeader(): Promise<void> {
    this.retries++;
    await new Promise((r) => setTimeout(r, 200));
    this.leader = await waitFor('leader', () => this.w.leaderAddress(this.topic, this.partition), 60_000);
  }

  /**
   * Fills the partition with `mib` MiB of random `size`-byte records: batches of
   * `perBatch` records, `inFlight` produce calls at once, acks=all.
   */
  async produce(o: { mib: number; perBatch: number; inFlight: number; size?: number }): Promise<Produced> {
    const size = o.size ?? 1024;
    const batches = Math.ceil((o.mib * 1024 * 1024) / (o.perBatch * size));
    let records = 0;
    let bytes = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: o.inFlight }, async () => {
        while (next < batches) {
          next++;
          // Random values: LevelDB compresses its tables (Snappy), and repeated bytes would hide the rewrites.
          const batch = encodeRecordBatch({ records: Array.from({ length: o.perBatch }, (_, i) => ({ key: Buffer.from(`k${i % 100}`), value: randomValue(size), timestamp: Date.now() })) });
          // A leadership move under load: follow the new leader and send the batch again
          // (not idempotent, so an unknown outcome may store it twice: the read counts what is stored).
          for (;;) {
            try {
              await call(this.clients().pc as unknown as grpc.Client, 'produce', { topic: this.topic, partition: this.partition, recordBatch: batch, acks: 'ACKS_ALL' }, 60_000);
              break;
            } catch (err) {
              if (!(err as { retriable?: boolean }).retriable) throw err;
              await this.followLeader();
            }
          }
          records += o.perBatch;
          bytes += batch.length;
        }
      }),
    );
    return { records, bytes, secs: (performance.now() - started) / 1000 };
  }

  /**
   * Reads from `from` with Fetch (whole batches, `fetchMib` MiB per request, one
   * request at a time) until the offset reaches `until` or the high watermark,
   * counting records by the batch headers (CRCs not checked here: the server
   * checks them); `onBatch` sees every header in order.
   */
  async read(o: { from: bigint; until?: bigint; fetchMib: number; onBatch?: (h: RecordBatchHeader, requested: bigint) => void }): Promise<Read> {
    let offset = o.from;
    let bytes = 0;
    let records = 0;
    let fetches = 0;
    let highWatermark = 0n;
    const started = performance.now();
    while (o.until === undefined || offset < o.until) {
      fetches++;
      const res = await call<wire.FetchResponse__Output>(this.clients().fc as unknown as grpc.Client, 'fetch', { partitions: [{ topic: this.topic, partition: this.partition, offset: String(offset) }], maxBytes: o.fetchMib * 1024 * 1024, format: 'RECORD_FORMAT_BATCHES' }, 60_000);
      const p = res.partitions[0]!;
      if (p.error) {
        if (!p.error.retriable) throw new Error(`fetch: ${p.error.code} ${p.error.message}`);
        await this.followLeader();
        continue;
      }
      const buf = p.recordBatches;
      for (let at = 0; at < buf.length; ) {
        const h = readBatchHeader(buf.subarray(at), { verifyCrc: false });
        records += h.recordCount;
        o.onBatch?.(h, offset);
        at += h.sizeInBytes;
      }
      bytes += buf.length;
      offset = BigInt(p.nextOffset);
      highWatermark = BigInt(p.highWatermark);
      if (offset >= highWatermark) break;
    }
    return { records, bytes, secs: (performance.now() - started) / 1000, nextOffset: offset, highWatermark, fetches };
  }

  /** One Fetch at the leader, as read() sends it: the batches' offset ranges (diagnostics). */
  async fetchOnce(offset: bigint, maxBytes: number): Promise<{ batches: [bigint, bigint][]; nextOffset: bigint; error?: string }> {
    const res = await call<wire.FetchResponse__Output>(this.clients().fc as unknown as grpc.Client, 'fetch', { partitions: [{ topic: this.topic, partition: this.partition, offset: String(offset) }], maxBytes, format: 'RECORD_FORMAT_BATCHES' }, 60_000);
    const p = res.partitions[0]!;
    const batches: [bigint, bigint][] = [];
    for (let at = 0; at < p.recordBatches.length; ) {
      const h = readBatchHeader(p.recordBatches.subarray(at), { verifyCrc: false });
      batches.push([h.baseOffset, h.lastOffset]);
      at += h.sizeInBytes;
    }
    return { batches, nextOffset: BigInt(p.nextOffset), ...(p.error ? { error: `${p.error.code} ${p.error.message}` } : {}) };
  }

  /** ListOffsets at the leader: the first offset whose timestamp is at or after `timestampMs` (-1: none). */
  async offsetForTime(timestampMs: number): Promise<number> {
    for (;;) {
      const res = await call<wire.ListOffsetsResponse__Output>(this.clients().fc as unknown as grpc.Client, 'listOffsets', { partitions: [{ topic: this.topic, partition: this.partition, spec: 'OFFSET_SPEC_TIMESTAMP', timestampMs: String(timestampMs) }] }, 60_000);
      const p = res.partitions[0]!;
      if (!p.error) return Number(p.offset);
      if (!p.error.retriable) throw new Error(`listOffsets: ${p.error.code} ${p.error.message}`);
      await this.followLeader();
    }
  }

  close(): void {
    for (const c of this.stubs.values()) {
      c.pc.close();
      c.fc.close();
    }
  }
}

/** Bytes the process has caused to be sent to the block layer (/proc/<pid>/io write_bytes). */
export function writeBytes(pid: number): number {
  const m = /^write_bytes: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

/**
 * Waits until none of the processes wrote to disk for 5 s in a row (LevelDB's
 * background compactions done), at most `maxSecs`; returns their write_bytes then.
 */
export async function quietWrites(pids: number[], maxSecs: number): Promise<number[]> {
  let last = pids.map(writeBytes);
  for (let quiet = 0, waited = 0; quiet < 5 && waited < maxSecs; waited++) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = pids.map(writeBytes);
    quiet = now.every((x, i) => x === last[i]) ? quiet + 1 : 0;
    last = now;
  }
  return last;
}
