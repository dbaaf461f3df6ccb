// The multi-raft host: runs every Raft group of one node (docs/architecture.md §5). One tick
// timer drives all groups; work is done in passes, each of which collects the
// Ready of every group with something to do, persists all of them in one
// LevelDB batch with one fsync (group commit), then sends their messages
// batched per peer, applies committed entries, and advances; the order and the
// rules of a pass are ReadyPass's (driver/ready-pass.ts), shared with the
// simulator. Proposals that arrive while a pass waits on the disk join the next
// pass together.
//
// Idle groups quiesce (Config.quiesce): a quiesced group is not ticked and
// sends nothing. The host keeps node-level liveness instead: it pings every
// peer it has sent nothing else every two heartbeat intervals, and when a
// peer has been silent for an election timeout (plus the heartbeat interval
// the pings are further apart than heartbeats) it wakes the quiesced groups
// that peer leads here, which forget their leader and elect another. An idle
// node's largest cost is these pings; sent half as often as heartbeats,
// with the timeout one heartbeat longer, a peer still has the slack a group's
// follower gives its leader (an election timeout less one heartbeat).
//
// A group may name its leader (GroupOptions.leader): when it is created, or
// reopened after a restart, that replica campaigns (a bounded number at a
// time) while the others hold their election clocks, so thousands of groups
// created or restarted together elect with one uncontested campaign each; see
// first-elections.ts.
import { InvalidRequestError, RateLimitedWarning, UnavailableError, silentLogger, type Logger } from '@eddy/protocol';
import type { RandomSource } from '../core/config.js';
import { ConfChangeOutcome, type ConfChangeApplied } from '../core/raft.js';
import { RawNode } from '../core/raw-node.js';
import { NONE, type ConfState, type NodeId } from '../core/types.js';
import { ReadyPass, type Outbox, type PassItem } from '../driver/ready-pass.js';
import type { GroupStorage, RaftStore } from '../storage/raft-store.js';
import type { GroupMessage, Transport } from '../transport/transport.js';
import { DEFAULT_FIRST_ELECTION_WINDOW, FirstElections } from './first-elections.js';
import { RaftGroup, type GroupHost, type GroupOptions } from './raft-group.js';

export interface RaftHostOptions {
  nodeId: NodeId;
  /** The node's Raft storage (LevelRaftStore in production). */
  store: RaftStore;
  transport: Transport;
  /** Milliseconds per logical tick. */
  tickMs?: number;
  /** Ticks without a leader before campaigning (randomised up to twice this). */
  electionTicks?: number;
  heartbeatTicks?: number;
  /**
   * Beats between node-level liveness pings to a peer this node has sent
   * nothing else (default twice heartbeatTicks). A peer is dead once silent
   * for electionTicks + pingTicks - heartbeatTicks beats: the same slack, an
   * election timeout less one heartbeat, that a group's follower allows.
   */
  pingTicks?: number;
  logger?: Logger;
  random?: RandomSource;
  /** Hooks for metrics; called synchronously, keep them cheap. */
  observer?: RaftHostObserver;
  /** Let idle groups quiesce (default true); see the top of this file. */
  quiesce?: boolean;
  /** Campaigns of new or reopened groups that name this node as leader run at most this many at a time (default 256). */
  firstElectionWindow?: number;
  /**
   * Called once when a storage write or a state machine's apply fails and the
   * host stops every group (durable state is then unknown). The process should
   * stop serving and exit, so a supervisor restarts it from what is on disk.
   */
  onFatal?(err: Error): void;
  /**
   * Asked when a pass's write fails, before the failure is fatal: resolves
   * true once the same write may be tried again (the write failed for lack of
   * space and the store can take writes again), false when the failure is
   * fatal. Until it resolves the pass waits: nothing of the failed write was
   * acknowledged, sent or applied. Absent: every failed write is fatal.
   */
  retryWrite?(err: Error, attempt: number): Promise<boolean>;
}

/** What the host reports for metrics (the host itself has no metrics library). */
export interface RaftHostObserver {
  /** A storage write finished; `synced` when it was fsynced. */
  onWrite?(seconds: number, synced: boolean, ops: number): void;
  /** This node became leader of a group (it won an election there). */
  onBecameLeader?(groupId: string, term: number): void;
}

/** Math.random-backed randomness for production (the simulator injects a seeded one). */
export const systemRandom: RandomSource = { nextInt: (bound) => Math.floor(Math.random() * bound) };

export class RaftHost implements GroupHost {
  readonly nodeId: NodeId;
  private readonly store: RaftStore;
  /** The node's network; besides Raft messages it carries log reads (transport/log-read.ts) for the applications. */
  readonly transport: Transport;
  private readonly tickMs: number;
  private readonly electionTicks: number;
  private readonly heartbeatTicks: number;
  private readonly pingTicks: number;
  /** Beats of silence after which a peer counts as dead (see pingTicks). */
  private readonly livenessTicks: number;
  private readonly logger: Logger;
  private readonly refused: RateLimitedWarning;
  private readonly random: RandomSource;
  readonly observer: RaftHostObserver | undefined;
  private readonly onFatal: ((err: Error) => void) | undefined;
  private readonly retryWrite: ((err: Error, attempt: number) => Promise<boolean>) | undefined;
  private readonly groups = new Map<string, RaftGroup<unknown>>();
  /** Groups being opened, with the state machine each will apply to (addGroup refuses another). */
  private readonly opening = new Map<string, { group: Promise<RaftGroup<unknown>>; stateMachine: unknown }>();
  private readonly dirty = new Set<RaftGroup<unknown>>();
  /** Groups that are not quiesced: the only ones ticked. */
  private readonly ticking = new Set<RaftGroup<unknown>>();
  private readonly quiesce: boolean;
  /** Node-level liveness: every peer of any group, and the tick we last heard from it. */
  private readonly peerHeard = new Map<NodeId, number>();
  private readonly deadPeers = new Set<NodeId>();
  /** Per peer: the beat in which this node last sent it anything (a message stands in for that beat's ping). */
  private readonly sentInBeat = new Map<NodeId, number>();
  /** Timer firings (wall clock), for node-level liveness. */
  private beats = 0;
  /** Logical ticks taken (at most one per pass). */
  private ticks = 0;
  readonly firstElections: FirstElections;
  /** Bootstrap writes of groups created together share one write (one fsync). */
  private bootstrapOps: unknown[] = [];
  private bootstrapWaiters: { resolve(): void; reject(e: Error): void }[] = [];
  private bootstrapWriting = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private passScheduled = false;
  private tickOwed = false;
  private passing: Promise<void> | undefined;
  /** The pass in progress (between collecting its Readys and advancing them). */
  private current: ReadyPass<RaftGroup<unknown>, unknown> | undefined;
  /** A pass waits on its write: commits learnt meanwhile are applied at once (applyEarly). */
  private writing = false;
  /** Early applies run one after another (a state machine's apply may be async). */
  private earlyApplies: Promise<void> | undefined;
  private earlyError: Error | undefined;
  private fatal: Error | undefined;
  /** Passes and fsyncs done; for metrics and tests. */
  readonly stats = { passes: 0, writes: 0, deferredCommits: 0, entriesWritten: 0, bootstrapWrites: 0, leadersForgotten: 0, earlyApplies: 0 };

  constructor(options: RaftHostOptions) {
    this.nodeId = options.nodeId;
    this.store = options.store;
    this.transport = options.transport;
    this.tickMs = options.tickMs ?? 50;
    this.electionTicks = options.electionTicks ?? 10;
    this.heartbeatTicks = options.heartbeatTicks ?? 2;
    this.pingTicks = Math.max(1, options.pingTicks ?? 2 * this.heartbeatTicks);
    this.livenessTicks = this.electionTicks + Math.max(0, this.pingTicks - this.heartbeatTicks);
    this.logger = options.logger ?? silentLogger();
    this.refused = new RateLimitedWarning(this.logger);
    this.random = options.random ?? systemRandom;
    this.observer = options.observer;
    this.onFatal = options.onFatal;
    this.retryWrite = options.retryWrite;
    this.quiesce = options.quiesce ?? true;
    this.firstElections = new FirstElections(
      {
        nodeId: this.nodeId,
        release: (g) => this.touch(g),
        campaign: (g) => g.campaign(),
      },
      this.electionTicks,
      options.firstElectionWindow ?? DEFAULT_FIRST_ELECTION_WINDOW,
    );
  }

  async start(): Promise<void> {
    await this.transport.start((from, messages) => this.receive(from, messages));
    this.running = true;
    this.timer = setInterval(() => this.onTimer(), this.tickMs);
    this.timer.unref?.();
  }

  /**
   * Opens (or creates) a group. Its state is loaded from disk before it takes
   * part. The bootstrap writes of groups created at the same time (see
   * addGroups) share one write and one fsync.
   */
  addGroup<R>(options: GroupOptions<R>): Promise<RaftGroup<R>> {
    // A group id names one application, so one R: the casts only restore the type the caller gave.
    const existing = this.groups.get(options.groupId);
    if (existing) {
      if (existing.stateMachine !== options.stateMachine) return Promise.reject(this.openedTwice(options.groupId));
      return Promise.resolve(existing as RaftGroup<R>);
    }
    const opening = this.opening.get(options.groupId);
    if (!opening) return this.startOpening(options) as Promise<RaftGroup<R>>;
    if (opening.stateMachine !== options.stateMachine) return Promise.reject(this.openedTwice(options.groupId));
    return opening.group as Promise<RaftGroup<R>>;
  }

  private startOpening<R>(options: GroupOptions<R>, loaded?: Promise<GroupStorage>): Promise<RaftGroup<unknown>> {
    const group = this.openGroup(options, loaded).finally(() => this.opening.delete(options.groupId));
    this.opening.set(options.groupId, { group, stateMachine: options.stateMachine });
    return group;
  }

  /**
   * A group applies to one state machine: a second caller with another would
   * get a group that never applies to it or tells it who leads.
   */
  private openedTwice(groupId: string): Error {
    return new Error(`raft group ${groupId} is already open on node ${this.nodeId} with another state machine; close it before opening it again`);
  }

  /** Opens (or creates) many groups at once: one read of their state, bootstrap writes batched. */
  addGroups<R>(options: readonly GroupOptions<R>[]): Promise<RaftGroup<R>[]> {
    const todo = new Map<string, GroupOptions<R>>();
    for (const o of options) if (!this.groups.has(o.groupId) && !this.opening.has(o.groupId)) todo.set(o.groupId, o);
    if (todo.size > 0) {
      const ids = [...todo.keys()];
      const loaded = this.store.openGroups(ids);
      ids.forEach((id, i) => {
        void this.startOpening(todo.get(id) as GroupOptions<R>, loaded.then((all) => all[i] as GroupStorage));
      });
    }
    return Promise.all(options.map((o) => this.addGroup(o)));
  }

  private async openGroup<R>(options: GroupOptions<R>, loaded?: Promise<GroupStorage>): Promise<RaftGroup<unknown>> {
    const join = options.join === true;
    if (!join && options.leader !== undefined && !options.voters.includes(options.leader)) {
      throw new InvalidRequestError(`raft group ${options.groupId}: the named leader ${options.leader} is not one of its voters (${options.voters.join(', ')}); name a voter or leave the leader out`);
    }
    const storage = await (loaded ?? this.store.openGroup(options.groupId));
    if (storage.isFresh && !join && options.voters.length === 0) {
      this.store.closeGroup(options.groupId);
      throw new InvalidRequestError(`raft group ${options.groupId}: a new group needs at least one voter; name its voters, or pass join: true to join a group that exists on other nodes`);
    }
    if (storage.confLost && !join && options.voters.length > 0) {
      // Its snapshot was lost to damage: start from the voters the application names, as a new
      // group would. It repairs (votes for nobody) until it holds the log again, and applying the
      // log's configuration changes (each carries the configuration it results in) or a leader's
      // snapshot brings it to the group's real configuration before then.
      const confState = { voters: options.voters, learners: options.learners ?? [] };
      const bootstrap = { snapshot: { metadata: { index: 0, term: 0, confState }, data: new Uint8Array(0) }, entries: [] };
      const ops: unknown[] = [];
      storage.stage(bootstrap, ops);
      await this.writeBootstrap(ops);
      storage.commitStaged(bootstrap);
    }
    if (storage.isFresh) {
      // Bootstrap: the initial configuration is an empty snapshot at index 0.
      // A joining replica records an empty configuration instead: it learns
      // the group's from the leader, and a reopen after a crash (even one that
      // forgets to say join) must not make up a configuration of its own.
      const confState = join ? { voters: [], learners: [] } : { voters: options.voters, learners: options.learners ?? [] };
      const bootstrap = { snapshot: { metadata: { index: 0, term: 0, confState }, data: new Uint8Array(0) }, entries: [] };
      const ops: unknown[] = [];
      storage.stage(bootstrap, ops);
      await this.writeBootstrap(ops);
      storage.commitStaged(bootstrap);
    }
    const snapshot = storage.snapshot();
    if (snapshot.metadata.index > (options.applied ?? 0) && snapshot.data.byteLength > 0) {
      // The state machine starts from the snapshot on disk; Raft replays what follows it.
      await options.stateMachine.restore?.(snapshot);
    }
    const applied = Math.max(options.applied ?? 0, storage.snapshotIndex);
    const node = new RawNode({
      id: this.nodeId,
      electionTick: this.electionTicks,
      heartbeatTick: this.heartbeatTicks,
      storage,
      random: this.random,
      applied,
      checkQuorum: true,
      preVote: true,
      quiesce: this.quiesce,
      lazyCommit: options.lazyCommit === true,
      disableProposalForwarding: true,
      // New replicas get the snapshot and copy the older log themselves (backfill), throttled.
      snapshotNewLearners: true,
      maxSizePerMsg: 1024 * 1024,
      maxInflightMsgs: 256,
      // Catch-up appends may be read from disk: bound what one follower has in flight.
      maxInflightBytes: 8 * 1024 * 1024,
    });
    const group: RaftGroup<unknown> = new RaftGroup<R>(this, options.groupId, storage, options.stateMachine, node, applied);
    this.groups.set(options.groupId, group);
    this.notePeers(group.confState);
    // New or reopened (after a restart no group knows its leader): the named
    // leader campaigns, paced; the other replicas wait for it. A whole cluster
    // restarting its groups at once would otherwise storm as new ones did.
    // (Not a replica repairing a cut log: it does not campaign, and would hold a campaign slot for nothing.)
    if (options.leader !== undefined && !(options.leader === this.nodeId && node.repairing)) this.firstElections.add(group, options.leader, this.ticks, this.deadPeers.has(options.leader));
    if (node.repairing) this.logger.warn({ group: options.groupId, repairUntil: node.repairUntil }, 'raft host: group opened repairing a cut log; it does not vote until it has committed the old end again');
    this.markDirty(group);
    return group;
  }

  /** Queues a group's bootstrap operations into the next shared write. */
  private writeBootstrap(ops: unknown[]): Promise<void> {
    return new Promise((resolve, reject) => {
      for (const op of ops) this.bootstrapOps.push(op);
      this.bootstrapWaiters.push({ resolve, reject });
      if (!this.bootstrapWriting) void this.flushBootstraps();
    });
  }

  private async flushBootstraps(): Promise<void> {
    this.bootstrapWriting = true;
    // Let the other groups being opened in this pass join the first write.
    await new Promise((r) => setImmediate(r));
    while (this.bootstrapWaiters.length > 0) {
      const ops = this.bootstrapOps;
      const waiters = this.bootstrapWaiters;
      this.bootstrapOps = [];
      this.bootstrapWaiters = [];
      try {
        await this.store.write(ops);
        this.stats.bootstrapWrites++;
        for (const w of waiters) w.resolve();
      } catch (err) {
        for (const w of waiters) w.reject(err as Error);
      }
    }
    this.bootstrapWriting = false;
  }

  /** Starts watching the liveness of a configuration's members. */
  notePeers(cs: ConfState): void {
    for (const list of [cs.voters, cs.learners]) {
      for (const id of list) if (id !== this.nodeId && !this.peerHeard.has(id)) this.peerHeard.set(id, this.beats);
    }
  }

  group(groupId: string): RaftGroup<unknown> | undefined {
    return this.groups.get(groupId);
  }

  get groupCount(): number {
    return this.groups.size;
  }

  /** Peers of this node's groups it has heard from within an election timeout. */
  livePeers(): NodeId[] {
    const out: NodeId[] = [];
    for (const peer of this.peerHeard.keys()) if (this.isLive(peer)) out.push(peer);
    return out;
  }

  /** Whether this node heard from `peer` (any message, or its node-level ping) within the liveness timeout (see pingTicks). */
  isLive(peer: NodeId): boolean {
    const heard = this.peerHeard.get(peer);
    return heard !== undefined && heard > 0 && this.beats - heard <= this.livenessTicks;
  }

  /** Groups not quiesced (ticked); 0 when every group here is idle and quiet. */
  get activeGroups(): number {
    return this.ticking.size;
  }

  /** Groups this node currently leads. */
  leaderCount(): number {
    let n = 0;
    for (const g of this.groups.values()) if (g.isLeader) n++;
    return n;
  }

  /** Stops running a group here; `destroy` also deletes its state from disk. */
  async removeGroup(groupId: string, options: { destroy?: boolean } = {}): Promise<void> {
    const g = this.groups.get(groupId);
    if (!g) return;
    this.groups.delete(groupId);
    this.dirty.delete(g);
    this.ticking.delete(g);
    g.close(new UnavailableError(`raft group ${groupId} was removed from node ${this.nodeId}`));
    await this.passing;
    this.store.closeGroup(groupId);
    if (options.destroy) await this.store.destroyGroup(groupId);
  }

  /** Compacts a group's log: snapshot `data` taken at `index`. */
  async compact(groupId: string, index: number, data: Uint8Array, options: { deleteEntries?: boolean } = {}): Promise<void> {
    const g = this.groups.get(groupId);
    if (!g) return;
    const ops: unknown[] = [];
    // The configuration in effect at `index`, which may lie below the applied one.
    g.storage.createSnapshot(index, g.confStateAt(index), data, ops);
    await this.store.write(ops);
    g.snapshotTaken(index);
    if (options.deleteEntries) await this.store.deleteEntriesBefore(groupId, index + 1);
  }

  becameLeader(group: RaftGroup<unknown>, term: number): void {
    this.observer?.onBecameLeader?.(group.groupId, term);
  }

  confChangeApplied(group: RaftGroup<unknown>, index: number, applied: ConfChangeApplied): void {
    const fields = { group: group.groupId, index, confState: applied.confState, reason: applied.reason };
    switch (applied.outcome) {
      case ConfChangeOutcome.Adopted:
        this.logger.info(fields, 'raft host: joined a group; took the configuration its conf-change entry carries');
        return;
      case ConfChangeOutcome.Mismatch:
        this.logger.warn(fields, 'raft host: a conf-change entry carries another configuration than applying it here gives; took the entry\'s');
        return;
      case ConfChangeOutcome.Ignored:
        this.logger.warn(fields, 'raft host: ignored a conf-change entry (configuration unchanged)');
        return;
      default:
        this.logger.info(fields, 'raft host: membership changed');
    }
  }

  markDirty(group: RaftGroup<unknown>): void {
    this.dirty.add(group);
    this.schedulePass();
  }

  /** Keeps the set of ticked groups in step with quiescence (call after stepping a group). */
  private touch(g: RaftGroup<unknown>): void {
    if (g.node.quiesced || g.awaitedLeader !== NONE) this.ticking.delete(g);
    else if (!g.isRemoved) this.ticking.add(g);
  }

  /**
   * Logical time advances at most one tick per pass: a tick that comes due
   * while a pass waits on the disk is owed and taken when the pass ends, and
   * further ones are dropped. A slow disk or a busy process then slows the
   * election clock instead of letting it run ahead of the messages that were
   * never processed, which would depose healthy leaders in a storm.
   */
  private onTimer(): void {
    // Node liveness runs on the wall clock (timer firings), not on Raft ticks:
    // it says whether this process answers, even while a pass waits on the disk.
    this.beats++;
    if (this.quiesce) this.checkPeers();
    if (this.passing) {
      this.tickOwed = true;
      return;
    }
    this.tick();
  }

  private tick(): void {
    this.ticks++;
    this.firstElections.onTick(this.ticks);
    for (const g of this.ticking) {
      g.node.tick();
      if (g.node.quiesced) this.ticking.delete(g);
      // Most ticks change nothing to persist or send: only those groups need the pass.
      if (g.node.hasReady()) this.dirty.add(g);
    }
    // An idle node (every group quiesced) has nothing to pass: no wake-up for it.
    if (this.dirty.size > 0) this.schedulePass();
  }

  /** Node-level liveness: ping every peer each pingTicks beats; wake the groups of a peer gone silent. */
  private checkPeers(): void {
    const ping = this.beats % this.pingTicks === 0;
    let woke = false;
    for (const [peer, heard] of this.peerHeard) {
      // Anything sent to the peer since the last ping tells it as much as a ping would.
      if (ping && (this.sentInBeat.get(peer) ?? -1) < this.beats - this.pingTicks + 1) this.transport.send(peer, []);
      if (this.beats - heard <= this.livenessTicks || this.deadPeers.has(peer)) continue;
      this.deadPeers.add(peer);
      this.logger.info({ peer }, 'raft host: peer silent past the liveness timeout; waking the groups it leads');
      for (const g of this.groups.values()) {
        if (!g.node.quiesced || g.node.raft.lead !== peer) continue;
        g.node.forgetLeader();
        this.stats.leadersForgotten++;
        this.touch(g);
        this.dirty.add(g);
        woke = true;
      }
    }
    if (woke) this.schedulePass();
  }

  private receive(from: NodeId, messages: GroupMessage[]): void {
    if (!this.running) return;
    this.peerHeard.set(from, this.beats);
    this.deadPeers.delete(from);
    let last: RaftGroup<unknown> | undefined;
    for (const { group, message } of messages) {
      const g = this.groups.get(group);
      if (!g) continue; // not (yet) hosted here; Raft retries
      if (message.to !== this.nodeId || message.from !== from) continue;
      if (message.snapshot && g.stateMachine.validateSnapshot) {
        try {
          g.stateMachine.validateSnapshot(message.snapshot.data);
        } catch (err) {
          this.refused.warn({ err, group, from }, 'raft host: dropped a snapshot its state machine cannot restore');
          continue;
        }
      }
      if (message.entries.length > 0 && g.stateMachine.validateEntries) {
        try {
          g.stateMachine.validateEntries(message.entries);
        } catch (err) {
          this.refused.warn({ err, group, from }, 'raft host: dropped an append whose entries failed their checks; the leader sends them again');
          continue;
        }
      }
      if (g.awaitedLeader !== NONE) this.firstElections.heard(g, message, this.ticks);
      try {
        g.node.step(message);
      } catch (err) {
        // A peer's message must never take the host down; the core refused it.
        this.refused.warn({ err, group, from, type: message.type }, 'raft host: dropped a message the group refused');
        continue;
      }
      this.touch(g);
      this.dirty.add(g);
      // A group's messages in one batch are consecutive: apply once after its last.
      if (this.writing && last !== undefined && last !== g) this.applyEarly(last);
      last = g;
    }
    if (this.writing && last !== undefined) this.applyEarly(last);
    if (messages.length > 0) this.schedulePass();
  }

  /**
   * While a pass waits on its write, a commit learnt from a peer (a follower's
   * acknowledgement, a leader's commit index) is applied at once instead of
   * after that write: the entries are durable here already, and the group's
   * Ready in this pass, if any, allowed it (RawNode.takeDurableCommitted).
   */
  private applyEarly(g: RaftGroup<unknown>): void {
    if (g.isRemoved) return;
    const entries = ReadyPass.takeDurableCommitted(g, this.current);
    if (entries.length === 0) return;
    this.stats.earlyApplies++;
    const run = (): Promise<void> =>
      g.applyCommitted(entries).catch((err: unknown) => {
        this.logger.error({ err, group: g.groupId }, 'raft host: state machine failed to apply');
        this.earlyError ??= err as Error;
      });
    this.earlyApplies = this.earlyApplies === undefined ? run() : this.earlyApplies.then(run);
  }

  private schedulePass(): void {
    if (this.passScheduled || !this.running) return;
    this.passScheduled = true;
    setImmediate(() => {
      this.passScheduled = false;
      if (this.passing) return; // the running pass loops until nothing is dirty
      this.passing = this.passLoop().finally(() => {
        this.passing = undefined;
      });
    });
  }

  private async passLoop(): Promise<void> {
    while (this.dirty.size > 0 && this.running) {
      try {
        await this.pass();
      } catch (err) {
        // Stopped while the pass waited (a shutdown during a write that waits for space): nothing to report.
        if (!this.running) return;
        // A failed disk write leaves durable state unknown: stop taking part
        // rather than risk acknowledging what is not durable.
        this.fatal = err as Error;
        this.logger.fatal({ err }, 'raft host: storage failure; stopping all groups');
        await this.stop();
        this.onFatal?.(this.fatal);
        return;
      }
      if (this.tickOwed && this.running) {
        this.tickOwed = false;
        this.tick();
      }
    }
  }

  /** One pass over the dirty groups, as ReadyPass lays it out (driver/ready-pass.ts). */
  private async pass(): Promise<void> {
    for (const g of this.dirty) {
      g.flushProposals();
      this.touch(g); // a proposal, read, transfer or campaign wakes a quiesced group
    }
    const pass = ReadyPass.collect<RaftGroup<unknown>, unknown>(this.dirty);
    this.dirty.clear();
    if (pass === undefined) return;
    this.stats.passes++;
    this.current = pass;
    try {
      await this.runPass(pass);
    } finally {
      this.current = undefined;
    }
  }

  private async runPass(pass: ReadyPass<RaftGroup<unknown>, unknown>): Promise<void> {
    this.sendAll(pass.earlyOutbox());
    const ops = pass.stage();
    this.stats.deferredCommits += pass.deferredCommits;
    this.stats.entriesWritten += pass.entriesWritten;
    const write = ops.length > 0 ? this.write(ops) : undefined;
    write?.catch(() => undefined); // awaited below; an apply that throws first must not leave it unhandled
    for (const item of pass.applyBeforePersist()) await this.apply(item);
    pass.writing();
    if (write) {
      this.writing = true;
      try {
        await write;
      } finally {
        this.writing = false;
      }
    }
    if (this.earlyApplies !== undefined) {
      await this.earlyApplies;
      this.earlyApplies = undefined;
      if (this.earlyError) throw this.earlyError;
    }
    this.sendAll(pass.persisted());
    for (const { g, rd } of pass.items) {
      const last = rd.entries[rd.entries.length - 1];
      if (last !== undefined) g.entriesDurable(last.index);
      if (rd.repaired) this.logger.info({ group: g.groupId, commit: rd.hardState?.commit }, 'raft host: group repaired: it holds again everything it may have acknowledged and votes again');
    }
    for (const item of pass.items) {
      if (ReadyPass.appliesAfterPersist(item)) await this.apply(item);
      if (pass.advance(item)) this.dirty.add(item.g);
    }
  }

  private async write(ops: unknown[]): Promise<void> {
    const started = performance.now();
    for (let attempt = 1; ; attempt++) {
      try {
        await this.store.write(ops);
        break;
      } catch (err) {
        // The same operations again, whole (puts and deletes of this pass only,
        // so writing them twice changes nothing), once the owner says the store
        // can take them; otherwise the failure is fatal (passLoop).
        if (!this.retryWrite || !this.running || !(await this.retryWrite(err as Error, attempt)) || !this.running) throw err;
      }
    }
    this.observer?.onWrite?.((performance.now() - started) / 1000, this.store.fsync, ops.length);
    this.stats.writes++;
  }

  private async apply({ g, rd }: PassItem<RaftGroup<unknown>>): Promise<void> {
    try {
      await g.applyReady(rd);
    } catch (err) {
      this.logger.error({ err, group: g.groupId }, 'raft host: state machine failed to apply');
      throw err;
    }
  }

  /** One transport message per peer, for all groups. */
  private sendAll(outbox: Outbox): void {
    for (const [to, list] of outbox) {
      this.transport.send(to, list);
      this.sentInBeat.set(to, this.beats);
    }
  }

  /** Stops ticking and processing; fails outstanding proposals. Does not close the store. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    const err = this.fatal ?? new UnavailableError(`node ${this.nodeId} is shutting down`);
    for (const g of this.groups.values()) g.close(err);
    await this.transport.close();
  }
}
