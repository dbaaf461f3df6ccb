// The simulated network: per-tick delivery queues with random delay, loss,
// duplication and reordering, and directed link cuts for symmetric,
// asymmetric and isolating partitions.

import type { Message, NodeId } from '../core/types.js';
import type { Prng } from './prng.js';

export class Network {
  dropRate = 0;
  dupRate = 0;
  /** Max extra delay in ticks; most messages arrive within the current tick. */
  maxDelay = 0;
  private readonly queues = new Map<number, Message[]>();
  private readonly cut = new Set<number>();
  sent = 0;

  constructor(private readonly rng: Prng) {}

  private static link(from: NodeId, to: NodeId): number {
    return from * 1024 + to;
  }

  isCut(from: NodeId, to: NodeId): boolean {
    return this.cut.size > 0 && this.cut.has(Network.link(from, to));
  }

  cutLink(from: NodeId, to: NodeId): void {
    this.cut.add(Network.link(from, to));
  }

  isolate(id: NodeId, all: readonly NodeId[]): void {
    for (const o of all) {
      if (o === id) continue;
      this.cutLink(id, o);
      this.cutLink(o, id);
    }
  }

  /** Cuts every link between the two sides, both ways. */
  split(a: readonly NodeId[], b: readonly NodeId[]): void {
    for (const x of a)
      for (const y of b) {
        this.cutLink(x, y);
        this.cutLink(y, x);
      }
  }

  heal(): void {
    this.cut.clear();
  }

  get partitioned(): boolean {
    return this.cut.size > 0;
  }

  /** Returns false when the message was lost (caller may report it). */
  send(m: Message, now: number): boolean {
    this.sent++;
    if (this.isCut(m.from, m.to) || this.rng.chance(this.dropRate)) return false;
    this.enqueue(m, now);
    if (this.rng.chance(this.dupRate)) this.enqueue({ ...m }, now + this.rng.nextInt(this.maxDelay + 2));
    return true;
  }

  private enqueue(m: Message, now: number): void {
    const at = this.maxDelay > 0 && this.rng.chance(0.3) ? now + 1 + this.rng.nextInt(this.maxDelay) : now;
    let q = this.queues.get(at);
    if (q === undefined) this.queues.set(at, (q = []));
    q.push(m);
  }

  /** Takes the messages due at `now`, shuffled (reordering). */
  takeDue(now: number): Message[] | undefined {
    const q = this.queues.get(now);
    if (q === undefined || q.length === 0) return undefined;
    this.queues.delete(now);
    return this.rng.shuffle(q);
  }

  /** Moves anything still due at `now` to the next tick. */
  defer(now: number): void {
    const q = this.queues.get(now);
    if (q === undefined) return;
    this.queues.delete(now);
    const n = this.queues.get(now + 1);
    if (n === undefined) this.queues.set(now + 1, q);
    else for (const m of q) n.push(m);
  }
}
