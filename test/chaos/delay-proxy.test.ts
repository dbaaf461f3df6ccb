// The chaos suite's slow link must only delay: every byte arrives, in order,
// however the jitter falls. (A timer per chunk once reordered chunks written
// in one event-loop turn, which broke TLS records: a corruption fault the
// suite never meant to inject.)
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DelayProxy } from './delay-proxy.js';
import { Rng } from './rng.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('DelayProxy', () => {
  it('delivers every byte in order under jitter, and passes the end of the stream on', async () => {
    const received: Buffer[] = [];
    const ended = new Promise<void>((resolve) => {
      const sink = net.createServer((s) => {
        s.on('data', (b: Buffer) => received.push(b));
        s.on('end', () => resolve());
      });
      cleanups.push(() => new Promise<void>((r) => sink.close(() => r())));
      sink.listen(0, '127.0.0.1', () => void start((sink.address() as net.AddressInfo).port));
    });
    const sent: Buffer[] = [];
    async function start(port: number): Promise<void> {
      const proxy = new DelayProxy('127.0.0.1', { host: '127.0.0.1', port }, 2, 15, new Rng(7));
      cleanups.push(() => proxy.close());
      const proxyPort = await proxy.listen();
      const client = net.connect({ host: '127.0.0.1', port: proxyPort });
      client.setNoDelay(true);
      await new Promise<void>((r) => client.once('connect', () => r()));
      // Many small writes, several per event-loop turn, each its own chunk at the proxy as often as not.
      for (let turn = 0; turn < 200; turn++) {
        for (let k = 0; k < 3; k++) {
          const b = Buffer.alloc(16, 0);
          b.writeUInt32BE(turn * 3 + k, 0);
          sent.push(b);
          client.write(b);
        }
        await new Promise((r) => setImmediate(r));
      }
      client.end();
    }
    await ended;
    expect(Buffer.concat(received).equals(Buffer.concat(sent))).toBe(true);
  }, 30_000);
});
