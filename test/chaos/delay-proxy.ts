// A TCP proxy that delays every chunk, each direction, by a fixed time plus
// jitter, keeping the byte order: a slow link. The netlab points a node's
// connections to one peer at it (iptables DNAT inside the node's namespace).
import net from 'node:net';
import type { Rng } from './rng.js';

export class DelayProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly listenHost: string,
    private readonly target: { host: string; port: number },
    private readonly delayMs: number,
    private readonly jitterMs: number,
    private readonly rng: Rng,
  ) {
    this.server = net.createServer((inbound) => this.accept(inbound));
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, this.listenHost, () => {
        this.port = (this.server.address() as net.AddressInfo).port;
        resolve(this.port);
      });
    });
  }

  private accept(inbound: net.Socket): void {
    const outbound = net.connect({ host: this.target.host, port: this.target.port });
    for (const s of [inbound, outbound]) {
      this.sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => {
        inbound.destroy();
        outbound.destroy();
      });
    }
    this.pipe(inbound, outbound);
    this.pipe(outbound, inbound);
  }

  /**
   * Forwards from → to, each chunk released no earlier than its arrival +
   * delay, in order. One queue and one timer per direction: a timer per chunk
   * could fire out of order (timers of different durations set in one event
   * loop turn share its truncated clock), which reordered bytes — a corrupted
   * stream, not a slow link.
   */
  private pipe(from: net.Socket, to: net.Socket): void {
    const queue: { chunk: Buffer; releaseAt: number }[] = [];
    let releaseAt = 0;
    let timer: NodeJS.Timeout | undefined;
    let ended = false;
    const drain = (): void => {
      timer = undefined;
      const now = performance.now();
      while (queue.length > 0 && (queue[0] as { releaseAt: number }).releaseAt <= now) {
        const { chunk } = queue.shift() as { chunk: Buffer };
        if (!to.destroyed) to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(drain, Math.max(0, (queue[0] as { releaseAt: number }).releaseAt - now));
      else if (ended && !to.destroyed) to.end();
    };
    from.on('data', (chunk: Buffer) => {
      releaseAt = Math.max(releaseAt, performance.now() + this.delayMs + this.rng.int(0, this.jitterMs));
      queue.push({ chunk, releaseAt });
      timer ??= setTimeout(drain, Math.max(0, releaseAt - performance.now()));
    });
    from.on('end', () => {
      ended = true;
      timer ??= setTimeout(drain, 0);
    });
  }

  /** Stops listening and cuts every proxied connection (the peers reconnect directly). */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
