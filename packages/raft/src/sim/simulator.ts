// One deterministic simulation run: a seeded cluster of RawNodes over the
// simulated network with crashes (losing all volatile state), restarts from
// durable storage, partitions, membership changes, leader transfers, log
// compaction and a key-value client workload; safety checked after every
// Ready, liveness after the faults stop, linearizability of the client
// history at the end. Everything derives from the seed: same seed, same run.

import { confStateEqual } from '../core/conf-change.js';
import { knobsFor, type TestingKnobs } from '../core/config.js';
import { MemoryStorage } from '../core/memory-storage.js';
import { ConfChangeOutcome } from '../core/raft.js';
import { RawNode, type Ready } from '../core/raw-node.js';
import { ReadyPass, type Outbox, type PassGroup } from '../driver/ready-pass.js';
import { EntryType, MessageType, NONE, StateType, type ConfState, type Entry, type Message, type NodeId } from '../core/types.js';
import { SafetyChecker, type Violation } from './checkers.js';
import { decodeCommand, KvStore } from './kv.js';
import { Faults } from './faults.js';
import { CHURN_PARAMS, ELECTION_TICK, HEARTBEAT_TICK, SimProfile, type SimOptions, type SimParams, type SimResult } from './params.js';
import type { SimNode, SimWorld } from './sim-node.js';
import { Workload } from './workload.js';
import { checkLinearizable } from './linearizability.js';
import { MemoryLog, type SimWrite } from './memory-log.js';
import { Network } from './network.js';
import { Prng } from './prng.js';

export class Simulation {
  private readonly rng: Prng;
  private readonly net: Network;
  private readonly checker = new SafetyChecker();
  private readonly nodes = new Map<NodeId, SimNode>();
  private readonly knobs: TestingKnobs;
  readonly params: SimParams;
  readonly profile: SimProfile;
  private tick = 0;
  /** Randomness of quiescence alone, so the other choices of every seed stay as they were. */
  private readonly qrng: Prng;
  /** Randomness of suffix loss alone, likewise. */
  private readonly lrng: Prng;
  private readonly faults: Faults;
  private readonly load: Workload;
  /** heard.get(n).get(p): the last tick node n heard from node p (node-level liveness). */
  private readonly heard = new Map<NodeId, Map<NodeId, number>>();
  private quiescedTicks = 0;
  private leadersForgotten = 0;

  constructor(private readonly opts: SimOptions) {
    this.rng = new Prng(opts.seed);
    this.knobs = knobsFor(opts.bug);
    this.qrng = new Prng((opts.seed ^ 0x5bd1e995) >>> 0);
    this.lrng = new Prng((opts.seed ^ 0x3c6ef372) >>> 0);
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
      suffixLoss: this.lrng.chance(0.5),
      lazyCommit: new Prng((opts.seed ^ 0x165667b1) >>> 0).chance(0.5),
      ...(this.profile === SimProfile.Churn ? CHURN_PARAMS : {}),
      ...opts.params,
    };
    const voters = this.params.voters;
    this.net = new Network(this.rng.fork());
    const world = this.world();
    this.load = new Workload(world);
    this.net.dropRate = this.params.dropRate;
    this.net.dupRate = this.params.dupRate;
    this.net.maxDelay = this.params.maxDelay;
    const initial: NodeId[] = [];
    for (let i = 1; i <= voters; i++) initial.push(i);
    const cs: ConfState = { voters: initial, learners: [] };
    // Half the runs bootstrap as a host does, with the configuration in a
    // snapshot at index 0 that no joiner ever receives: a joiner then learns
    // the configuration from the entries it is sent from index 1. (Own
    // generator, so the other choices of every seed stay as they were.)
    const bootstrapAtZero = new Prng((opts.seed ^ 0x165667b1) >>> 0).chance(0.5);
    for (const id of initial) {
      const storage = new MemoryStorage(cs);
      if (!bootstrapAtZero) {
        // Every initial member starts from the same snapshot at index 1
        // holding the initial configuration (so joiners learn it by snapshot).
        storage.applySnapshot({ metadata: { index: 1, term: 1, confState: cs }, data: new KvStore().serialize() });
        storage.setHardState({ term: 1, vote: 0, commit: 1 });
      }
      this.addNode(id, storage);
    }
    this.faults = new Faults(world, voters + 1);
  }

  /** What fault injection and the workload see of the run. */
  private world(): SimWorld {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const sim = this;
    return {
      rng: this.rng,
      qrng: this.qrng,
      lrng: this.lrng,
      net: this.net,
      params: this.params,
      nodes: this.nodes,
      get tick() {
        return sim.tick;
      },
      liveNodes: () => this.liveNodes(),
      leader: () => this.leader(),
      start: (n) => this.start(n),
      crash: (n, downFor) => this.crash(n, downFor),
      addNode: (id, storage) => this.addNode(id, storage),
      handleReady: (n) => this.handleReady(n),
    };
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
      lazyCommit: this.params.lazyCommit,
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
    this.load.abandonAt(n.id);
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
        this.faults.inject();
        this.load.step();
      } else if (!this.faults.healed) {
        this.faults.heal();
      } else {
        this.load.livenessStep();
        if (this.load.livenessDone && end > this.tick + 40) end = this.tick + 40; // let outstanding ops finish
      }
      this.tickNodes();
      this.deliver();
      this.load.timeoutClients();
      if (this.tick % 25 === 0) this.checker.checkLogMatching([...this.nodes.values()]);
      if (this.checker.violations.length > 0) break;
    }
    let repairBlocked = false;
    if (this.checker.violations.length === 0 && !this.load.livenessDone) {
      if (this.repairBlocksElections()) repairBlocked = true;
      else this.fail('liveness', `no leader elected and proposal committed within ${livenessTicks} ticks after healing`);
    }
    this.checker.checkLogMatching([...this.nodes.values()]);
    this.load.abandonAll();
    let inconclusive = false;
    if (this.checker.violations.length === 0) {
      const lin = checkLinearizable(this.load.history);
      if (!lin.ok) this.fail('linearizability', `history for key ${lin.key ?? '?'} is not linearizable`);
      inconclusive = lin.inconclusive === true;
    }
    return {
      seed: this.opts.seed,
      violations: this.checker.violations,
      ticks: this.tick,
      operations: this.load.history.length,
      completedOperations: this.load.history.filter((o) => o.complete !== Infinity).length,
      maxCommitted: this.checker.maxCommitted,
      leaderTerms: this.checker.leaderCount(),
      messages: this.net.sent,
      linearizabilityInconclusive: inconclusive,
      quiescedTicks: this.quiescedTicks,
      leadersForgotten: this.leadersForgotten,
      suffixLosses: this.faults.suffixLosses,
      repairBlocked,
      params: this.params,
      profile: this.profile,
    };
  }

  /**
   * A known limit, not a bug: a repairing voter refuses every vote, and while
   * the live nodes disagree on the configuration (a change committed but not
   * applied everywhere) the voters left may be unable to elect anyone — e.g.
   * the most up-to-date node applied its own removal and never campaigns,
   * and the others need its vote or the repairing one's. No node can know
   * whether the entries the repairing one lost were committed, so nobody may
   * be elected without it; the group waits for an operator.
   */
  private repairBlocksElections(): boolean {
    const live = this.liveNodes();
    if (!live.some((n) => n.raw?.raft.repairing === true)) return false;
    const first = live[0]?.confState;
    return first !== undefined && live.some((n) => !confStateEqual(n.confState, first));
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
      this.load.now++;
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
    this.load.now++;
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
      this.load.serveReads(n);
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
      if (!this.faults.healed && this.rng.chance(this.params.crashRate * 0.1)) {
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
          if (t !== undefined) this.checker.onLeaderCommit(rd.hardState.commit, t, raw.raft.commitVoters, raw.raft.commitVotersOutgoing);
        }
      }
      n.durableCommit = rd.hardState.commit;
    }
    if (raw.raft.state === StateType.Leader) this.checker.onLeader(n.id, raw.raft.term, raw.raft.raftLog);
    this.checker.checkDurableCommit((id) => this.nodes.get(id)?.storage);
    // A crash right after the fsync, before anything is sent.
    if (!this.faults.healed && this.rng.chance(this.params.crashRate * 0.1)) {
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
      const op = this.load.decodeCtx(rs.context);
      if (n.pendingReads.has(op) && (n.pendingReads.get(op) ?? 0) < 0) n.pendingReads.set(op, rs.index);
    }
    this.load.serveReads(n);
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
        const applied = raw.applyConfChangeEntry(e.data);
        n.confState = applied.confState;
        // Every entry here was written by a leader, and every snapshot records
        // the configuration at its own index: anything but a plain apply (or
        // a joiner adopting the configuration) is a bug.
        if (applied.outcome === ConfChangeOutcome.Mismatch || applied.outcome === ConfChangeOutcome.Ignored) {
          this.fail('conf-change', `node ${n.id} entry ${e.index}: ${applied.outcome}: ${applied.reason ?? ''}`);
          return;
        }
        continue;
      }
      const c = decodeCommand(e.data);
      if (c === undefined) continue;
      if (c.kind === 'marker') {
        this.load.onMarker(c.op);
        n.kv.apply(c);
        continue;
      }
      if (n.kv.apply(c)) this.load.completePut(n, c.op);
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

}

export function runSeed(opts: SimOptions): SimResult {
  return new Simulation(opts).run();
}
