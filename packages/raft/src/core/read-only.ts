// Pending ReadIndex requests on the leader: each waits for a quorum of
// heartbeat acknowledgements carrying its context (proof that this node was
// still leader after the read arrived). Requests are confirmed in order: an
// ack for a later request confirms every earlier one.

import type { Message, NodeId } from './types.js';

export interface ReadIndexStatus {
  readonly req: Message;
  readonly index: number;
  readonly acks: Map<NodeId, boolean>;
}

export function contextKey(ctx: Uint8Array | undefined): string {
  if (ctx === undefined || ctx.byteLength === 0) return '';
  let s = '';
  for (let i = 0; i < ctx.byteLength; i++) s += String.fromCharCode(ctx[i] as number);
  return s;
}

export class ReadOnly {
  // Allocated on the first read: most groups of a host serve none.
  private pendingMap: Map<string, ReadIndexStatus> | undefined;
  private queue: string[] = [];

  private get pending(): Map<string, ReadIndexStatus> {
    return (this.pendingMap ??= new Map());
  }

  /** Queues a read at the current commit index `index`. Duplicate contexts are ignored. */
  addRequest(index: number, m: Message): void {
    const key = contextKey(m.context);
    if (this.pending.has(key)) return;
    this.pending.set(key, { req: m, index, acks: new Map() });
    this.queue.push(key);
  }

  /** Records an ack; returns the acks so far, or undefined for an unknown context. */
  recvAck(id: NodeId, ctx: Uint8Array | undefined): Map<NodeId, boolean> | undefined {
    const rs = this.pending.get(contextKey(ctx));
    if (rs === undefined) return undefined;
    rs.acks.set(id, true);
    return rs.acks;
  }

  /** Dequeues and returns every request up to and including the one for ctx. */
  advance(ctx: Uint8Array | undefined): ReadIndexStatus[] {
    const key = contextKey(ctx);
    const at = this.queue.indexOf(key);
    if (at < 0) return [];
    const out: ReadIndexStatus[] = [];
    for (let i = 0; i <= at; i++) {
      const k = this.queue[i] as string;
      const rs = this.pending.get(k);
      if (rs !== undefined) out.push(rs);
      this.pending.delete(k);
    }
    this.queue = this.queue.slice(at + 1);
    return out;
  }

  lastPendingContext(): Uint8Array | undefined {
    const k = this.queue[this.queue.length - 1];
    if (k === undefined) return undefined;
    return this.pending.get(k)?.req.context;
  }

  get size(): number {
    return this.queue.length;
  }
}
