// The multi-raft host: runs every Raft group of one node (docs/architecture.md §5). One tick
// timer drives all groups; work is done in passes, each of which collects the
// Ready of every group with something to do, persists all of them in one
// LevelDB batch with one fsync (group commit), then sends their messages
// batched per peer, applies committed entries, and advances. Proposals that
// arrive while a pass waits on the disk join the next pass together.
//
// Idle groups quiesce (Config.quiesce): a quiesced group is not ticked and
// sends nothing. The host keeps node-level liveness instead: it pings every
// peer each heartbeat interval, and when a peer has been silent for an
// election timeout it wakes the quiesced groups that peer leads here, which
// forget their leader and elect another.
//
// A group may name its leader (GroupOptions.leader): when it is created, or
// reopened after a restart, that replica campaigns (a bounded number at a
// time) while the others hold their election clocks, so thousands of groups
// created or restarted together elect with one uncontested campaign each; see
// first-elections.ts.
import { InvalidRequestError, NotLeaderError, RateLimitedWarning, UnavailableError, TimeoutError, silentLogger, type Logger } from '@eddy/protocol';
import { decodeConfChange } from '../core/conf-change.js';
import type { RandomSource } from '../core/config.js';
import type { Ready } from '../core/raw-node.js';
import { RawNode } from '../core/raw-node.js';
import { EntryType, NONE, StateType, type ConfChange, type ConfState, type Entry, type NodeId, type Snapshot } from '../core/types.js';
import type { BatchOp, LevelGroupStorage, LevelRaftStore } from '../storage/level-raft-store.js';
import type { GroupMessage, Transport } from '../transport/transport.js';
import { DEFAULT_FIRST_ELECTION_WINDOW, FirstElections } from './first-elections.js';

export interface RaftHostOptions {
  nodeId: NodeId;
  store: LevelRaftStore;
  transport: Transport;
  /** Milliseconds per logical tick. */
  tickMs?: number;
  /** Ticks without a leader before campaigning (randomised up to twice this). */
  electionTicks?: number;
  heartbeatTicks?: number;
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
}

/** What the host reports for metrics (the host itself has no metrics library). */
export interface RaftHostObserver {
  /** A storage write finished; `synced` when it was fsynced. */
  onWrite?(seconds: number, synced: boolean, ops: number): void;
  /** This node became leader of a group (it won an election there). */
  onBecameLeader?(groupId: string, term: number): void;
}

/** What a group's application does with committed entries. */
export interface StateMachine {
  /**
   * Applies committed normal entries, in log order, exactly once per process
   * life (after a restart, entries after `applied` are delivered again). Empty
   * entries (a new leader's no-op) are included; ignore them.
   */
  apply(entries: readonly Entry[]): void | Promise<void>;
  /** Replaces the state with a snapshot received from the leader. */
  restore?(snapshot: Snapshot): void | Promise<void>;
  /**
   * Throws when snapshot data from a peer could not be restored. Checked
   * before Raft sees the snapshot: one installed and then found unreadable
   * would fail the node on every restart.
   */
  validateSnapshot?(data: Uint8Array): void;
  /** Called when this node learns of a new leader or term. */
  onLeaderChange?(leaderId: NodeId, term: number): void;
}

export interface GroupOptions {
  groupId: string;
  /** Voters of a brand-new group; ignored when the group already has state on disk. */
  voters: NodeId[];
  learners?: NodeId[];
  stateMachine: StateMachine;
  /** Highest index the application had already applied before this start (0: replay everything after the snapshot). */
  applied?: number;
  /**
   * The leader of the group (one of `voters`) when it is created or reopened
   * here: it campaigns at once, and the other replicas wait for it (see the
   * top of this file). Without it, every replica runs a randomized election
   * clock.
   */
  leader?: NodeId;
}

export interface ProposeResult {
  index: number;
  term: number;
}

interface PendingProposal extends ProposeResult {
  resolve(r: ProposeResult): void;
  reject(e: Error): void;
}

interface PendingRead {
  index: number; // -1 until the leader confirmed it
  resolve(): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

/** Math.random-backed randomness for production (the simulator injects a seeded one). */
export const systemRandom: RandomSource = { nextInt: (bound) => Math.floor(Math.random() * bound) };

export class RaftGroup {
  readonly node: RawNode;
  private queued: Uint8Array[] = [];
  private queuedWaiters: { resolve(r: ProposeResult): void; reject(e: Error): void }[] = [];
  // Allocated on first use: an idle group holds neither.
  private proposalMap: Map<number, PendingProposal> | undefined;
  private readMap: Map<string, PendingRead> | undefined;
  private readSeq = 0;
  private leader: NodeId = NONE;
  private currentTerm = 0;
  private appliedIndex: number;
  private removed = false;
  /** The group's named leader while this replica holds its election clock (NONE: not holding); see first-elections.ts. */
  awaitedLeader: NodeId = NONE;
  confState: ConfState;

  constructor(
    private readonly host: RaftHost,
    readonly groupId: string,
    readonly storage: LevelGroupStorage,
    readonly stateMachine: StateMachine,
    node: RawNode,
    applied: number,
  ) {
    this.node = node;
    this.appliedIndex = applied;
    this.confState = storage.initialState().confState;
    this.currentTerm = storage.durableHardState.term;
  }

  private get proposals(): Map<number, PendingProposal> {
    return (this.proposalMap ??= new Map());
  }

  private get reads(): Map<string, PendingRead> {
    return (this.readMap ??= new Map());
  }

  get isRemoved(): boolean {
    return this.removed;
  }

  get leaderId(): NodeId {
    return this.leader;
  }

  get term(): number {
    return this.currentTerm;
  }

  get isLeader(): boolean {
    return this.node.isLeader;
  }

  get applied(): number {
    return this.appliedIndex;
  }

  get commitIndex(): number {
    return this.node.raft.raftLog.committed;
  }

  /**
   * Appends data to the group's log. Resolves with its index and term once the
   * entry is committed (durable on a majority) and applied here; rejects with
   * NOT_LEADER when this node does not lead, and UNAVAILABLE when leadership
   * was lost before the entry committed (its fate is then unknown).
   */
  propose(data: Uint8Array): Promise<ProposeResult> {
    if (this.removed) return Promise.reject(new UnavailableError(`raft group ${this.groupId} was removed from this node`));
    if (!this.node.isLeader) return Promise.reject(this.notLeader());
    return new Promise((resolve, reject) => {
      this.queued.push(data);
      this.queuedWaiters.push({ resolve, reject });
      this.host.markDirty(this);
    });
  }

  /** Proposes a membership change; resolves once it is applied. */
  proposeConfChange(cc: ConfChange): Promise<void> {
    if (!this.node.isLeader) return Promise.reject(this.notLeader());
    const err = this.node.proposeConfChange(cc);
    if (err) return Promise.reject(new UnavailableError(`raft group ${this.groupId}: conf change dropped (${String(err)})`));
    const index = this.node.raft.raftLog.lastIndex();
    const term = this.node.raft.term;
    this.host.markDirty(this);
    return new Promise((resolve, reject) => this.proposals.set(index, { index, term, resolve: () => resolve(), reject }));
  }

  /** Whether the host heard from this peer within an election timeout (see RaftHost.isLive). */
  isPeerLive(peer: NodeId): boolean {
    return this.host.isLive(peer);
  }

  /** Hands leadership to another voter (TimeoutNow); the caller watches `leaderId` for the outcome. */
  transferLeadership(to: NodeId): void {
    this.node.transferLeader(to);
    this.host.markDirty(this);
  }

  /** Starts an election now (used to speed up a fresh single-voter group). */
  campaign(): void {
    this.awaitedLeader = NONE;
    this.node.campaign();
    this.host.markDirty(this);
  }

  /**
   * A linearizable read barrier (ReadIndex): resolves once this node has applied
   * everything committed before the call, as confirmed by a quorum.
   */
  readBarrier(timeoutMs = 5000): Promise<void> {
    if (!this.node.isLeader) return Promise.reject(this.notLeader());
    const ctx = `${this.host.nodeId}:${++this.readSeq}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reads.delete(ctx);
        reject(new TimeoutError(`raft group ${this.groupId}: read barrier not confirmed within ${timeoutMs} ms`));
      }, timeoutMs);
      this.reads.set(ctx, { index: -1, resolve, reject, timer });
      this.node.readIndex(Buffer.from(ctx));
      this.host.markDirty(this);
    });
  }

  /** Moves queued proposals into the log as one batch. */
  flushProposals(): void {
    if (this.queued.length === 0) return;
    const datas = this.queued;
    const waiters = this.queuedWaiters;
    this.queued = [];
    this.queuedWaiters = [];
    if (!this.node.isLeader) {
      const err = this.notLeader();
      for (const w of waiters) w.reject(err);
      return;
    }
    const before = this.node.raft.raftLog.lastIndex();
    const err = this.node.proposeBatch(datas);
    const after = this.node.raft.raftLog.lastIndex();
    if (err || after - before !== datas.length) {
      const e = new UnavailableError(`raft group ${this.groupId}: proposal dropped${err ? ` (${String(err)})` : ''}; retry`);
      for (const w of waiters) w.reject(e);
      return;
    }
    const term = this.node.raft.term;
    waiters.forEach((w, i) => this.proposals.set(before + 1 + i, { index: before + 1 + i, term, resolve: w.resolve, reject: w.reject }));
  }

  /** Applies a Ready's snapshot, committed entries and confirmed reads (after its writes are durable). */
  async applyReady(rd: Ready): Promise<void> {
    if (rd.softState || rd.hardState) {
      const lead = rd.softState?.lead ?? this.leader;
      const term = rd.hardState?.term ?? this.currentTerm;
      if (lead !== this.leader || term !== this.currentTerm) {
        this.leader = lead;
        this.currentTerm = term;
        if (rd.softState && rd.softState.state !== StateType.Leader) this.failReads(this.notLeader());
        if (rd.softState?.state === StateType.Leader) this.host.observer?.onBecameLeader?.(this.groupId, term);
        this.stateMachine.onLeaderChange?.(lead, term);
      }
    }
    if (rd.snapshot && rd.snapshot.metadata.index > this.appliedIndex) {
      await this.stateMachine.restore?.(rd.snapshot);
      this.confState = rd.snapshot.metadata.confState;
      this.host.notePeers(this.confState);
      this.appliedIndex = rd.snapshot.metadata.index;
      this.settleProposalsUpTo(this.appliedIndex, undefined);
    }
    if (rd.committedEntries.length > 0) {
      const normal: Entry[] = [];
      for (const e of rd.committedEntries) {
        if (e.index <= this.appliedIndex) continue;
        if (e.type === EntryType.ConfChange) {
          if (normal.length > 0) await this.applyNormal(normal.splice(0));
          this.confState = this.node.applyConfChange(decodeConfChange(e.data));
          this.host.notePeers(this.confState);
          this.appliedIndex = e.index;
          this.settleProposalsUpTo(e.index, e);
        } else {
          normal.push(e);
        }
      }
      if (normal.length > 0) await this.applyNormal(normal);
    }
    for (const rs of rd.readStates) {
      const read = this.readMap?.get(Buffer.from(rs.context).toString());
      if (read) read.index = rs.index;
    }
    this.settleReads();
  }

  /** Applies committed entries handed out outside the Ready cycle (RawNode.takeDurableCommitted). */
  async applyCommitted(entries: readonly Entry[]): Promise<void> {
    await this.applyNormal(entries.filter((e) => e.index > this.appliedIndex));
    this.settleReads();
  }

  private async applyNormal(entries: Entry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.stateMachine.apply(entries);
    for (const e of entries) this.settleProposalsUpTo(e.index, e);
    this.appliedIndex = (entries[entries.length - 1] as Entry).index;
  }

  /** A proposal at an applied index either made it (same term) or was overwritten by another leader. */
  private settleProposalsUpTo(index: number, entry: Entry | undefined): void {
    if (this.proposalMap === undefined || this.proposalMap.size === 0) return;
    for (const [i, p] of this.proposals) {
      if (i > index) continue;
      this.proposals.delete(i);
      if (entry && i === entry.index && entry.term === p.term) p.resolve({ index: p.index, term: p.term });
      else p.reject(new UnavailableError(`raft group ${this.groupId}: leadership changed before entry ${i} committed; it was not written`));
    }
  }

  private settleReads(): void {
    if (this.readMap === undefined) return;
    for (const [ctx, r] of this.readMap) {
      if (r.index >= 0 && r.index <= this.appliedIndex) {
        this.reads.delete(ctx);
        clearTimeout(r.timer);
        r.resolve();
      }
    }
  }

  private failReads(err: Error): void {
    if (this.readMap === undefined) return;
    for (const r of this.readMap.values()) {
      clearTimeout(r.timer);
      r.reject(err);
    }
    this.reads.clear();
  }

  notLeader(): NotLeaderError {
    const leaderId = this.leader === NONE ? undefined : this.leader;
    return new NotLeaderError(
      `node ${this.host.nodeId} does not lead raft group ${this.groupId}${leaderId ? `; node ${leaderId} does` : '; no leader is known yet'}`,
      leaderId === undefined ? {} : { details: { leaderId } },
    );
  }

  /** Fails everything outstanding (group removed or host stopping). */
  close(err: Error): void {
    this.removed = true;
    for (const w of this.queuedWaiters) w.reject(err);
    this.queued = [];
    this.queuedWaiters = [];
    for (const p of this.proposalMap?.values() ?? []) p.reject(err);
    this.proposalMap?.clear();
    this.failReads(err);
  }
}

export class RaftHost {
  readonly nodeId: NodeId;
  private readonly store: LevelRaftStore;
  private readonly transport: Transport;
  private readonly tickMs: number;
  private readonly electionTicks: number;
  private readonly heartbeatTicks: number;
  private readonly logger: Logger;
  private readonly refused: RateLimitedWarning;
  private readonly random: RandomSource;
  readonly observer: RaftHostObserver | undefined;
  private readonly onFatal: ((err: Error) => void) | undefined;
  private readonly groups = new Map<string, RaftGroup>();
  private readonly opening = new Map<string, Promise<RaftGroup>>();
  private readonly dirty = new Set<RaftGroup>();
  /** Groups that are not quiesced: the only ones ticked. */
  private readonly ticking = new Set<RaftGroup>();
  private readonly quiesce: boolean;
  /** Node-level liveness: every peer of any group, and the tick we last heard from it. */
  private readonly peerHeard = new Map<NodeId, number>();
  private readonly deadPeers = new Set<NodeId>();
  /** Timer firings (wall clock), for node-level liveness. */
  private beats = 0;
  /** Logical ticks taken (at most one per pass). */
  private ticks = 0;
  readonly firstElections: FirstElections;
  /** Bootstrap writes of groups created together share one write (one fsync). */
  private bootstrapOps: BatchOp[] = [];
  private bootstrapWaiters: { resolve(): void; reject(e: Error): void }[] = [];
  private bootstrapWriting = false;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private passScheduled = false;
  private tickOwed = false;
  private passing: Promise<void> | undefined;
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
    this.logger = options.logger ?? silentLogger();
    this.refused = new RateLimitedWarning(this.logger);
    this.random = options.random ?? systemRandom;
    this.observer = options.observer;
    this.onFatal = options.onFatal;
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
  addGroup(options: GroupOptions): Promise<RaftGroup> {
    const existing = this.groups.get(options.groupId);
    if (existing) return Promise.resolve(existing);
    let p = this.opening.get(options.groupId);
    if (!p) {
      p = this.openGroup(options).finally(() => this.opening.delete(options.groupId));
      this.opening.set(options.groupId, p);
    }
    return p;
  }

  /** Opens (or creates) many groups at once: one read of their state, bootstrap writes batched. */
  addGroups(options: readonly GroupOptions[]): Promise<RaftGroup[]> {
    const todo = new Map<string, GroupOptions>();
    for (const o of options) if (!this.groups.has(o.groupId) && !this.opening.has(o.groupId)) todo.set(o.groupId, o);
    if (todo.size > 0) {
      const ids = [...todo.keys()];
      const loaded = this.store.openGroups(ids);
      ids.forEach((id, i) => {
        const p = this.openGroup(todo.get(id) as GroupOptions, loaded.then((all) => all[i] as LevelGroupStorage)).finally(() => this.opening.delete(id));
        this.opening.set(id, p);
      });
    }
    return Promise.all(options.map((o) => this.addGroup(o)));
  }

  private async openGroup(options: GroupOptions, loaded?: Promise<LevelGroupStorage>): Promise<RaftGroup> {
    if (options.leader !== undefined && !options.voters.includes(options.leader)) {
      throw new InvalidRequestError(`raft group ${options.groupId}: the named leader ${options.leader} is not one of its voters (${options.voters.join(', ')}); name a voter or leave the leader out`);
    }
    const storage = await (loaded ?? this.store.openGroup(options.groupId));
    const isNew = storage.lastIndex() === 0 && storage.durableHardState.term === 0 && storage.initialState().confState.voters.length === 0;
    if (isNew) {
      // Bootstrap: the initial configuration is an empty snapshot at index 0.
      const bootstrap = { snapshot: { metadata: { index: 0, term: 0, confState: { voters: options.voters, learners: options.learners ?? [] } }, data: new Uint8Array(0) }, entries: [] };
      const ops: BatchOp[] = [];
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
      disableProposalForwarding: true,
      maxSizePerMsg: 1024 * 1024,
      maxInflightMsgs: 256,
      // Catch-up appends may be read from disk: bound what one follower has in flight.
      maxInflightBytes: 8 * 1024 * 1024,
    });
    const group = new RaftGroup(this, options.groupId, storage, options.stateMachine, node, applied);
    this.groups.set(options.groupId, group);
    this.notePeers(group.confState);
    // New or reopened (after a restart no group knows its leader): the named
    // leader campaigns, paced; the other replicas wait for it. A whole cluster
    // restarting its groups at once would otherwise storm as new ones did.
    if (options.leader !== undefined) this.firstElections.add(group, options.leader, this.ticks, this.deadPeers.has(options.leader));
    this.markDirty(group);
    return group;
  }

  /** Queues a group's bootstrap operations into the next shared write. */
  private writeBootstrap(ops: BatchOp[]): Promise<void> {
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

  group(groupId: string): RaftGroup | undefined {
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

  /** Whether this node heard from `peer` (any message, or its node-level ping) within an election timeout. */
  isLive(peer: NodeId): boolean {
    const heard = this.peerHeard.get(peer);
    return heard !== undefined && heard > 0 && this.beats - heard <= this.electionTicks;
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
    const ops: BatchOp[] = [];
    g.storage.createSnapshot(index, g.confState, data, ops);
    await this.store.write(ops);
    if (options.deleteEntries) await this.store.deleteEntriesBefore(groupId, index + 1);
  }

  markDirty(group: RaftGroup): void {
    this.dirty.add(group);
    this.schedulePass();
  }

  /** Keeps the set of ticked groups in step with quiescence (call after stepping a group). */
  private touch(g: RaftGroup): void {
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
    this.schedulePass();
  }

  /** Node-level liveness: ping every peer each heartbeat interval; wake the groups of a peer gone silent. */
  private checkPeers(): void {
    const ping = this.beats % this.heartbeatTicks === 0;
    let woke = false;
    for (const [peer, heard] of this.peerHeard) {
      if (ping) this.transport.send(peer, []);
      if (this.beats - heard <= this.electionTicks || this.deadPeers.has(peer)) continue;
      this.deadPeers.add(peer);
      this.logger.info({ peer }, 'raft host: peer silent for an election timeout; waking the groups it leads');
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
    let last: RaftGroup | undefined;
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
  private applyEarly(g: RaftGroup): void {
    if (g.isRemoved) return;
    const entries = g.node.takeDurableCommitted();
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

  private async pass(): Promise<void> {
    const work: { g: RaftGroup; rd: Ready }[] = [];
    for (const g of this.dirty) {
      g.flushProposals();
      this.touch(g); // a proposal, read, transfer or campaign wakes a quiesced group
      if (g.node.hasReady()) work.push({ g, rd: g.node.ready() });
    }
    this.dirty.clear();
    if (work.length === 0) return;
    this.stats.passes++;

    // A leader's appends go out before its own write: its followers' fsyncs
    // overlap its own, and it counts its copy only once durable (advance()).
    this.sendAll(work, 'earlyMessages');

    // One fsynced write for every group that needs one. A Ready that only
    // moves the commit index writes nothing now: the group's next write
    // carries it (LevelGroupStorage.mustSync says why that is safe).
    const ops: BatchOp[] = [];
    for (const { g, rd } of work) {
      if (!g.storage.mustSync(rd)) {
        if (rd.hardState !== undefined) {
          g.storage.deferHardState(rd.hardState);
          this.stats.deferredCommits++;
        }
        continue;
      }
      g.storage.stage(rd, ops);
      this.stats.entriesWritten += rd.entries.length;
    }
    const write = ops.length > 0 ? this.write(ops) : undefined;
    // Committed entries already durable here are applied while the write runs
    // (a commit waits for the write of the entries that follow it no more).
    write?.catch(() => undefined); // awaited below; an apply that throws first must not leave it unhandled
    for (const { g, rd } of work) if (rd.mayApplyBeforePersist) await this.apply(g, rd);
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
    for (const { g, rd } of work) g.storage.commitStaged(rd);

    this.sendAll(work, 'messages');

    for (const { g, rd } of work) {
      if (!rd.mayApplyBeforePersist) await this.apply(g, rd);
      g.node.advance();
      if (g.node.hasReady()) this.dirty.add(g);
    }
  }

  private async write(ops: BatchOp[]): Promise<void> {
    const started = performance.now();
    await this.store.write(ops);
    this.observer?.onWrite?.((performance.now() - started) / 1000, this.store.fsync, ops.length);
    this.stats.writes++;
  }

  private async apply(g: RaftGroup, rd: Ready): Promise<void> {
    try {
      await g.applyReady(rd);
    } catch (err) {
      this.logger.error({ err, group: g.groupId }, 'raft host: state machine failed to apply');
      throw err;
    }
  }

  /** Sends one kind of the passes' messages, one transport message per peer for all groups. */
  private sendAll(work: readonly { g: RaftGroup; rd: Ready }[], kind: 'earlyMessages' | 'messages'): void {
    const outbox = new Map<NodeId, GroupMessage[]>();
    for (const { g, rd } of work) {
      for (const message of rd[kind]) {
        let list = outbox.get(message.to);
        if (!list) outbox.set(message.to, (list = []));
        list.push({ group: g.groupId, message });
      }
    }
    for (const [to, list] of outbox) this.transport.send(to, list);
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
