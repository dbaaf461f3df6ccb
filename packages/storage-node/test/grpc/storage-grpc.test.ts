// ProduceService and FetchService on a real grpc-js server on 127.0.0.1 (one
// node, RF 1), driven by a real client: both produce payloads, both fetch
// formats, list offsets, subscribe with credit, and bad input that must get
// its error code while the server keeps serving and nothing changes.
import { bindServer, createEddyServer, decodeRecordBatch, fromGrpcError, iterateBatches, loadEddyProto, type EddyError, type wire } from '@eddy/protocol';
import { credentials, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProducerIdBlocks } from '../../src/produce/producer-id-blocks.js';
import { TestCluster, batchOf, waitFor } from '../helpers.js';

let cluster: TestCluster;
let server: ReturnType<typeof createEddyServer>;
let produceClient: wire.ProduceServiceClient;
let fetchClient: wire.FetchServiceClient;
let address: string;

beforeAll(async () => {
  cluster = new TestCluster([1], [
    { topic: 'g1', topicId: 'G1', partitions: [[1], [1]] },
    { topic: 'small', topicId: 'G2', partitions: [[1]], configs: { 'max.message.bytes': '1024' } },
    { topic: 'appendtime', topicId: 'G3', partitions: [[1]], configs: { 'message.timestamp.type': 'LogAppendTime' } },
  ], Date.now, { producerIds: new ProducerIdBlocks(async () => ({ first: 5000n, count: 100 })) });
  await cluster.start();
  for (const [t, p] of [['g1', 0], ['g1', 1], ['small', 0], ['appendtime', 0]] as const) await cluster.waitLeader(t, p);
  server = createEddyServer();
  cluster.nodes[0]!.plane.addTo(server.server);
  const port = await bindServer(server.server, '127.0.0.1:0');
  address = `127.0.0.1:${port}`;
  const v1 = loadEddyProto().proto.eddy.v1;
  produceClient = new v1.ProduceService(address, credentials.createInsecure());
  fetchClient = new v1.FetchService(address, credentials.createInsecure());
});

afterAll(async () => {
  produceClient?.close();
  fetchClient?.close();
  await new Promise<void>((r) => server?.server.tryShutdown(() => r()));
  await cluster?.stop();
});

function call<Req, Res>(fn: (req: Req, cb: (err: ServiceError | null, res?: Res) => void) => unknown, req: Req): Promise<Res> {
  return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(err) : resolve(res as Res))));
}
const produce = (req: wire.ProduceRequest) => call<wire.ProduceRequest, wire.ProduceResponse__Output>(produceClient.produce.bind(produceClient), req);
const fetch = (req: wire.FetchRequest) => call<wire.FetchRequest, wire.FetchResponse__Output>(fetchClient.fetch.bind(fetchClient), req);
const listOffsets = (req: wire.ListOffsetsRequest) => call<wire.ListOffsetsRequest, wire.ListOffsetsResponse__Output>(fetchClient.listOffsets.bind(fetchClient), req);

async function errorOf(p: Promise<unknown>): Promise<EddyError> {
  try {
    await p;
  } catch (err) {
    return fromGrpcError(err as ServiceError);
  }
  throw new Error('expected the call to fail');
}

const hw = (topic: string, partition: number): number => cluster.nodes[0]!.plane.replicas.replica(topic, partition).state.highWatermark;

describe('storage gRPC services', () => {
  it('produces a record batch and plain records, and fetches both formats', async () => {
    const t0 = Date.now() - 60_000;
    const r1 = await produce({ topic: 'g1', partition: 0, acks: 'ACKS_ALL', recordBatch: batchOf(['a', 'b', 'c'], { keys: ['k1', 'k2', 'k1'], timestamp: t0 }) });
    expect([r1.baseOffset, r1.lastOffset, r1.duplicate, r1.logAppendTimeMs]).toEqual(['0', '2', false, '-1']);
    const r2 = await produce({
      topic: 'g1',
      partition: 0,
      records: { producerId: -1, records: [{ key: Buffer.from('k9'), value: Buffer.from('d'), headers: [{ key: 'h', value: Buffer.from('x') }] }, { value: Buffer.from('e') }] },
    });
    expect([r2.baseOffset, r2.lastOffset]).toEqual(['3', '4']);

    const batches = await fetch({ partitions: [{ topic: 'g1', partition: 0, offset: 0 }], format: 'RECORD_FORMAT_BATCHES' });
    const fp = batches.partitions[0]!;
    expect(fp.error).toBeNull();
    expect([fp.highWatermark, fp.logStartOffset, fp.nextOffset]).toEqual(['5', '0', '5']);
    const decoded = [...iterateBatches(fp.recordBatches)].flatMap((b) => decodeRecordBatch(b).records);
    expect(decoded.map((r) => r.value?.toString())).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(decoded.map((r) => Number(r.offset))).toEqual([0, 1, 2, 3, 4]);

    const records = await fetch({ partitions: [{ topic: 'g1', partition: 0, offset: 1 }], format: 'RECORD_FORMAT_RECORDS' });
    const rp = records.partitions[0]!;
    expect(rp.records.map((r) => [r.offset, r.key?.toString(), r.value?.toString()])).toEqual([
      ['1', 'k2', 'b'],
      ['2', 'k1', 'c'],
      ['3', 'k9', 'd'],
      ['4', undefined, 'e'],
    ]);
    expect(rp.records[2]!.headers).toEqual([{ key: 'h', value: Buffer.from('x'), _value: 'value' }]);
  });

  it('hands out producer ids and deduplicates a replayed plain-records produce', async () => {
    const init = await call<wire.InitProducerIdRequest, wire.InitProducerIdResponse__Output>(produceClient.initProducerId.bind(produceClient), {});
    expect(init).toEqual({ producerId: '5000', producerEpoch: 0 });
    const req: wire.ProduceRequest = {
      topic: 'appendtime',
      partition: 0,
      records: { producerId: init.producerId, producerEpoch: init.producerEpoch, baseSequence: 0, records: [{ value: Buffer.from('once') }] },
    };
    const first = await produce(req);
    const again = await produce(req);
    expect(first.duplicate).toBe(false);
    expect(again).toMatchObject({ duplicate: true, baseOffset: first.baseOffset, lastOffset: first.lastOffset });
  });

  it('applies LogAppendTime on topics configured for it', async () => {
    const before = Date.now();
    const r = await produce({ topic: 'appendtime', partition: 0, recordBatch: batchOf(['x'], { timestamp: 1000 }) });
    expect(Number(r.logAppendTimeMs)).toBeGreaterThanOrEqual(before);
    const out = await fetch({ partitions: [{ topic: 'appendtime', partition: 0, offset: r.baseOffset }], format: 'RECORD_FORMAT_RECORDS' });
    expect(out.partitions[0]!.records[0]!.timestampMs).toBe(r.logAppendTimeMs);
  });

  it('lists earliest, latest and by-timestamp offsets', async () => {
    const now = Date.now();
    await produce({ topic: 'g1', partition: 1, recordBatch: batchOf(['old1', 'old2'], { timestamp: now - 10_000 }) });
    await produce({ topic: 'g1', partition: 1, recordBatch: batchOf(['new1'], { timestamp: now }) });
    const res = await listOffsets({
      partitions: [
        { topic: 'g1', partition: 1, spec: 'OFFSET_SPEC_EARLIEST' },
        { topic: 'g1', partition: 1, spec: 'OFFSET_SPEC_LATEST' },
        { topic: 'g1', partition: 1, spec: 'OFFSET_SPEC_TIMESTAMP', timestampMs: now - 5_000 },
        { topic: 'g1', partition: 1, spec: 'OFFSET_SPEC_TIMESTAMP', timestampMs: now + 60_000 },
        { topic: 'nope', partition: 0, spec: 'OFFSET_SPEC_LATEST' },
      ],
    });
    expect(res.partitions.map((p) => p.offset)).toEqual(['0', '3', '2', '-1', '-1']);
    expect(res.partitions[2]!.timestampMs).toBe(String(now));
    expect(res.partitions[4]!.error?.code).toBe('UNKNOWN_TOPIC');
  });

  it('answers bad input with its error code, keeps serving, and changes nothing', async () => {
    const before = { g1: hw('g1', 0), small: hw('small', 0) };
    expect((await errorOf(produce({ topic: 'missing', partition: 0, recordBatch: batchOf(['x']) }))).code).toBe('UNKNOWN_TOPIC');
    expect((await errorOf(produce({ topic: 'g1', partition: -1, recordBatch: batchOf(['x']) }))).code).toBe('UNKNOWN_PARTITION');
    expect((await errorOf(produce({ topic: 'g1', partition: 7, recordBatch: batchOf(['x']) }))).code).toBe('UNKNOWN_PARTITION');

    const corrupt = batchOf(['payload-to-corrupt']);
    corrupt[corrupt.length - 3] = (corrupt[corrupt.length - 3] ?? 0) ^ 0xff;
    expect((await errorOf(produce({ topic: 'g1', partition: 0, recordBatch: corrupt }))).code).toBe('CORRUPT_RECORD');
    expect((await errorOf(produce({ topic: 'g1', partition: 0, recordBatch: Buffer.from('not a batch') }))).code).toBe('CORRUPT_RECORD');
    expect((await errorOf(produce({ topic: 'g1', partition: 0, recordBatch: Buffer.concat([batchOf(['a']), Buffer.alloc(3)]) }))).code).toBe('CORRUPT_RECORD');
    expect((await errorOf(produce({ topic: 'g1', partition: 0 }))).code).toBe('INVALID_REQUEST');

    const big = batchOf(['x'.repeat(4096)]);
    const tooLarge = await errorOf(produce({ topic: 'small', partition: 0, recordBatch: big }));
    expect(tooLarge.code).toBe('MESSAGE_TOO_LARGE');

    // Malformed protobuf straight to the method (wire type 7 does not exist).
    const raw = produceClient as unknown as Client;
    const malformed = await errorOf(
      new Promise((resolve, reject) =>
        raw.makeUnaryRequest(
          '/eddy.v1.ProduceService/Produce',
          (b: Buffer) => b,
          (b: Buffer) => b,
          Buffer.from([0x0f, 0xff, 0xff, 0x01]),
          new Metadata(),
          {},
          (err, res) => (err ? reject(err) : resolve(res)),
        ),
      ),
    );
    expect(malformed.code).toBe('INVALID_REQUEST');

    const far = await fetch({ partitions: [{ topic: 'g1', partition: 0, offset: 1_000_000_000 }] });
    const e = far.partitions[0]!.error!;
    expect(e.code).toBe('OFFSET_OUT_OF_RANGE');
    expect([e.logStartOffset, e.logEndOffset]).toEqual(['0', String(before.g1)]);
    const neg = await fetch({ partitions: [{ topic: 'g1', partition: 0, offset: -5 }] });
    expect(neg.partitions[0]!.error!.code).toBe('OFFSET_OUT_OF_RANGE');

    // Subscribe to an offset out of range: the stream ends with the code in trailers.
    const sub = fetchClient.subscribe();
    const subErr = await new Promise<EddyError>((resolve) => {
      sub.on('error', (err: ServiceError) => resolve(fromGrpcError(err)));
      sub.on('data', () => undefined);
      sub.write({ start: { topic: 'g1', partition: 0, offset: 99_999, initialCreditBytes: 1000 } });
    });
    expect(subErr.code).toBe('OFFSET_OUT_OF_RANGE');

    // Nothing changed, and the server still serves.
    expect({ g1: hw('g1', 0), small: hw('small', 0) }).toEqual(before);
    const ok = await produce({ topic: 'g1', partition: 0, recordBatch: batchOf(['after']) });
    expect(Number(ok.baseOffset)).toBe(before.g1);
  });

  it('pipelines produce requests on one ProduceStream: answers by id, errors by id, a malformed message ends only that stream', async () => {
    const start = hw('g1', 1);
    const stream = produceClient.produceStream();
    const answers = new Map<string, wire.ProduceStreamResponse__Output>();
    stream.on('data', (m: wire.ProduceStreamResponse__Output) => answers.set(m.id, m));
    const ended = new Promise<void>((resolve) => stream.on('end', resolve));
    stream.on('error', () => undefined);
    // Interleaved good and bad requests, written at once without waiting.
    stream.write({ id: 11, request: { topic: 'g1', partition: 1, recordBatch: batchOf(['p0', 'p1']) } });
    stream.write({ id: 12, request: { topic: 'nope', partition: 0, recordBatch: batchOf(['x']) } });
    stream.write({ id: 13, request: { topic: 'g1', partition: 1, recordBatch: batchOf(['p2']) } });
    stream.write({ id: 14, request: { topic: 'small', partition: 0, recordBatch: batchOf(['y'.repeat(2000)]) } });
    stream.write({ id: 15 });
    stream.end();
    await ended; // the server half-closes once every request is answered
    expect([...answers.keys()].sort()).toEqual(['11', '12', '13', '14', '15']);
    const ok = (id: string) => answers.get(id)!.response!;
    expect([ok('11').baseOffset, ok('11').lastOffset, ok('13').baseOffset]).toEqual([String(start), String(start + 1), String(start + 2)]);
    expect(answers.get('12')!.error).toMatchObject({ code: 'UNKNOWN_TOPIC' });
    expect(answers.get('14')!.error).toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
    expect(answers.get('15')!.error).toMatchObject({ code: 'INVALID_REQUEST' });
    expect(answers.get('15')!.error!.message).toContain('carries no request');
    expect(hw('g1', 1)).toBe(start + 3);

    // Bytes that are no ProduceStreamRequest: the stream ends with INVALID_REQUEST, the server keeps serving.
    const raw = produceClient as unknown as Client;
    const bad = raw.makeBidiStreamRequest('/eddy.v1.ProduceService/ProduceStream', (b: Buffer) => b, (b: Buffer) => b, new Metadata(), {});
    const badErr = await new Promise<EddyError>((resolve) => {
      bad.on('error', (err: ServiceError) => resolve(fromGrpcError(err)));
      bad.on('data', () => undefined);
      bad.write(Buffer.from([0x12, 0x7f, 0x01])); // field 2 claims 127 bytes; 1 follows
    });
    expect(badErr.code).toBe('INVALID_REQUEST');
    expect(badErr.message).toContain('not a valid protobuf message');
    expect(hw('g1', 1)).toBe(start + 3);
    const after = await produce({ topic: 'g1', partition: 1, recordBatch: batchOf(['after']) });
    expect(Number(after.baseOffset)).toBe(start + 3);
  });

  it('honours acks=none and acks=leader', async () => {
    const start = hw('g1', 1);
    const none = await produce({ topic: 'g1', partition: 1, acks: 'ACKS_NONE', recordBatch: batchOf(['n']) });
    expect(Number(none.baseOffset)).toBe(start);
    await waitFor('the acks=none batch commits', () => hw('g1', 1) === start + 1);
    const leader = await produce({ topic: 'g1', partition: 1, acks: 'ACKS_LEADER', recordBatch: batchOf(['l']) });
    expect(Number(leader.baseOffset)).toBe(start + 1);
    expect(hw('g1', 1)).toBe(start + 2);
  });

  it('long-polls: a fetch at the end waits for the next commit', async () => {
    const end = hw('g1', 1);
    const pending = fetch({ partitions: [{ topic: 'g1', partition: 1, offset: end }], maxWaitMs: 10_000, minBytes: 1, format: 'RECORD_FORMAT_RECORDS' });
    await produce({ topic: 'g1', partition: 1, recordBatch: batchOf(['woken']) });
    const res = await pending;
    expect(res.partitions[0]!.records.map((r) => r.value?.toString())).toEqual(['woken']);
    const empty = await fetch({ partitions: [{ topic: 'g1', partition: 1, offset: end + 1 }], maxWaitMs: 50, minBytes: 1 });
    expect(empty.partitions[0]!.recordBatches.length).toBe(0);
  });

  it('subscribes with credit: never sends more bytes than granted', async () => {
    const topic = 'g1';
    const start = hw(topic, 1);
    const one = batchOf(['s0']);
    const size = one.length;
    for (let i = 0; i < 6; i++) await produce({ topic, partition: 1, recordBatch: batchOf([`s${i}`]) });
    const sub = fetchClient.subscribe();
    const got: string[] = [];
    let bytes = 0;
    sub.on('data', (m: wire.SubscribeResponse__Output) => {
      bytes += m.recordBatches.length;
      for (const b of iterateBatches(m.recordBatches)) for (const r of decodeRecordBatch(b).records) got.push(r.value!.toString());
    });
    sub.on('error', () => undefined);
    sub.write({ start: { topic, partition: 1, offset: start, format: 'RECORD_FORMAT_BATCHES', initialCreditBytes: size * 2 + 1 } });
    await waitFor('two batches', () => got.length === 2);
    // Credit exhausted: more commits do not arrive until more credit is granted.
    await produce({ topic, partition: 1, recordBatch: batchOf(['s6']) });
    const resp = await fetch({ partitions: [{ topic, partition: 1, offset: start }], maxWaitMs: 0 });
    expect(Number(resp.partitions[0]!.highWatermark)).toBe(start + 7);
    expect(got).toEqual(['s0', 's1']);
    expect(bytes).toBeLessThanOrEqual(size * 2 + 1);
    sub.write({ credit: { bytes: size * 10 } });
    await waitFor('the rest', () => got.length === 7);
    expect(got).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 's6']);
    // New commits are pushed as they happen.
    await produce({ topic, partition: 1, recordBatch: batchOf(['s7']) });
    await waitFor('pushed on commit', () => got.length === 8);
    expect(bytes).toBeLessThanOrEqual(size * 12 + 1);
    sub.end();
  });

  it('exports data-plane metrics', async () => {
    const text = await cluster.nodes[0]!.registry.metrics();
    for (const name of [
      'eddy_storage_records_in_total{topic="g1"}',
      'eddy_storage_bytes_in_total{topic="g1"}',
      'eddy_storage_records_out_total{topic="g1"}',
      'eddy_storage_bytes_out_total{topic="g1"}',
      'eddy_storage_produce_duration_seconds_count{acks="all"}',
      'eddy_storage_fetch_duration_seconds_count',
      'eddy_storage_partitions_led 4',
      'eddy_storage_under_replicated_partitions 0',
      'eddy_storage_log_size_bytes{topic="g1",partition="0"}',
    ]) {
      expect(text).toContain(name);
    }
  });
});
