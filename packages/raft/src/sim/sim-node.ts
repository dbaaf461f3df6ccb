// A simulated node and what fault injection and the workload may do with the
// run (SimWorld): the simulator owns the nodes, the network and the clock.
import type { MemoryStorage } from '../core/memory-storage.js';
import type { RawNode } from '../core/raw-node.js';
import type { ConfState, NodeId } from '../core/types.js';
import type { PassGroup, ReadyPass } from '../driver/ready-pass.js';
import type { KvStore } from './kv.js';
import type { SimWrite } from './memory-log.js';
import type { Network } from './network.js';
import type { SimParams } from './params.js';
import type { Prng } from './prng.js';

export interface SimNode {
  readonly id: NodeId;
  readonly storage: MemoryStorage;
  raw: RawNode | undefined;
  readonly kv: KvStore;
  confState: ConfState;
  downUntil: number;
  /** Permanently stopped (decommissioned). */
  stopped: boolean;
  /** Commit index as of the last persisted hard state. */
  durableCommit: number;
  /** The group as the pass driver sees it (rebuilt on every start). */
  group: PassGroup<SimWrite> | undefined;
  /** A pass whose early messages went out and whose disk write is still running (as in a host's pass). */
  writing: { pass: ReadyPass<PassGroup<SimWrite>, SimWrite>; ops: SimWrite[] } | undefined;
  pendingReads: Map<number, number>; // op id -> read index (once known)
}

export interface SimWorld {
  readonly rng: Prng;
  /** Randomness of quiescence alone, so the other choices of every seed stay as they were. */
  readonly qrng: Prng;
  /** Randomness of suffix loss alone (SimParams.suffixLoss), likewise. */
  readonly lrng: Prng;
  readonly net: Network;
  readonly params: SimParams;
  readonly nodes: ReadonlyMap<NodeId, SimNode>;
  readonly tick: number;
  liveNodes(): SimNode[];
  /** The leader with the highest term, if any. */
  leader(): SimNode | undefined;
  /** (Re)starts a node from its durable storage only. */
  start(n: SimNode): void;
  /** Loses all of a node's volatile state; it restarts after `downFor` ticks. */
  crash(n: SimNode, downFor: number): void;
  addNode(id: NodeId, storage: MemoryStorage): SimNode;
  /** Runs a pass of the node's Ready handling. */
  handleReady(n: SimNode): void;
}
