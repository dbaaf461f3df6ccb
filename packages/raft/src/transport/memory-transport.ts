// An in-process network for tests of the host and drivers: several hosts in
// one process exchange messages through a hub, asynchronously (as a real
// network would), with switchable links so tests can cut and heal them.
import type { NodeId } from '../core/types.js';
import type { GroupMessage, MessageHandler, Transport } from './transport.js';

export class MemoryNetwork {
  private readonly handlers = new Map<NodeId, MessageHandler>();
  private readonly cut = new Set<string>();

  transport(id: NodeId): Transport {
    return {
      start: async (handler) => {
        this.handlers.set(id, handler);
      },
      send: (to, messages) => {
        if (this.cut.has(`${id}>${to}`)) return;
        const copy = messages.slice();
        setImmediate(() => {
          if (this.cut.has(`${id}>${to}`)) return;
          this.handlers.get(to)?.(id, copy);
        });
      },
      isReachable: (to) => this.handlers.has(to) && !this.cut.has(`${id}>${to}`),
      close: async () => {
        this.handlers.delete(id);
      },
    };
  }

  /** Cuts both directions between a and b. */
  partition(a: NodeId, b: NodeId): void {
    this.cut.add(`${a}>${b}`);
    this.cut.add(`${b}>${a}`);
  }

  isolate(id: NodeId, others: NodeId[]): void {
    for (const o of others) if (o !== id) this.partition(id, o);
  }

  heal(): void {
    this.cut.clear();
  }
}

export type { GroupMessage };
