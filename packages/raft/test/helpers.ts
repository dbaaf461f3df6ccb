// A tiny synchronous cluster for unit tests (in the manner of etcd's raft test
// `network`): RawNodes over MemoryStorage, messages delivered until quiet,
// with per-link cuts and a message filter. No time, no randomness beyond a
// seeded generator.

import type { Config, TestingKnobs } from '../src/core/config.js';
import { MemoryStorage } from '../src/core/memory-storage.js';
import { RawNode } from '../src/core/raw-node.js';
import type { Entry, Message, NodeId } from '../src/core/types.js';
import { Prng } from '../src/sim/prng.js';

export interface TestNode {
  readonly id: NodeId;
  readonly storage: MemoryStorage;
  raw: RawNode;
  readonly applied: Entry[];
  readonly reads: { index: number; context: string }[];
}

export interface ClusterOptions {
  preVote?: boolean;
  checkQuorum?: boolean;
  quiesce?: boolean;
  lazyCommit?: boolean;
  knobs?: TestingKnobs;
  maxSizePerMsg?: number;
  maxInflightMsgs?: number;
  seed?: number;
}

const dec = new TextDecoder();
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => dec.decode(b);

export class Cluster {
  readonly nodes = new Map<NodeId, TestNode>();
  private readonly cuts = new Set<string>();
  /** Return false to drop a message. */
  filter: (m: Message) => boolean = () => true;
  readonly delivered: Message[] = [];
  private readonly rng: Prng;

  constructor(
    ids: readonly NodeId[],
    readonly opts: ClusterOptions = {},
  ) {
    this.rng = new Prng(opts.seed ?? 1);
    for (const id of ids) {
      const storage = new MemoryStorage({ voters: [...ids], learners: [] });
      this.nodes.set(id, { id, storage, raw: this.newRaw(id, storage), applied: [], reads: [] });
    }
  }

  config(id: NodeId, storage: MemoryStorage): Config {
    return {
      id,
      electionTick: 10,
      heartbeatTick: 1,
      storage,
      random: this.rng.fork(),
      preVote: this.opts.preVote ?? false,
      checkQuorum: this.opts.checkQuorum ?? false,
      quiesce: this.opts.quiesce ?? false,
      lazyCommit: this.opts.lazyCommit ?? false,
      maxSizePerMsg: this.opts.maxSizePerMsg ?? 1 << 20,
      maxInflightMsgs: this.opts.maxInflightMsgs ?? 256,
      testingKnobs: this.opts.knobs ?? {},
    };
  }

  private newRaw(id: NodeId, storage: MemoryStorage): RawNode {
    return new RawNode(this.config(id, storage));
  }

  /** Adds a node with an empty log (a joiner). */
  addEmptyNode(id: NodeId): TestNode {
    const storage = new MemoryStorage();
    const n: TestNode = { id, storage, raw: this.newRaw(id, storage), applied: [], reads: [] };
    this.nodes.set(id, n);
    return n;
  }

  /** Restarts a node from its durable storage only. */
  restart(id: NodeId): void {
    const n = this.node(id);
    n.raw = new RawNode(this.config(id, n.storage));
    n.applied.length = 0;
  }

  node(id: NodeId): TestNode {
    const n = this.nodes.get(id);
    if (n === undefined) throw new Error(`no node ${id}`);
    return n;
  }

  raft(id: NodeId) {
    return this.node(id).raw.raft;
  }

  cut(a: NodeId, b: NodeId): void {
    this.cuts.add(`${a}>${b}`);
    this.cuts.add(`${b}>${a}`);
  }

  cutOneWay(from: NodeId, to: NodeId): void {
    this.cuts.add(`${from}>${to}`);
  }

  isolate(id: NodeId): void {
    for (const o of this.nodes.keys()) if (o !== id) this.cut(id, o);
  }

  recover(): void {
    this.cuts.clear();
    this.filter = () => true;
  }

  /** Persists, sends and applies every Ready until no messages remain. */
  settle(maxRounds = 10_000): void {
    for (let round = 0; round < maxRounds; round++) {
      const out: Message[] = [];
      for (const n of this.nodes.values()) {
        while (n.raw.hasReady()) {
          const rd = n.raw.ready();
          if (rd.snapshot !== undefined) n.storage.applySnapshot(rd.snapshot);
          n.storage.append(rd.entries);
          if (rd.hardState !== undefined) n.storage.setHardState(rd.hardState);
          out.push(...rd.earlyMessages, ...rd.messages);
          for (const e of rd.committedEntries) {
            n.applied.push(e);
            if (e.type === 'confChange') n.raw.applyConfChangeEntry(e.data);
          }
          for (const rs of rd.readStates) n.reads.push({ index: rs.index, context: text(rs.context) });
          n.raw.advance();
        }
      }
      if (out.length === 0) return;
      for (const m of out) {
        if (this.cuts.has(`${m.from}>${m.to}`) || !this.filter(m)) continue;
        const to = this.nodes.get(m.to);
        if (to === undefined) continue;
        this.delivered.push(m);
        to.raw.step(m);
      }
    }
    throw new Error('cluster did not settle');
  }

  tick(id: NodeId, n = 1): void {
    for (let i = 0; i < n; i++) {
      this.node(id).raw.tick();
      this.settle();
    }
  }

  tickAll(n = 1): void {
    for (let i = 0; i < n; i++) {
      for (const node of this.nodes.values()) node.raw.tick();
      this.settle();
    }
  }

  campaign(id: NodeId): void {
    this.node(id).raw.campaign();
    this.settle();
  }

  propose(id: NodeId, data: string): void {
    this.node(id).raw.propose(bytes(data));
    this.settle();
  }

  leaders(): NodeId[] {
    return [...this.nodes.values()].filter((n) => n.raw.raft.state === 'leader').map((n) => n.id);
  }

  appliedData(id: NodeId): string[] {
    return this.node(id).applied.filter((e) => e.data.byteLength > 0 && e.type === 'normal').map((e) => text(e.data));
  }
}
