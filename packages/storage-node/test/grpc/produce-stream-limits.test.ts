// Produce in-flight limits, on a real grpc-js server on 127.0.0.1. Past its
// limits the ProduceStream handler stops reading the stream until half of what
// is in flight is answered; unary Produce calls past the node's limit are
// refused with a retriable UNAVAILABLE. Either way a client that pipelines
// without bound cannot make the server hold (and propose) an unbounded amount.
// The produce service is a stand-in whose answers the test releases; the
// handlers are the real ones.
import { bindServer, fromGrpcError, loadEddyProto, type wire } from '@eddy/protocol';
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { produceHandlers } from '../../src/grpc/produce-handlers.js';
import type { ProduceInput, ProduceOutput, ProduceService } from '../../src/produce/produce-service.js';

const v1 = loadEddyProto().proto.eddy.v1;
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

/** Records each produce call and lets the test answer it. */
class HeldProduce {
  readonly calls: { input: ProduceInput; release(): void }[] = [];
  inFlight = 0;
  maxInFlight = 0;
  private waiters: (() => void)[] = [];

  produce(input: ProduceInput): Promise<ProduceOutput> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve) => {
      const n = this.calls.length;
      this.calls.push({
        input,
        release: () => {
          this.inFlight--;
          resolve({ baseOffset: n, lastOffset: n, logAppendTimeMs: -1, logStartOffset: 0, duplicate: false });
        },
      });
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves once `n` calls have arrived. */
  async until(n: number): Promise<void> {
    while (this.calls.length < n) await new Promise<void>((r) => this.waiters.push(r));
  }
}

describe('ProduceStream limits', () => {
  it('stops reading past the in-flight limit and resumes once half is answered; every request is answered', async () => {
    const held = new HeldProduce();
    const server = new grpc.Server();
    server.addService(v1.ProduceService.service, produceHandlers(held as unknown as ProduceService, undefined, { maxRequests: 2, maxBytes: 1 << 20 }));
    const port = await bindServer(server, '127.0.0.1:0');
    const client = new v1.ProduceService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    cleanup.push(() => {
      client.close();
      server.forceShutdown();
    });
    const stream = client.produceStream();
    const answered: string[] = [];
    stream.on('data', (m: wire.ProduceStreamResponse__Output) => answered.push(m.id));
    stream.on('error', () => undefined);
    const ended = new Promise<void>((resolve) => stream.on('end', resolve));
    for (let i = 1; i <= 5; i++) stream.write({ id: i, request: { topic: 't', partition: 0, recordBatch: Buffer.alloc(10) } });
    stream.end();

    await held.until(2);
    // A round trip on another call: had the handler kept reading, request 3 would have arrived by now.
    await new Promise<void>((resolve) => client.initProducerId({}, () => resolve()));
    expect(held.calls).toHaveLength(2);
    for (const c of held.calls.slice(0, 2)) c.release();
    await held.until(4);
    for (const c of held.calls.slice(2, 4)) c.release();
    await held.until(5);
    held.calls[4]!.release();
    await ended;
    expect(held.maxInFlight).toBe(2);
    expect(answered.sort()).toEqual(['1', '2', '3', '4', '5']);
  });
});

/** The error a call failed with; undefined when it succeeded. */
function refusal(call: Promise<unknown>): Promise<grpc.ServiceError | undefined> {
  return call.then(
    () => undefined,
    (err: grpc.ServiceError) => err,
  );
}

describe('unary Produce limits', () => {
  async function serve(limits: { maxRequests: number; maxBytes: number }) {
    const held = new HeldProduce();
    const server = new grpc.Server();
    server.addService(v1.ProduceService.service, produceHandlers(held as unknown as ProduceService, undefined, undefined, limits));
    const port = await bindServer(server, '127.0.0.1:0');
    const client = new v1.ProduceService(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    cleanup.push(() => {
      client.close();
      server.forceShutdown();
    });
    const produce = (bytes: number) =>
      new Promise<wire.ProduceResponse__Output>((resolve, reject) =>
        client.produce({ topic: 't', partition: 0, recordBatch: Buffer.alloc(bytes) }, (err: grpc.ServiceError | null, res?: wire.ProduceResponse__Output) => (err ? reject(err) : resolve(res!))),
      );
    return { held, produce };
  }

  it('refuses calls past the request limit with a retriable UNAVAILABLE, proposing nothing, and takes them again once answered', async () => {
    const { held, produce } = await serve({ maxRequests: 2, maxBytes: 1 << 20 });
    const first = produce(10);
    const second = produce(10);
    await held.until(2);
    const refused = await refusal(produce(10));
    expect(refused?.code).toBe(grpc.status.UNAVAILABLE);
    const e = fromGrpcError(refused!);
    expect(e.code).toBe('UNAVAILABLE');
    expect(e.retriable).toBe(true);
    expect(e.message).toMatch(/2 Produce calls .* in flight.*nothing was written/);
    expect(held.calls).toHaveLength(2);
    held.calls[0]!.release();
    await first;
    const third = produce(10);
    await held.until(3);
    held.calls[1]!.release();
    held.calls[2]!.release();
    expect((await second).baseOffset).toBe('1');
    expect((await third).baseOffset).toBe('2');
  });

  it('refuses a call whose bytes would pass the byte limit, but never one that arrives with nothing in flight', async () => {
    const { held, produce } = await serve({ maxRequests: 100, maxBytes: 100 });
    const big = produce(500);
    await held.until(1);
    const refused = await refusal(produce(10));
    expect(refused?.code).toBe(grpc.status.UNAVAILABLE);
    expect(held.calls).toHaveLength(1);
    held.calls[0]!.release();
    await big;
    const small = [produce(40), produce(40)];
    await held.until(3);
    for (const c of held.calls.slice(1)) c.release();
    await Promise.all(small);
  });
});
