// Clients cannot write internal topics: Produce and ProduceStream into
// __consumer_offsets (record_batch and records forms) are refused with
// UNAUTHORIZED on a real grpc-js server, nothing is appended, and the group
// coordinator's own writes (straight to the replica) keep working.
import { bindServer, createEddyServer, fromGrpcError, loadEddyProto, type EddyError, type wire } from '@eddy/protocol';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GroupCoordinator } from '../../src/group/group-coordinator.js';
import { CONSUMER_OFFSETS_TOPIC } from '../../src/group/offsets-codec.js';
import { isInternalTopic } from '@eddy/protocol';
import { TestCluster, batchOf, waitFor } from '../helpers.js';

let cluster: TestCluster;
let server: ReturnType<typeof createEddyServer>;
let produceClient: wire.ProduceServiceClient;
let coordinator: GroupCoordinator;

beforeAll(async () => {
  cluster = new TestCluster([1], [
    { topic: CONSUMER_OFFSETS_TOPIC, topicId: 'CO', partitions: [[1]], configs: { 'cleanup.policy': 'compact' } },
    { topic: '__other', topicId: 'OT', partitions: [[1]] },
    { topic: 'plain', topicId: 'PL', partitions: [[1]] },
  ]);
  await cluster.start();
  for (const t of [CONSUMER_OFFSETS_TOPIC, '__other', 'plain']) await cluster.waitLeader(t, 0);
  const node = cluster.nodes[0]!;
  coordinator = new GroupCoordinator({ nodeId: 1, replicas: node.plane.replicas, catalog: node.catalog, tickMs: 20 });
  coordinator.start();
  server = createEddyServer();
  node.plane.addTo(server.server);
  const port = await bindServer(server.server, '127.0.0.1:0');
  produceClient = new (loadEddyProto().proto.eddy.v1.ProduceService)(`127.0.0.1:${port}`, credentials.createInsecure());
});

afterAll(async () => {
  produceClient?.close();
  coordinator?.stop();
  await new Promise<void>((r) => server?.server.tryShutdown(() => r()));
  await cluster?.stop();
});

const hw = (topic: string): number => cluster.nodes[0]!.plane.replicas.replica(topic, 0).state.highWatermark;

function produce(req: wire.ProduceRequest): Promise<EddyError | wire.ProduceResponse__Output> {
  return new Promise((resolve) => produceClient.produce(req, (err: ServiceError | null, res?: wire.ProduceResponse__Output) => resolve(err ? fromGrpcError(err) : (res as wire.ProduceResponse__Output))));
}

describe('internal topics are not client-writable', () => {
  it('names: "__" prefix only', () => {
    expect(['__consumer_offsets', '__x', '__'].map(isInternalTopic)).toEqual([true, true, true]);
    expect(['_x', 'a__b', 'plain', ''].map(isInternalTopic)).toEqual([false, false, false, false]);
  });

  it('refuses unary Produce into __consumer_offsets and any "__" topic, as a batch or as plain records; nothing is appended', async () => {
    // The coordinator's barrier write makes the high watermark move once it loads; wait for that first.
    await waitFor('the coordinator to load', async () => (await coordinator.commitOffsets({ groupId: 'g', memberId: '', memberEpoch: 0, offsets: [] }).catch(() => undefined)) !== undefined);
    const before = [hw(CONSUMER_OFFSETS_TOPIC), hw('__other')];
    const attempts: wire.ProduceRequest[] = [
      { topic: CONSUMER_OFFSETS_TOPIC, partition: 0, acks: 'ACKS_ALL', recordBatch: batchOf(['garbage'], { keys: ['not a key'] }) },
      { topic: CONSUMER_OFFSETS_TOPIC, partition: 0, acks: 'ACKS_ALL', records: { producerId: -1, records: [{ key: Buffer.from([0, 1, 0, 1, 0x67]), value: Buffer.from('{') }] } },
      { topic: CONSUMER_OFFSETS_TOPIC, partition: 7, recordBatch: batchOf(['x']) },
      { topic: '__other', partition: 0, recordBatch: batchOf(['x']) },
    ];
    for (const req of attempts) {
      const err = (await produce(req)) as EddyError;
      expect(err.code, JSON.stringify(req.topic)).toBe('UNAUTHORIZED');
      expect(err.retriable).toBe(false);
      expect(err.message).toMatch(new RegExp(`cannot produce to topic "${req.topic}".*internal topics.*nothing was written`));
    }
    expect([hw(CONSUMER_OFFSETS_TOPIC), hw('__other')]).toEqual(before);
    // Ordinary topics are unaffected.
    expect(await produce({ topic: 'plain', partition: 0, acks: 'ACKS_ALL', recordBatch: batchOf(['ok']) })).toMatchObject({ baseOffset: '0' });
  });

  it('refuses each ProduceStream request into an internal topic by its id; the stream keeps serving the others', async () => {
    const before = hw(CONSUMER_OFFSETS_TOPIC);
    const plainBefore = hw('plain');
    const stream = produceClient.produceStream();
    const answers = new Map<string, wire.ProduceStreamResponse__Output>();
    stream.on('data', (m: wire.ProduceStreamResponse__Output) => answers.set(m.id, m));
    const ended = new Promise<void>((resolve) => stream.on('end', resolve));
    stream.on('error', () => undefined);
    stream.write({ id: 1, request: { topic: CONSUMER_OFFSETS_TOPIC, partition: 0, acks: 'ACKS_ALL', recordBatch: batchOf(['garbage']) } });
    stream.write({ id: 2, request: { topic: 'plain', partition: 0, acks: 'ACKS_ALL', recordBatch: batchOf(['fine']) } });
    stream.write({ id: 3, request: { topic: CONSUMER_OFFSETS_TOPIC, partition: 0, records: { producerId: -1, records: [{ value: Buffer.from('x') }] } } });
    stream.end();
    await ended;
    expect(answers.get('1')!.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(answers.get('3')!.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(answers.get('2')!.response).toMatchObject({ baseOffset: String(plainBefore) });
    expect(hw(CONSUMER_OFFSETS_TOPIC)).toBe(before);
  });

  it("the coordinator's own writes to __consumer_offsets still land", async () => {
    const before = hw(CONSUMER_OFFSETS_TOPIC);
    const results = await coordinator.commitOffsets({ groupId: 'g', memberId: '', memberEpoch: 0, offsets: [{ topic: 'plain', partition: 0, offset: 1n, metadata: '' }] });
    expect(results).toEqual([{ topic: 'plain', partition: 0 }]);
    expect(hw(CONSUMER_OFFSETS_TOPIC)).toBe(before + 1);
    expect(coordinator.fetchOffsets('g', [{ topic: 'plain', partition: 0 }])).toEqual([{ topic: 'plain', partition: 0, offset: 1n, metadata: '' }]);
  });
});
