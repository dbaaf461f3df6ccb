// ProduceStream (the producer's pipelined transport) against a real grpc-js
// server on 127.0.0.1 whose ProduceStream handler the test steers: answers
// out of order, an answer that never comes, a stream the server breaks.
import * as grpc from '@grpc/grpc-js';
import { bindServer, loadEddyProto, type wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { ProduceStream } from '../../src/connection/produce-stream.js';
import type { Clock } from '../../src/retry/clock.js';
import { ManualClock } from '../support/manual-clock.js';

type ServerStream = grpc.ServerDuplexStream<wire.ProduceStreamRequest__Output, wire.ProduceStreamResponse>;

const v1 = loadEddyProto().proto.eddy.v1;
const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.splice(0)) f();
});

/** A server that hands each received request (and its stream) to the test. */
async function steeredServer(): Promise<{ address: string; requests: { call: ServerStream; req: wire.ProduceStreamRequest__Output }[]; streams: ServerStream[]; next(): Promise<void> }> {
  const server = new grpc.Server();
  const requests: { call: ServerStream; req: wire.ProduceStreamRequest__Output }[] = [];
  const streams: ServerStream[] = [];
  let wake: (() => void) | undefined;
  const handlers: Partial<wire.ProduceServiceHandlers> = {
    ProduceStream: (call: ServerStream) => {
      streams.push(call);
      call.on('data', (req: wire.ProduceStreamRequest__Output) => {
        requests.push({ call, req });
        wake?.();
      });
      call.on('error', () => undefined);
      call.on('end', () => call.end());
    },
  };
  server.addService(v1.ProduceService.service, handlers as grpc.UntypedServiceImplementation);
  const port = await bindServer(server, '127.0.0.1:0');
  cleanup.push(() => server.forceShutdown());
  let seen = 0;
  return {
    address: `127.0.0.1:${port}`,
    requests,
    streams,
    // Resolves once one more request than last time has arrived.
    next: () =>
      new Promise<void>((resolve) => {
        const target = ++seen;
        if (requests.length >= target) return resolve();
        wake = () => {
          if (requests.length >= target) resolve();
        };
      }),
  };
}

function clientFor(address: string, clock?: Clock): ProduceStream {
  const client = new v1.ProduceService(address, grpc.credentials.createInsecure());
  const stream = new ProduceStream(client, address, clock);
  cleanup.push(() => {
    stream.close();
    client.close();
  });
  return stream;
}

const ok = (base: number): wire.ProduceResponse => ({ baseOffset: String(base), lastOffset: String(base), logAppendTimeMs: '-1', logStartOffset: '0', duplicate: false });

describe('ProduceStream', () => {
  it('writes requests in call order on one stream and settles each with the answer carrying its id, in any order', async () => {
    const s = await steeredServer();
    const ps = clientFor(s.address);
    const a = ps.send({ topic: 't', partition: 0 }, 5_000);
    const b = ps.send({ topic: 't', partition: 1 }, 5_000);
    await s.next();
    await s.next();
    expect(s.streams).toHaveLength(1);
    expect(s.requests.map((r) => r.req.request!.partition)).toEqual([0, 1]);
    const [ra, rb] = s.requests;
    rb!.call.write({ id: rb!.req.id, response: ok(7) });
    ra!.call.write({ id: ra!.req.id, error: { code: 'NOT_LEADER', message: 'node 3 leads', retriable: true, leaderId: 3, leaderAddress: 'n3:1' } });
    expect((await b).baseOffset).toBe('7');
    await expect(a).rejects.toMatchObject({ code: 'NOT_LEADER', retriable: true, details: { leaderId: 3, leaderAddress: 'n3:1', topic: 't', partition: 0 } });
    expect(ps.inFlight).toBe(0);
  });

  it('fails a request unanswered past its deadline with TIMEOUT and keeps the stream for the next', async () => {
    const s = await steeredServer();
    const clock = new ManualClock();
    const ps = clientFor(s.address, clock);
    const lost = ps.send({ topic: 't', partition: 0 }, 300);
    const outcome = lost.then(() => 'answered', (err: { code?: string }) => err.code);
    await s.next();
    await clock.advance(299);
    expect(ps.inFlight).toBe(1);
    await clock.advance(1);
    expect(await outcome).toBe('TIMEOUT');
    const next = ps.send({ topic: 't', partition: 0 }, 5_000);
    await s.next();
    const r = s.requests[1]!;
    r.call.write({ id: s.requests[0]!.req.id, response: ok(1) }); // the late answer is ignored
    r.call.write({ id: r.req.id, response: ok(2) });
    expect((await next).baseOffset).toBe('2');
    expect(s.streams).toHaveLength(1);
  });

  it('fails everything in flight with a retriable error when the stream breaks, and opens a new stream for the next request', async () => {
    const s = await steeredServer();
    const ps = clientFor(s.address);
    const inFlight = [ps.send({ topic: 't', partition: 0 }, 5_000), ps.send({ topic: 't', partition: 0 }, 5_000)];
    await s.next();
    await s.next();
    s.streams[0]!.emit('error', { code: grpc.status.UNAVAILABLE, details: 'node going away' });
    for (const p of inFlight) await expect(p).rejects.toMatchObject({ code: 'UNAVAILABLE', retriable: true });
    const again = ps.send({ topic: 't', partition: 0 }, 5_000);
    await s.next();
    expect(s.streams).toHaveLength(2);
    const r = s.requests[2]!;
    expect(r.call).toBe(s.streams[1]);
    r.call.write({ id: r.req.id, response: ok(9) });
    expect((await again).baseOffset).toBe('9');
  });

  it('fails what is in flight on close, and every later send', async () => {
    const s = await steeredServer();
    const ps = clientFor(s.address);
    const pending = ps.send({ topic: 't', partition: 0 }, 5_000);
    await s.next();
    ps.close();
    await expect(pending).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    await expect(ps.send({ topic: 't', partition: 0 }, 5_000)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
