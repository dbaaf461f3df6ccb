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

  /** Forwards from → to, each chunk released no earlier than its arrival + delay, in order. */
  private pipe(from: net.Socket, to: net.Socket): void {
    let releaseAt = 0;
    from.on('data', (chunk: Buffer) => {
      const now = performance.now();
      releaseAt = Math.max(releaseAt, now + this.delayMs + this.rng.int(0, this.jitterMs));
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, releaseAt - now);
    });
    from.on('end', () => {
      setTimeout(() => to.end(), Math.max(0, releaseAt - performance.now()));
    });
  }

  /** Stops listening and cuts every proxied connection (the peers reconnect directly). */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
