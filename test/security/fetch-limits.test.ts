// Memory a client can make a node spend on reads (issue 17, always on): a
// Fetch asking for 2^31-1 bytes, a Subscribe granting 2^53-1 bytes of credit
// and a decoded-records Fetch of highly compressed batches are each answered
// within the node's caps, in bounded messages; absurd values get clear errors
// and the node keeps serving. One real node: the caps are per node.
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { CompressionCodec, encodeRecordBatch, fromGrpcError, loadEddyProto, type EddyError, type wire } from '@eddy/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/grpc.js';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';
import type { ServerProcess } from '../support/server-cluster.js';
import type { WireClient } from '../support/wire-client.js';

// The node's caps (storage-node/src/fetch/read-budget.ts), restated: a test of
// the wire contract does not import the server. PARTITION_ASK is not a cap but
// what these requests ask per partition (a consumer's usual 1 MiB).
const PARTITION_ASK = 1 << 20;
const RESPONSE_CAP = 32 << 20;
const MESSAGE_CAP = 1 << 20;
const INT32_MAX = 2 ** 31 - 1;

const MiB = 1 << 20;
/** 15 values of 64 KiB: a batch just under the default max.message.bytes (1048588). */
const RECORDS_PER_BATCH = 15;
const VALUE_BYTES = 64 * 1024;
const BIG_BATCHES = 42; // ~40 MiB

let fx: ClusterFixture | undefined;
let wc: WireClient | undefined;
let node: ServerProcess;
let fc: grpc.Client;
const big = `big-${Date.now()}`;
const packed = `packed-${Date.now()}`;
let batchBytes = 0;

/** A FetchService stub that accepts answers far above any cap, so an over-large answer is measured, not refused by the client. */
function fetchStub(address: string): grpc.Client {
  const ctor = loadEddyProto().proto.eddy.v1.FetchService as unknown as new (a: string, c: grpc.ChannelCredentials, o: grpc.ChannelOptions) => grpc.Client;
  return new ctor(address, grpc.credentials.createInsecure(), { 'grpc.max_receive_message_length': 512 * MiB });
}

function fetch(request: object): Promise<wire.FetchResponse__Output> {
  return call<wire.FetchResponse__Output>(fc, 'fetch', request, 30_000);
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0) * 1024;
}

function valueOf(i: number, j: number): Buffer {
  // Not compressible to nothing, so stored bytes are what is sent (format batches).
  const v = Buffer.alloc(VALUE_BYTES);
  for (let k = 0; k < v.length; k += 4) v.writeUInt32LE((Math.imul(i * 31 + j, 2654435761) ^ k) >>> 0, k);
  return v;
}

function decodedBytes(records: readonly wire.ConsumedRecord__Output[]): number {
  let n = 0;
  for (const r of records) {
    n += (r.key?.length ?? 0) + (r.value?.length ?? 0);
    for (const h of r.headers) n += Buffer.byteLength(h.key) + (h.value?.length ?? 0);
  }
  return n;
}

interface SubscribeOutcome {
  messages: number[];
  total: number;
  error: EddyError | undefined;
}

/** Opens a Subscribe, sends `messages`, and collects message sizes until `until` holds or the stream fails; then cancels it. */
async function subscribe(messages: wire.SubscribeRequest[], until: (o: SubscribeOutcome) => boolean, timeoutMs = 30_000): Promise<SubscribeOutcome> {
  const stream = (fc as unknown as { subscribe(): grpc.ClientDuplexStream<wire.SubscribeRequest, wire.SubscribeResponse__Output> }).subscribe();
  const out: SubscribeOutcome = { messages: [], total: 0, error: undefined };
  stream.on('data', (m: wire.SubscribeResponse__Output) => {
    const n = m.recordBatches.length + decodedBytes(m.records);
    out.messages.push(n);
    out.total += n;
  });
  stream.on('error', (err: grpc.ServiceError) => {
    if (err.code !== grpc.status.CANCELLED) out.error = fromGrpcError(err);
  });
  for (const m of messages) stream.write(m);
  try {
    await waitFor('the subscription', () => out.error !== undefined || until(out), timeoutMs);
  } finally {
    stream.cancel();
  }
  return out;
}

beforeAll(async () => {
  fx = await startCluster({ nodes: 1, topics: [{ name: big, partitions: 1, replicationFactor: 1 }, { name: packed, partitions: 1, replicationFactor: 1 }] });
  wc = fx.wire;
  node = fx.cluster.node(1);
  fc = fetchStub(node.address);
  const now = Date.now();
  for (let i = 0; i < BIG_BATCHES; i++) {
    const batch = encodeRecordBatch({ records: Array.from({ length: RECORDS_PER_BATCH }, (_, j) => ({ key: null, value: valueOf(i, j), timestamp: now })) });
    batchBytes = batch.length;
    await wc.produceUntilAcked(big, 0, batch);
  }
  // ~40 MiB of records that zstd and lz4 pack into a few KiB each.
  for (let i = 0; i < BIG_BATCHES; i++) {
    const compression = i % 2 === 0 ? CompressionCodec.zstd : CompressionCodec.lz4;
    const records = Array.from({ length: RECORDS_PER_BATCH }, (_, j) => ({ key: Buffer.from(`k${j}`), value: Buffer.alloc(VALUE_BYTES, 0x61 + (i % 26)), timestamp: now }));
    await wc.produceUntilAcked(packed, 0, encodeRecordBatch({ records, compression }));
  }
}, 120_000);

afterAll(async () => {
  fc?.close();
  await fx?.close();
});

describe('fetch limits', () => {
  it('a Fetch asking for 2^31-1 bytes of one partition gets at most the answer cap, not the ~40 MiB range', async () => {
    for (const maxBytes of [INT32_MAX, 0]) {
      const res = await fetch({ partitions: [{ topic: big, partition: 0, offset: '0', maxBytes }], maxBytes: INT32_MAX, format: 'RECORD_FORMAT_BATCHES' });
      const p = res.partitions[0]!;
      expect(p.error).toBeNull();
      console.info(`fetch 2^31-1, partition max_bytes ${maxBytes}: ${p.recordBatches.length} bytes`);
      expect(p.recordBatches.length).toBeGreaterThan(PARTITION_ASK);
      expect(p.recordBatches.length).toBeLessThanOrEqual(RESPONSE_CAP);
      expect(BigInt(p.nextOffset)).toBeLessThan(BigInt(p.highWatermark));
    }
  });

  it('a Fetch asking for 1 MiB of one partition gets about 1 MiB, and the node does not load the range', async () => {
    const pid = node.child!.pid!;
    const before = rssBytes(pid);
    const res = await fetch({ partitions: [{ topic: big, partition: 0, offset: '0', maxBytes: PARTITION_ASK }], maxBytes: INT32_MAX, format: 'RECORD_FORMAT_BATCHES' });
    const after = rssBytes(pid);
    const p = res.partitions[0]!;
    expect(p.error).toBeNull();
    console.info(`fetch 1 MiB of one partition: ${p.recordBatches.length} bytes; server RSS ${(before / MiB).toFixed(1)} -> ${(after / MiB).toFixed(1)} MiB`);
    // The first batch always (so a consumer progresses), then no more than asked.
    expect(p.recordBatches.length).toBeGreaterThan(0);
    expect(p.recordBatches.length).toBeLessThanOrEqual(Math.max(PARTITION_ASK, batchBytes));
    // Soft: the ~40 MiB range was neither copied into one buffer nor serialised (each a +40 MiB jump).
    expect(after - before).toBeLessThan(24 * MiB);
  });

  it('a Fetch naming one partition 42 times is bounded by the response cap', async () => {
    const partitions = Array.from({ length: BIG_BATCHES }, (_, i) => ({ topic: big, partition: 0, offset: String(i * RECORDS_PER_BATCH), maxBytes: PARTITION_ASK }));
    const res = await fetch({ partitions, maxBytes: INT32_MAX, format: 'RECORD_FORMAT_BATCHES' });
    const total = res.partitions.reduce((n, p) => n + p.recordBatches.length, 0);
    console.info(`fetch of 42 partitions x 1 MiB with max_bytes 2^31-1: ${total} bytes`);
    expect(res.partitions.every((p) => p.error === null)).toBe(true);
    expect(total).toBeLessThanOrEqual(RESPONSE_CAP);
    // Every partition the cap left out is told to continue where it is.
    for (const [i, p] of res.partitions.entries()) {
      if (p.recordBatches.length === 0) expect(p.nextOffset).toBe(String(i * RECORDS_PER_BATCH));
    }
  });

  it('a Fetch of decoded records counts decoded bytes: zstd and lz4 batches are not all decompressed', async () => {
    const res = await fetch({ partitions: [{ topic: packed, partition: 0, offset: '0', maxBytes: PARTITION_ASK }], maxBytes: INT32_MAX, format: 'RECORD_FORMAT_RECORDS' });
    const p = res.partitions[0]!;
    expect(p.error).toBeNull();
    const decoded = decodedBytes(p.records);
    console.info(`records fetch 1 MiB of compressed batches: ${p.records.length} records, ${decoded} decoded bytes`);
    expect(p.records.length).toBeGreaterThan(0);
    expect(decoded).toBeLessThanOrEqual(Math.max(PARTITION_ASK, RECORDS_PER_BATCH * (VALUE_BYTES + 3)));
    expect(p.nextOffset).toBe(String(p.records.length));

    // A small budget still gets the first batch whole (progress), and nothing after it.
    const small = (await fetch({ partitions: [{ topic: packed, partition: 0, offset: '0' }], maxBytes: 100 * 1024, format: 'RECORD_FORMAT_RECORDS' })).partitions[0]!;
    console.info(`records fetch 100 KiB of compressed batches: ${small.records.length} records, ${decodedBytes(small.records)} decoded bytes`);
    expect(small.records.length).toBe(RECORDS_PER_BATCH);
    expect(small.nextOffset).toBe(String(RECORDS_PER_BATCH));
  });

  it('a Subscribe granting 2^53-1 bytes of credit receives data in bounded messages', async () => {
    const batches = await subscribe([{ start: { topic: big, partition: 0, offset: '0', format: 'RECORD_FORMAT_BATCHES', initialCreditBytes: String(Number.MAX_SAFE_INTEGER) } }], (o) => o.total >= batchBytes * BIG_BATCHES);
    console.info(`subscribe 2^53-1 (batches): ${batches.messages.length} messages, largest ${Math.max(...batches.messages)} bytes, ${batches.total} in all`);
    expect(batches.error).toBeUndefined();
    expect(Math.max(...batches.messages)).toBeLessThanOrEqual(Math.max(MESSAGE_CAP, batchBytes));

    const records = await subscribe([{ start: { topic: packed, partition: 0, offset: '0', format: 'RECORD_FORMAT_RECORDS', initialCreditBytes: String(Number.MAX_SAFE_INTEGER) } }], (o) => o.total >= BIG_BATCHES * RECORDS_PER_BATCH * VALUE_BYTES);
    console.info(`subscribe 2^53-1 (records): ${records.messages.length} messages, largest ${Math.max(...records.messages)} decoded bytes, ${records.total} in all`);
    expect(records.error).toBeUndefined();
    expect(Math.max(...records.messages)).toBeLessThanOrEqual(Math.max(MESSAGE_CAP, RECORDS_PER_BATCH * (VALUE_BYTES + 3)));
  });

  it('absurd Fetch values get clear errors, and the node keeps serving', async () => {
    const one = async (part: object) => (await fetch({ partitions: [{ topic: big, partition: 0, offset: '0', ...part }], maxWaitMs: 0 })).partitions[0]!;
    expect((await one({ offset: '-1' })).error?.code).toBe('OFFSET_OUT_OF_RANGE');
    // Offsets no log here can reach (beyond 2^53): the request is refused, naming the field.
    for (const offset of ['-9223372036854775808', '9223372036854775807']) {
      await expect(one({ offset })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/partitions\[0\]\.offset/) as unknown });
    }
    expect((await one({ topic: `no-such-${Date.now()}` })).error?.code).toBe('UNKNOWN_TOPIC');
    expect((await one({ partition: 7 })).error?.code).toBe('UNKNOWN_PARTITION');
    expect((await one({ partition: -1 })).error?.code).toBe('UNKNOWN_PARTITION');
    // max_bytes 0 (request and partition): the answer cap, data comes back.
    const zero = (await fetch({ partitions: [{ topic: big, partition: 0, offset: '0', maxBytes: 0 }], maxBytes: 0 })).partitions[0]!;
    expect(zero.error).toBeNull();
    expect(zero.recordBatches.length).toBeGreaterThan(0);
    expect(zero.recordBatches.length).toBeLessThanOrEqual(RESPONSE_CAP);
    // Negative sizes make no sense: INVALID_REQUEST naming the field.
    await expect(fetch({ partitions: [{ topic: big, partition: 0, offset: '0' }], maxBytes: -1 })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/max_bytes/) as unknown });
    await expect(fetch({ partitions: [{ topic: big, partition: 0, offset: '0', maxBytes: -5 }] })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/partitions\[0\]\.max_bytes/) as unknown });
    await expect(fetch({ partitions: [{ topic: big, partition: 0, offset: '0' }], minBytes: -1 })).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/min_bytes/) as unknown });
    // Still serving.
    expect((await one({})).recordBatches.length).toBeGreaterThan(0);
    expect(node.child?.exitCode).toBeNull();
  });

  it('absurd Subscribe values get clear errors, and the node keeps serving', async () => {
    const start = (s: Partial<wire.SubscribeStart>): wire.SubscribeRequest => ({ start: { topic: big, partition: 0, offset: '0', format: 'RECORD_FORMAT_BATCHES', initialCreditBytes: String(MiB), ...s } });
    const failed = async (messages: wire.SubscribeRequest[]) => (await subscribe(messages, () => false, 10_000)).error?.code;
    expect(await failed([start({ offset: '-1' })])).toBe('OFFSET_OUT_OF_RANGE');
    expect(await failed([start({ topic: `no-such-${Date.now()}` })])).toBe('UNKNOWN_TOPIC');
    expect(await failed([start({ partition: 7 })])).toBe('UNKNOWN_PARTITION');
    expect(await failed([start({ initialCreditBytes: '-1' })])).toBe('INVALID_REQUEST');
    expect(await failed([start({ initialCreditBytes: '9007199254740993' })])).toBe('INVALID_REQUEST');
    expect(await failed([start({ initialCreditBytes: '0' }), { credit: { bytes: '-1' } }])).toBe('INVALID_REQUEST');
    expect(await failed([{ credit: { bytes: String(MiB) } }])).toBe('INVALID_REQUEST');
    // Credit 0 is no error: nothing is sent until credit comes.
    const idle = await subscribe([start({ initialCreditBytes: '0' })], () => false, 500).catch((err: Error) => err);
    expect(idle).toBeInstanceOf(Error);
    expect((idle as Error).message).toMatch(/timed out/);
    const ok = await subscribe([start({})], (o) => o.total > 0);
    expect(ok.error).toBeUndefined();
    expect(node.child?.exitCode).toBeNull();
  });
});
