// ProduceStream back-pressure, on a real grpc-js server on 127.0.0.1: past its
// in-flight limits the handler stops reading the stream until half of what is
// in flight is answered, so a client that pipelines without bound cannot make
// the server hold (and propose) an unbounded amount. The produce service is a
// stand-in whose answers the test releases; the handler is the real one.
import { bindServer, loadEddyProto, type wire } from '@eddy/protocol';
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
