// Log reads (RaftService.ReadLog) between two GrpcTransports on real sockets:
// what a reader gets (spans in order), what a hostile request gets (a clear
// status, and the server keeps serving), the throttle's byte accounting with
// an injected clock (no wall-clock assertions), and flow control (a reader
// that stops reading stops the server's disk reads).
import { Server, credentials, status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { bindServer, loadEddyProto, type wire } from '@eddy/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { EntryType, type Entry } from '../../src/core/types.js';
import { GrpcTransport } from '../../src/transport/grpc-transport.js';
import { LogReadError, LogReadRefusal, LogServer, TokenBucket, type LogChunk, type LogReadRequest, type LogSource } from '../../src/transport/log-read.js';

/** A group 'p/T/0' holding entries [logStart, last] of `size` bytes each, served in spans of maxBytes. */
class FakeLog implements LogSource {
  spansRead = 0;
  constructor(
    private readonly logStart: number,
    private readonly last: number,
    private readonly size = 100,
  ) {}

  entry(i: number): Entry {
    return { index: i, term: 1 + Math.floor(i / 10), type: EntryType.Normal, data: Buffer.alloc(this.size, i % 251) };
  }

  async *read(req: LogReadRequest): AsyncGenerator<LogChunk> {
    if (req.group !== 'p/T/0') throw new LogReadError(LogReadRefusal.UnknownGroup, `no replica of group ${req.group} here`);
    if (req.from < this.logStart) throw new LogReadError(LogReadRefusal.BelowLogStart, `the log starts at ${this.logStart}`, this.logStart);
    if (req.to > this.last) throw new LogReadError(LogReadRefusal.Unavailable, `applied up to ${this.last} only`);
    let next = req.from;
    while (next <= req.to) {
      const entries: Entry[] = [];
      let bytes = 0;
      while (next <= req.to && (entries.length === 0 || bytes + this.size <= req.maxBytes)) {
        entries.push(this.entry(next));
        bytes += this.size;
        next++;
      }
      this.spansRead++;
      yield { first: entries[0]!.index, last: next - 1, entries };
    }
  }
}

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function node(id: number, peers: Map<number, string>): Promise<{ transport: GrpcTransport; address: string }> {
  const server = new Server();
  const transport = new GrpcTransport({ nodeId: id, server, resolve: (n) => peers.get(n) });
  const port = await bindServer(server, '127.0.0.1:0');
  const address = `127.0.0.1:${port}`;
  peers.set(id, address);
  open.push({ close: async () => { await transport.close(); server.forceShutdown(); } });
  return { transport, address };
}

async function collect(it: AsyncIterable<LogChunk>): Promise<LogChunk[]> {
  const out: LogChunk[] = [];
  for await (const c of it) out.push(c);
  return out;
}

/** A raw ReadLog call, as any caller on the internal listener could make it: the messages, or the status it ended with. */
function rawReadLog(address: string, request: wire.ReadLogRequest): Promise<{ messages: number; code: number; details: string; trailers: Metadata | undefined }> {
  const { proto } = loadEddyProto();
  const client = new proto.eddy.v1.RaftService(address, credentials.createInsecure());
  open.push({ close: async () => client.close() });
  return new Promise((resolve) => {
    const call = client.readLog(request);
    let messages = 0;
    call.on('data', () => messages++);
    call.on('error', (err: ServiceError) => resolve({ messages, code: err.code, details: err.details, trailers: err.metadata }));
    call.on('status', (s) => {
      if (s.code === status.OK) resolve({ messages, code: s.code, details: s.details, trailers: s.metadata });
    });
  });
}

describe('RaftService.ReadLog over gRPC', () => {
  it('streams a range in spans, in order, and maps refusals to LogReadError', async () => {
    const peers = new Map<number, string>();
    const server = await node(1, peers);
    const client = await node(2, peers);
    server.transport.serveLog(new FakeLog(5, 500));
    const spans = await collect(client.transport.readLog(1, { group: 'p/T/0', from: 10, to: 300, maxBytes: 2048 }));
    expect(spans.length).toBeGreaterThan(10);
    expect(spans[0]!.first).toBe(10);
    expect(spans.at(-1)!.last).toBe(300);
    const entries = spans.flatMap((s) => s.entries);
    expect(entries.map((e) => e.index)).toEqual(Array.from({ length: 291 }, (_, i) => i + 10));
    expect(Buffer.from(entries[0]!.data)).toEqual(Buffer.alloc(100, 10));

    const refusal = async (req: LogReadRequest): Promise<LogReadError> => {
      try {
        await collect(client.transport.readLog(1, req));
      } catch (err) {
        expect(err).toBeInstanceOf(LogReadError);
        return err as LogReadError;
      }
      throw new Error('the read was not refused');
    };
    expect(await refusal({ group: 'p/T/0', from: 2, to: 20, maxBytes: 4096 })).toMatchObject({ reason: LogReadRefusal.BelowLogStart, logStartIndex: 5 });
    expect(await refusal({ group: 'p/T/9', from: 5, to: 20, maxBytes: 4096 })).toMatchObject({ reason: LogReadRefusal.UnknownGroup });
    expect(await refusal({ group: 'p/T/0', from: 5, to: 900, maxBytes: 4096 })).toMatchObject({ reason: LogReadRefusal.Unavailable });
    // A node that serves no log reads (no storage role), and one nobody knows the address of.
    const bare = await node(3, peers);
    expect(bare.transport.logReads).toBeUndefined();
    expect(await collect(client.transport.readLog(3, { group: 'p/T/0', from: 5, to: 6, maxBytes: 4096 })).catch((e: LogReadError) => e.reason)).toBe(LogReadRefusal.UnknownGroup);
    expect(await collect(client.transport.readLog(9, { group: 'p/T/0', from: 5, to: 6, maxBytes: 4096 })).catch((e: LogReadError) => e.reason)).toBe(LogReadRefusal.Unavailable);
  });

  it('answers hostile requests with a clear status and keeps serving', async () => {
    const peers = new Map<number, string>();
    const server = await node(1, peers);
    server.transport.serveLog(new FakeLog(5, 500));
    const ok = { fromNode: 2, group: 'p/T/0', fromIndex: 5, toIndex: 6, maxBytes: 4096 };
    const cases: [string, wire.ReadLogRequest, number, RegExp][] = [
      ['index 0', { ...ok, fromIndex: 0 }, status.INVALID_ARGUMENT, /from_index is 0/],
      ['a reversed range', { ...ok, fromIndex: 9, toIndex: 8 }, status.INVALID_ARGUMENT, /below from_index/],
      ['an index past 2^52', { ...ok, toIndex: '18014398509481984' }, status.INVALID_ARGUMENT, /to_index/],
      ['an index past 2^64', { ...ok, toIndex: '99999999999999999999' }, status.INVALID_ARGUMENT, /to_index/],
      ['a negative index', { ...ok, fromIndex: -3 }, status.INVALID_ARGUMENT, /from_index/],
      ['no budget', { ...ok, maxBytes: 0 }, status.INVALID_ARGUMENT, /max_bytes is 0/],
      ['a huge budget', { ...ok, maxBytes: 4_294_967_295 }, status.INVALID_ARGUMENT, /max_bytes is 4294967295/],
      ['no group', { ...ok, group: '' }, status.INVALID_ARGUMENT, /group id/],
      ['a group id with a NUL', { ...ok, group: 'p/T\u0000/0' }, status.INVALID_ARGUMENT, /characters/],
      ['a long group id', { ...ok, group: 'p/'.repeat(400) }, status.INVALID_ARGUMENT, /group id of 1 to 512/],
      ['an unknown group', { ...ok, group: 'p/U/0' }, status.NOT_FOUND, /no replica of group p\/U\/0/],
      ['a range below the log start', { ...ok, fromIndex: 1 }, status.OUT_OF_RANGE, /starts at 5/],
      ['a range not applied yet', { ...ok, toIndex: 10_000 }, status.UNAVAILABLE, /applied up to 500/],
    ];
    for (const [what, req, code, details] of cases) {
      const got = await rawReadLog(server.address, req);
      expect({ what, code: got.code, messages: got.messages }).toEqual({ what, code, messages: 0 });
      expect(got.details, what).toMatch(details);
      expect(got.trailers?.get('eddy-log-read-refusal')[0], what).toBeTypeOf('string');
    }
    expect((await rawReadLog(server.address, { ...ok, fromIndex: 1 })).trailers?.get('eddy-log-start-index')).toEqual(['5']);
    // Still serving.
    expect(await rawReadLog(server.address, ok)).toMatchObject({ code: status.OK, messages: 1 });
  });

  it('throttles every stream a node serves with one token bucket (bytes accounted on an injected clock)', async () => {
    const peers = new Map<number, string>();
    const server = await node(1, peers);
    const client = await node(2, peers);
    let now = 0;
    const rate = 64 * 1024;
    // The injected sleep moves the clock: the bucket's waits are the only time that passes.
    server.transport.serveLog(new FakeLog(1, 100_000, 1024), { bytesPerSecond: rate, clock: () => now, sleep: async (ms) => void (now += ms) });
    const bucket = server.transport.logReads!.throttle!;
    const grants: { at: number; granted: number }[] = [];
    let received = 0;
    for await (const span of client.transport.readLog(1, { group: 'p/T/0', from: 1, to: 1024, maxBytes: 16 * 1024 })) {
      received += span.entries.length * 1024;
      grants.push({ at: now, granted: bucket.granted });
    }
    expect(received).toBe(1024 * 1024);
    expect(bucket.granted).toBe(1024 * 1024);
    // Never more than a full bucket plus the rate times the time elapsed...
    for (const g of grants) expect(g.granted).toBeLessThanOrEqual(bucket.capacity + (rate * g.at) / 1000);
    // ... and not slower than that either (the bucket waits exactly for its debt, rounded up to a millisecond).
    expect(now).toBeGreaterThanOrEqual(((1024 * 1024 - bucket.capacity) * 1000) / rate);
    expect(now).toBeLessThanOrEqual(((1024 * 1024 - bucket.capacity) * 1000) / rate + grants.length);
  });

  it('stops reading from its source while a reader does not read', async () => {
    const peers = new Map<number, string>();
    const server = await node(1, peers);
    const client = await node(2, peers);
    const log = new FakeLog(1, 1_000_000, 64 * 1024);
    server.transport.serveLog(log);
    const it = client.transport.readLog(1, { group: 'p/T/0', from: 1, to: 1_000_000, maxBytes: 64 * 1024 })[Symbol.asyncIterator]();
    expect((await it.next()).value?.first).toBe(1);
    // The reader holds on; the server may fill the flow-control windows and the stream's buffers, no more.
    let seen = -1;
    while (seen !== log.spansRead) {
      seen = log.spansRead;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(log.spansRead).toBeLessThan(200); // of 1,000,000: 64 GiB were asked for
    await it.return?.(undefined);
  });
});

describe('TokenBucket', () => {
  it('shares one rate among concurrent streams', async () => {
    let now = 0;
    const timers: { at: number; resolve: () => void }[] = [];
    const sleep = (ms: number): Promise<void> => new Promise((resolve) => timers.push({ at: now + ms, resolve }));
    const rate = 10_000;
    const source = new FakeLog(1, 10_000, 500);
    const server = new LogServer(source, { bytesPerSecond: rate, clock: () => now, sleep });
    const log: { at: number; total: number }[] = [];
    let total = 0;
    const stream = async (from: number): Promise<void> => {
      for await (const span of server.serve({ group: 'p/T/0', from, to: from + 99, maxBytes: 1024 })) {
        total += span.entries.length * 500;
        log.push({ at: now, total });
      }
    };
    const done = Promise.all([stream(1), stream(1001), stream(2001)]).then(() => true);
    let finished = false;
    void done.then(() => (finished = true));
    // Drive the virtual clock: run everything runnable, then jump to the next timer.
    while (!finished) {
      await new Promise((r) => setImmediate(r));
      timers.sort((a, b) => a.at - b.at);
      const next = timers.shift();
      if (next) {
        now = next.at;
        next.resolve();
      }
    }
    expect(total).toBe(3 * 100 * 500);
    for (const g of log) expect(g.total).toBeLessThanOrEqual(rate + (rate * g.at) / 1000);
    expect(now).toBeGreaterThanOrEqual(((total - rate) * 1000) / rate);
    expect(() => new TokenBucket(0)).toThrow(RangeError);
  });
});
