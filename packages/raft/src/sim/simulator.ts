// One deterministic simulation run: a seeded cluster of RawNodes over the
// simulated network with crashes (losing all volatile state), restarts from
// durable storage, partitions, membership changes, leader transfers, log
// compaction and a key-value client workload; safety checked after every
// Ready, liveness after the faults stop, linearizability of the client
// history at the end. Everything derives from the seed: same seed, same run.

import { knobsFor, type BugKnob, type TestingKnobs } from '../core/config.js';
import { decodeConfChange } from '../core/conf-change.js';
import { MemoryStorage } from '../core/memory-storage.js';
import { majority } from '../core/quorum.js';
import { RawNode, type Ready } from '../core/raw-node.js';
import { ReadyPass, type Outbox, type PassGroup } from '../driver/ready-pass.js';
import { ConfChangeType, EntryType, MessageType, NONE, StateType, type ConfState, type Entry, type Message, type NodeId } from '../core/types.js';
import { SafetyChecker, type Violation } from './checkers.js';
import type { Operation } from './history.js';
import { decodeCommand, encodeCommand, KvStore } from './kv.js';
import { checkLinearizable } from './linearizability.js';
import { MemoryLog, type SimWrite } from './memory-log.js';
import { Network } from './network.js';
import { Prng } from './prng.js';

export interface SimOptions {
  readonly seed: number;
  readonly bug?: BugKnob | undefined;
  /** Ticks with faults injected. */
  readonly faultTicks?: number;
  /** Ticks allowed, after healing, to elect a leader and commit a proposal. */
  readonly livenessTicks?: number;
  /** Fault profile; by default chosen by the seed (30% churn). */
  readonly profile?: SimProfile | undefined;
  /** Overrides of the seed-chosen parameters (for experiments). */
  readonly params?: Partial<SimParams>;
}

export const SimProfile = {
  /** Every fault kind at seed-chosen rates, membership changes, 300 fault ticks. */
  Mixed: 'mixed',
  /**
   * Figure 8 style: 3 voters, one entry per append, the leader isolated or
   * crashed about every other tick, lossy slow network, quick reboots, no PreVote or
   * CheckQuorum, 1000 fault ticks. Many short terms with divergent tails.
   */
  Churn: 'churn',
} as const;
export type SimProfile = (typeof SimProfile)[keyof typeof SimProfile];

const CHURN_PARAMS: Partial<SimParams> = {
  voters: 3,
  maxSizePerMsg: 1,
  leaderChurn: 0.5,
  dropRate: 0.25,
  maxDelay: 3,
  membership: false,
  preVote: false,
  checkQuorum: false,
  crashRate: 0.02,
};

export interface SimResult {
  readonly seed: number;
  readonly violations: readonly Violation[];
  readonly ticks: number;
  readonly operations: number;
  readonly completedOperations: number;
  readonly maxCommitted: number;
  readonly leaderTerms: number;
  readonly messages: number;
  /** The linearizability search hit its budget (neither proven nor refuted). */
  readonly linearizabilityInconclusive: boolean;
  /** Node-ticks spent quiesced, and leaders forgotten on the failure detector's word. */
  readonly quiescedTicks: number;
  readonly leadersForgotten: number;
  readonly params: SimParams;
  readonly profile: SimProfile;
}

export interface SimParams {
  readonly voters: number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly maxSizePerMsg: number;
  readonly maxInflight: number;
  /** Byte bound of the inflight window (0 = count only). */
  readonly maxInflightBytes: number;
  readonly dropRate: number;
  readonly dupRate: number;
  readonly maxDelay: number;
  readonly crashRate: number;
  readonly partitionRate: number;
  readonly membership: boolean;
  readonly transferRate: number;
  readonly snapshotEvery: number;
  readonly readyProb: number;
  /** Per-tick chance of isolating or crashing the current leader (Figure 8 style churn). */
  readonly leaderChurn: number;
  /** Per-node chance of missing a tick: slow or paused clocks (e.g. GC pauses). */
  readonly tickSkip: number;
  /**
   * Quiescence (Config.quiesce), with a node-level failure detector as a host
   * has: a quiesced follower whose leader's node has not been heard from for
   * an election timeout forgets it. The detector also errs now and then.
   */
  readonly quiesce: boolean;
  /**
   * After a delivery, apply commits at once outside the Ready cycle
   * (RawNode.takeDurableCommitted), also while a write is in progress, as the
   * host does while its pass waits on the disk.
   */
  readonly earlyApply: boolean;
}

const ELECTION_TICK = 10;
const HEARTBEAT_TICK = 2;
const MAX_NODES = 7;
const KEYS = ['a', 'b', 'c'];
const OP_TIMEOUT = 60;
const READ_TIMEOUT = 20;

interface SimNode {
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

interface Client {
  op: Operation | undefined;
  node: NodeId;
  deadline: number;
}

export class Simulation {
  private readonly rng: Prng;
  private readonly net: Network;
  private readonly checker = new SafetyChecker();
  private readonly nodes = new Map<NodeId, SimNode>();
  private readonly knobs: TestingKnobs;
  readonly params: SimParams;
  readonly profile: SimProfile;
  private tick = 0;
  private now = 0; // logical time for the history: advances on every event
  private nextOp = 1;
  private readonly history: Operation[] = [];
  private readonly clients: Client[] = [];
  private readonly opsById = new Map<number, { op: Operation; client: Client }>();
  private nextId: NodeId;
  private healed = false;
  private livenessMarker = 0;
  private readonly livenessMarkers = new Set<number>();
  private livenessDone = false;
  private readonly encoder = new TextEncoder();
  /** Randomness of quiescence alone, so the other choices of every seed stay as they were. */
  private readonly qrng: Prng;
  /** heard.get(n).get(p): the last tick node n heard from node p (node-level liveness). */
  private readonly heard = new Map<NodeId, Map<NodeId, number>>();
  private quiescedTicks = 0;
  private leadersForgotten = 0;

  constructor(private readonly opts: SimOptions) {
    this.rng = new Prng(opts.seed);
    this.knobs = knobsFor(opts.bug);
    this.qrng = new Prng((opts.seed ^ 0x5bd1e995) >>> 0);
    const r = this.rng;
    this.profile = opts.profile ?? (r.chance(0.3) ? SimProfile.Churn : SimProfile.Mixed);
    const chosenVoters = r.chance(0.5) ? 3 : 5;
    this.params = {
      voters: chosenVoters,
      preVote: r.chance(0.6),
      checkQuorum: r.chance(0.6),
      maxSizePerMsg: r.pick([1, 200, 1 << 20]),
      maxInflight: r.range(1, 8),
      dropRate: r.pick([0, 0.02, 0.1, 0.25]),
      dupRate: r.pick([0, 0.02, 0.1]),
      maxDelay: r.pick([0, 1, 3]),
      crashRate: r.pick([0, 0.005, 0.02, 0.05]),
      partitionRate: r.pick([0, 0.01, 0.03]),
      membership: r.chance(0.4),
      transferRate: r.pick([0, 0.01, 0.03]),
      snapshotEvery: r.pick([5, 20, 60]),
      readyProb: r.pick([0.5, 0.9, 1]),
      leaderChurn: r.pick([0, 0, 0.05, 0.15]),
      maxInflightBytes: r.pick([0, 0, 300]),
      tickSkip: r.pick([0, 0, 0.1, 0.3]),
      quiesce: this.qrng.chance(0.5),
      earlyApply: new Prng((opts.seed ^ 0x27d4eb2f) >>> 0).chance(0.7),
      ...(this.profile === SimProfile.Churn ? CHURN_PARAMS : {}),
      ...opts.params,
    };
    const voters = this.params.voters;
    this.net = new Network(this.rng.fork());
    this.net.dropRate = this.params.dropRate;
    this.net.dupRate = this.params.dupRate;
    this.net.maxDelay = this.params.maxDelay;
    const initial: NodeId[] = [];
    for (let i = 1; i <= voters; i++) initial.push(i);
    const cs: ConfState = { voters: initial, learners: [] };
    for (const id of initial) {
      const storage = new MemoryStorage(cs);
      // Bootstrap: every initial member starts from the same snapshot at index 1
      // holding the initial configuration (so joiners learn it by snapshot).
      storage.applySnapshot({ metadata: { index: 1, term: 1, confState: cs }, data: new KvStore().serialize() });
      storage.setHardState({ term: 1, vote: 0, commit: 1 });
      this.addNode(id, storage);
    }
    this.nextId = voters + 1;
    for (let i = 0; i < 5; i++) this.clients.push({ op: undefined, node: 1, deadline: 0 });
  }

  private addNode(id: NodeId, storage: MemoryStorage): SimNode {
    const n: SimNode = {
      id,
      storage,
      raw: undefined,
      kv: new KvStore(),
      confState: storage.initialState().confState,
      downUntil: 0,
      stopped: false,
      durableCommit: 0,
      group: undefined,
      writing: undefined,
      pendingReads: new Map(),
    };
    this.nodes.set(id, n);
    this.start(n);
    return n;
  }

  /** (Re)starts a node from its durable storage only. */
  private start(n: SimNode): void {
    const snap = n.storage.snapshot();
    n.kv.restore(snap.data, snap.metadata.index);
    n.confState = n.storage.initialState().confState;
    n.durableCommit = n.storage.hardStateNow().commit;
    n.pendingReads = new Map();
    n.raw = new RawNode({
      id: n.id,
      electionTick: ELECTION_TICK,
      heartbeatTick: HEARTBEAT_TICK,
      storage: n.storage,
      random: this.rng.fork(),
      applied: snap.metadata.index,
      maxSizePerMsg: this.params.maxSizePerMsg,
      maxInflightMsgs: this.params.maxInflight,
      maxInflightBytes: this.params.maxInflightBytes,
      checkQuorum: this.params.checkQuorum,
      preVote: this.params.preVote,
      quiesce: this.params.quiesce,
      testingKnobs: this.knobs,
    });
    n.group = { groupId: 'sim', node: n.raw, storage: new MemoryLog(n.storage) };
  }

  private crash(n: SimNode, downFor: number): void {
    n.raw = undefined;
    n.group = undefined;
    n.writing = undefined; // the write in progress never reached the disk
    n.downUntil = this.tick + downFor;
    n.pendingReads = new Map();
    for (const c of this.clients) if (c.op !== undefined && c.node === n.id) this.abandon(c);
  }

  private fail(kind: string, detail: string): void {
    this.checker.tick = this.tick;
    (this.checker.violations as Violation[]).push({ kind, detail, tick: this.tick });
  }

  // ---- running --------------------------------------------------------------

  run(): SimResult {
    const faultTicks = this.opts.faultTicks ?? (this.profile === SimProfile.Churn ? 1000 : 300);
    const livenessTicks = this.opts.livenessTicks ?? 150;
    let end = faultTicks + livenessTicks;
    for (this.tick = 0; this.tick < end; this.tick++) {
      this.checker.tick = this.tick;
      if (this.tick < faultTicks) {
        this.injectFaults();
        this.workload();
      } else if (!this.healed) {
        this.heal();
      } else {
        this.livenessStep();
        if (this.livenessDone && end > this.tick + 40) end = this.tick + 40; // let outstanding ops finish
      }
      this.tickNodes();
      this.deliver();
      this.timeoutClients();
      if (this.tick % 25 === 0) this.checker.checkLogMatching([...this.nodes.values()]);
      if (this.checker.violations.length > 0) break;
    }
    if (this.checker.violations.length === 0 && !this.livenessDone) {
      this.fail('liveness', `no leader elected and proposal committed within ${livenessTicks} ticks after healing`);
    }
    this.checker.checkLogMatching([...this.nodes.values()]);
    for (const c of this.clients) if (c.op !== undefined) this.abandon(c);
    let inconclusive = false;
    if (this.checker.violations.length === 0) {
      const lin = checkLinearizable(this.history);
      if (!lin.ok) this.fail('linearizability', `history for key ${lin.key ?? '?'} is not linearizable`);
      inconclusive = lin.inconclusive === true;
    }
    return {
      seed: this.opts.seed,
      violations: this.checker.violations,
      ticks: this.tick,
      operations: this.history.length,
      completedOperations: this.history.filter((o) => o.complete !== Infinity).length,
      maxCommitted: this.checker.maxCommitted,
      leaderTerms: this.checker.leaderCount(),
      messages: this.net.sent,
      linearizabilityInconclusive: inconclusive,
      quiescedTicks: this.quiescedTicks,
      leadersForgotten: this.leadersForgotten,
      params: this.params,
      profile: this.profile,
    };
  }

  private liveNodes(): SimNode[] {
    const out: SimNode[] = [];
    for (const n of this.nodes.values()) if (n.raw !== undefined) out.push(n);
    return out;
  }

  private leader(): SimNode | undefined {
    let best: SimNode | undefined;
    for (const n of this.nodes.values()) {
      const r = n.raw?.raft;
      if (r !== undefined && r.state === StateType.Leader && (best === undefined || r.term > (best.raw?.raft.term ?? 0))) best = n;
    }
    return best;
  }

  /**
   * The hosts' node-level failure detector: a node hears from every live peer
   * whose link to it is up; a quiesced follower that has not heard from its
   * leader's node for an election timeout forgets the leader. Now and then
   * it suspects a live leader wrongly: safety must not care.
   */
  private detectFailures(live: readonly SimNode[]): void {
    for (const n of live) {
      let h = this.heard.get(n.id);
      if (h === undefined) this.heard.set(n.id, (h = new Map()));
      for (const p of live) if (p !== n && !this.net.isCut(p.id, n.id)) h.set(p.id, this.tick);
      const raft = n.raw?.raft;
      if (raft === undefined || !raft.quiesced) continue;
      this.quiescedTicks++;
      if (raft.state !== StateType.Follower || raft.lead === NONE) continue;
      const gone = this.tick - (h.get(raft.lead) ?? -Infinity) > ELECTION_TICK;
      if (gone || this.qrng.chance(0.005)) {
        n.raw?.forgetLeader();
        this.leadersForgotten++;
      }
    }
  }

  private tickNodes(): void {
    if (this.params.quiesce) this.detectFailures(this.liveNodes());
    const live = this.rng.shuffle(this.liveNodes());
    for (const n of live) {
      this.now++;
      if (this.rng.chance(this.params.tickSkip)) continue;
      try {
        n.raw?.tick();
      } catch (e) {
        this.fail('panic', `node ${n.id} tick: ${(e as Error).message}`);
        return;
      }
      if (this.rng.chance(this.params.readyProb)) this.handleReady(n);
    }
    for (const n of live) this.handleReady(n);
  }

  private deliver(): void {
    for (let round = 0; round < 30; round++) {
      const due = this.net.takeDue(this.tick);
      if (due === undefined) break;
      for (const m of due) this.deliverOne(m);
      for (const n of this.nodes.values()) this.handleReady(n);
    }
    this.net.defer(this.tick);
  }

  private deliverOne(m: Message): void {
    this.now++;
    const to = this.nodes.get(m.to);
    const lost = to === undefined || to.raw === undefined || this.net.isCut(m.from, m.to);
    if (m.type === MessageType.Snap) {
      const from = this.nodes.get(m.from);
      if (from?.raw !== undefined) from.raw.reportSnapshot(m.to, !lost);
    }
    if (lost || to.raw === undefined) return;
    try {
      to.raw.step(m);
    } catch (e) {
      // The core throws only on a broken invariant: that is a finding, not a crash of the run.
      this.fail('panic', `node ${to.id} stepping ${m.type} from ${m.from}: ${(e as Error).message}`);
      return;
    }
    if (this.params.earlyApply && this.rng.chance(0.5)) this.applyEarly(to);
    if (this.rng.chance(this.params.readyProb)) this.handleReady(to);
  }

  /** As the host's applyEarly: commits learnt from a peer, applied outside the Ready cycle when the driver allows it. */
  private applyEarly(n: SimNode): void {
    const raw = n.raw;
    const group = n.group;
    if (raw === undefined || group === undefined) return;
    try {
      const entries = ReadyPass.takeDurableCommitted(group, n.writing?.pass);
      if (entries.length === 0) return;
      this.applyEntries(n, raw, entries);
      this.serveReads(n);
    } catch (e) {
      this.fail('panic', `node ${n.id} applying early: ${(e as Error).message}`);
    }
  }

  /**
   * Runs one pass of the shared driver (driver/ready-pass.ts) over this node's
   * group, as the host does: early sends, stage, apply what may be applied
   * before the write; then the write completes now or stays in progress across
   * deliveries (a host's pass awaits its fsync while messages keep arriving);
   * a crash meanwhile loses it.
   */
  private handleReady(n: SimNode): void {
    const raw = n.raw;
    const group = n.group;
    if (raw === undefined || group === undefined) return;
    if (n.writing !== undefined) {
      if (!this.rng.chance(0.3)) return;
      const { pass, ops } = n.writing;
      n.writing = undefined;
      this.finishPass(n, raw, pass, ops);
      return;
    }
    let pass: ReadyPass<PassGroup<SimWrite>, SimWrite> | undefined;
    try {
      pass = ReadyPass.collect<PassGroup<SimWrite>, SimWrite>([group]);
    } catch (e) {
      this.fail('panic', `node ${n.id}: ${(e as Error).message}`);
      return;
    }
    if (pass === undefined) return;
    const rd = (pass.items[0] as { rd: Ready }).rd;
    this.sendAll(raw, pass.earlyOutbox());
    const ops = pass.stage();
    const early = pass.applyBeforePersist();
    if (rd.earlyMessages.length > 0 || early.length > 0) {
      if (!this.healed && this.rng.chance(this.params.crashRate * 0.1)) {
        this.crash(n, this.rng.range(3, 30));
        return;
      }
      try {
        for (const item of early) this.applyReady(n, raw, item.rd);
      } catch (e) {
        this.fail('panic', `node ${n.id}: ${(e as Error).message}`);
        return;
      }
      pass.writing();
      if (this.rng.chance(0.5)) {
        n.writing = { pass, ops };
        return;
      }
    } else {
      pass.writing();
    }
    this.finishPass(n, raw, pass, ops);
  }

  private sendAll(raw: RawNode, outbox: Outbox): void {
    for (const list of outbox.values()) {
      for (const { message: m } of list) {
        const delivered = this.net.send(m, this.tick);
        if (!delivered && m.type === MessageType.Snap) raw.reportSnapshot(m.to, false);
      }
    }
  }

  /** The pass's write completes; then the checkers look, and the pass sends, applies and advances. */
  private finishPass(n: SimNode, raw: RawNode, pass: ReadyPass<PassGroup<SimWrite>, SimWrite>, ops: readonly SimWrite[]): void {
    for (const write of ops) write();
    const item = pass.items[0] as { g: PassGroup<SimWrite>; rd: Ready };
    const rd = item.rd;
    if (rd.entries.length > 0) this.checker.onPersistEntries(n.id, n.storage, rd.entries);
    if (rd.snapshot !== undefined) {
      const md = rd.snapshot.metadata;
      this.checker.registerCommitted(n.id, md.index, md.term, rd.hardState?.term ?? raw.raft.term);
    }
    if (rd.hardState !== undefined) {
      const before = n.durableCommit;
      if (rd.hardState.commit > before) {
        this.checker.onCommit(n.id, rd.hardState.term, before, rd.hardState.commit, n.storage);
        if (raw.raft.state === StateType.Leader) {
          const t = n.storage.term(rd.hardState.commit);
          if (t !== undefined) this.checker.onLeaderCommit(rd.hardState.commit, t, raw.raft.commitVoters);
        }
      }
      n.durableCommit = rd.hardState.commit;
    }
    if (raw.raft.state === StateType.Leader) this.checker.onLeader(n.id, raw.raft.term, raw.raft.raftLog);
    this.checker.checkDurableCommit((id) => this.nodes.get(id)?.storage);
    // A crash right after the fsync, before anything is sent.
    if (!this.healed && this.rng.chance(this.params.crashRate * 0.1)) {
      this.crash(n, this.rng.range(3, 30));
      return;
    }
    try {
      this.sendAll(raw, pass.persisted());
      if (ReadyPass.appliesAfterPersist(item)) this.applyReady(n, raw, rd);
      pass.advance(item);
      this.maybeCompact(n);
    } catch (e) {
      this.fail('panic', `node ${n.id}: ${(e as Error).message}`);
    }
  }

  private applyReady(n: SimNode, raw: RawNode, rd: Ready): void {
    if (rd.snapshot !== undefined) {
      n.kv.restore(rd.snapshot.data, rd.snapshot.metadata.index);
      n.confState = rd.snapshot.metadata.confState;
    }
    this.applyEntries(n, raw, rd.committedEntries);
    for (const rs of rd.readStates) {
      const op = this.decodeCtx(rs.context);
      if (n.pendingReads.has(op) && (n.pendingReads.get(op) ?? 0) < 0) n.pendingReads.set(op, rs.index);
    }
    this.serveReads(n);
  }

  private applyEntries(n: SimNode, raw: RawNode, entries: readonly Entry[]): void {
    for (const e of entries) {
      if (e.index !== n.kv.applied + 1) {
        this.fail('apply-order', `node ${n.id} applied ${e.index} after ${n.kv.applied}: entries must apply once each, in log order`);
        return;
      }
      this.checker.onApply(n.id, e);
      n.kv.applied = e.index;
      if (e.type === EntryType.ConfChange) {
        n.confState = raw.applyConfChange(decodeConfChange(e.data));
        continue;
      }
      const c = decodeCommand(e.data);
      if (c === undefined) continue;
      if (c.kind === 'marker') {
        if (this.livenessMarkers.has(c.op)) this.livenessDone = true;
        n.kv.apply(c);
        continue;
      }
      if (n.kv.apply(c)) this.completePut(n, c.op);
    }
  }

  private maybeCompact(n: SimNode): void {
    const applied = n.kv.applied;
    const snapIndex = n.storage.snapshot().metadata.index;
    if (applied - snapIndex < this.params.snapshotEvery) return;
    if (applied > n.storage.lastIndex() || applied <= snapIndex) return;
    n.storage.createSnapshot(applied, n.confState, n.kv.serialize());
    // Often keep entries below the snapshot, as a store that keeps its data in
    // the log does until retention: leaders then send them as appends, and a
    // snapshot's index is well above firstIndex - 1.
    const r = this.rng.range(0, 3);
    const keep = r === 2 ? 2 * this.params.snapshotEvery : r;
    n.storage.compact(Math.max(n.storage.firstIndex(), applied - keep));
  }

  // ---- faults -----------------------------------------------------------------

  private allIds(): NodeId[] {
    return [...this.nodes.keys()];
  }

  private injectFaults(): void {
    const r = this.rng;
    const p = this.params;
    for (const n of this.nodes.values()) {
      if (n.stopped) continue;
      if (n.raw === undefined) {
        if (this.tick >= n.downUntil) this.start(n);
      } else if (r.chance(p.crashRate)) {
        // Half the crashes are quick reboots: those expose state that was
        // never made durable (e.g. a vote).
        this.crash(n, r.chance(0.5) ? 1 : r.range(3, 40));
      }
    }
    if (r.chance(p.partitionRate)) {
      const ids = this.allIds();
      switch (r.nextInt(5)) {
        case 0:
          this.net.isolate(r.pick(ids), ids);
          break;
        case 4: {
          // The classic: the leader alone on the wrong side.
          const lead = this.leader();
          if (lead !== undefined) this.net.isolate(lead.id, ids);
          break;
        }
        case 1: {
          const shuffled = r.shuffle([...ids]);
          const k = r.range(1, shuffled.length - 1);
          this.net.split(shuffled.slice(0, k), shuffled.slice(k));
          break;
        }
        case 2: {
          const a = r.pick(ids);
          const b = r.pick(ids);
          if (a !== b) this.net.cutLink(a, b); // asymmetric
          break;
        }
        default:
          this.net.heal();
      }
    }
    if (this.net.partitioned && r.chance(p.leaderChurn > 0 ? 0.1 : 0.02)) this.net.heal();
    const lead = this.leader();
    if (lead?.raw !== undefined && r.chance(p.leaderChurn)) {
      if (r.chance(0.5)) this.net.isolate(lead.id, this.allIds());
      else this.crash(lead, r.range(1, 20));
      return;
    }
    if (lead?.raw !== undefined) {
      if (r.chance(p.transferRate)) {
        const others = lead.raw.raft.trk.voters.filter((v) => v !== lead.id);
        if (others.length > 0) lead.raw.transferLeader(r.pick(others));
      }
      if (p.membership && r.chance(0.02)) this.changeMembership(lead);
    }
  }

  private changeMembership(lead: SimNode): void {
    const raw = lead.raw;
    if (raw === undefined) return;
    const { voters, learners } = raw.raft.trk;
    const r = this.rng;
    const learner = learners[0];
    if (learner !== undefined) {
      // Promote only a learner that has caught up, as an operator would.
      const pr = raw.raft.trk.progress.get(learner);
      if (pr !== undefined && pr.match + 3 >= raw.raft.raftLog.lastIndex()) {
        raw.proposeConfChange({ type: ConfChangeType.AddNode, nodeId: learner });
      }
    } else if (voters.length < 5 && this.nextId <= MAX_NODES && r.chance(0.5)) {
      const id = this.nextId++;
      this.addNode(id, new MemoryStorage());
      raw.proposeConfChange({ type: ConfChangeType.AddLearner, nodeId: id });
    } else if (voters.length > 3) {
      raw.proposeConfChange({ type: ConfChangeType.RemoveNode, nodeId: r.pick(voters) });
    }
  }

  private heal(): void {
    this.healed = true;
    this.net.heal();
    this.net.dropRate = 0;
    this.net.dupRate = 0;
    this.net.maxDelay = Math.min(this.net.maxDelay, 1);
    // Decommission nodes outside the most up-to-date configuration; restart the rest.
    let ref: SimNode | undefined;
    for (const n of this.nodes.values()) if (ref === undefined || n.kv.applied > ref.kv.applied) ref = n;
    // Keep every node some kept node still counts in its (applied) configuration:
    // a node that has not yet applied a removal needs the removed node's vote.
    const members = new Set<NodeId>();
    const keep = (cs: ConfState | undefined): void => {
      for (const id of [...(cs?.voters ?? []), ...(cs?.learners ?? [])]) {
        if (members.has(id)) continue;
        members.add(id);
        keep(this.nodes.get(id)?.confState);
      }
    };
    keep(ref?.confState);
    for (const n of this.nodes.values()) {
      if (!members.has(n.id)) {
        n.stopped = true;
        if (n.raw !== undefined) this.crash(n, 0);
      } else if (n.raw === undefined) {
        this.start(n);
      }
    }
    // With quiescence, half the time the leader dies for good: its quiesced
    // followers hear nothing more and must be woken by the failure detector.
    // Only when every kept node's configuration keeps a quorum without it.
    const lead = this.leader();
    if (this.params.quiesce && lead !== undefined && this.qrng.chance(0.5) && this.quorumWithout(lead.id, members)) {
      lead.stopped = true;
      this.crash(lead, 0);
    }
  }

  /**
   * Whether `dead` may die for good: every kept node has applied the same
   * configuration, and it keeps a majority of live voters without `dead`. (A
   * node that has not applied a removal yet counts the removed node, whose log
   * may be ahead of it: it then can win no election, and nobody else can.)
   */
  private quorumWithout(dead: NodeId, members: ReadonlySet<NodeId>): boolean {
    const key = (cs: ConfState | undefined): string => JSON.stringify([[...(cs?.voters ?? [])].sort(), [...(cs?.learners ?? [])].sort()]);
    const ref = this.nodes.get(dead)?.confState;
    for (const id of members) if (key(this.nodes.get(id)?.confState) !== key(ref)) return false;
    const voters = ref?.voters ?? [];
    return voters.filter((v) => v !== dead && members.has(v)).length >= majority(voters.length);
  }

  private livenessStep(): void {
    if (this.livenessDone) return;
    const lead = this.leader();
    if (lead?.raw === undefined) return;
    // (Re)propose a marker whenever there is a leader and the last one has not committed yet.
    if (this.livenessMarker === 0 || this.tick % ELECTION_TICK === 0) {
      this.livenessMarker = this.nextOp++;
      this.livenessMarkers.add(this.livenessMarker);
      lead.raw.propose(encodeCommand({ kind: 'marker', op: this.livenessMarker }));
    }
  }

  // ---- client workload -----------------------------------------------------------

  private workload(): void {
    const live = this.liveNodes().filter((n) => !n.stopped);
    if (live.length === 0) return;
    for (const c of this.clients) {
      if (c.op !== undefined || !this.rng.chance(0.3)) continue;
      const n = this.rng.pick(live);
      const raw = n.raw;
      if (raw === undefined) continue;
      const id = this.nextOp++;
      const key = this.rng.pick(KEYS);
      this.now++;
      if (this.rng.chance(0.5)) {
        const op: Operation = { id, key, kind: 'put', value: `v${id}`, invoke: this.now, complete: Infinity };
        this.history.push(op);
        this.track(c, op, n);
        const err = raw.propose(encodeCommand({ kind: 'put', op: id, key, value: `v${id}` }));
        // Dropped locally: certainly never appended anywhere, so it has no effect.
        if (err !== undefined) this.finish(c, false);
      } else {
        const op: Operation = { id, key, kind: 'get', value: null, invoke: this.now, complete: Infinity };
        this.track(c, op, n);
        n.pendingReads.set(id, -1);
        c.deadline = this.tick + READ_TIMEOUT;
        // No leader known: the read fails at once and the client moves on.
        if (raw.readIndex(this.encodeCtx(id)) !== undefined) this.abandon(c);
      }
      this.handleReady(n);
    }
  }

  private track(c: Client, op: Operation, n: SimNode): void {
    c.op = op;
    c.node = n.id;
    c.deadline = this.tick + OP_TIMEOUT;
    this.opsById.set(op.id, { op, client: c });
  }

  private encodeCtx(id: number): Uint8Array {
    return this.encoder.encode(String(id));
  }

  private decodeCtx(ctx: Uint8Array): number {
    let s = '';
    for (let i = 0; i < ctx.byteLength; i++) s += String.fromCharCode(ctx[i] as number);
    return Number(s);
  }

  private completePut(n: SimNode, opId: number): void {
    const t = this.opsById.get(opId);
    if (t === undefined || t.client.op !== t.op || t.client.node !== n.id) return;
    this.now++;
    t.op.complete = this.now;
    this.finish(t.client, true);
  }

  private serveReads(n: SimNode): void {
    if (n.pendingReads.size === 0) return;
    for (const [opId, idx] of n.pendingReads) {
      if (idx < 0 || n.kv.applied < idx) continue;
      n.pendingReads.delete(opId);
      const t = this.opsById.get(opId);
      if (t === undefined || t.client.op !== t.op) continue;
      this.now++;
      t.op.value = n.kv.get(t.op.key);
      t.op.complete = this.now;
      this.history.push(t.op);
      this.finish(t.client, true);
    }
  }

  private finish(c: Client, keep: boolean): void {
    const op = c.op;
    if (op === undefined) return;
    if (!keep && op.kind === 'put') {
      const i = this.history.lastIndexOf(op);
      if (i >= 0) this.history.splice(i, 1);
    }
    this.opsById.delete(op.id);
    c.op = undefined;
  }

  /** The client gives up: a put's outcome stays unknown (complete = Infinity); a get is dropped. */
  private abandon(c: Client): void {
    const op = c.op;
    if (op === undefined) return;
    this.nodes.get(c.node)?.pendingReads.delete(op.id);
    this.opsById.delete(op.id);
    c.op = undefined;
  }

  private timeoutClients(): void {
    for (const c of this.clients) if (c.op !== undefined && this.tick >= c.deadline) this.abandon(c);
  }
}

export function runSeed(opts: SimOptions): SimResult {
  return new Simulation(opts).run();
}
