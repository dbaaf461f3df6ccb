// One Raft group as its application sees it (docs/architecture.md §5):
// proposals, membership changes, linearizable reads, leadership, and what the
// group's log holds. The RaftHost runs the group; this class keeps what is
// outstanding (proposals waiting for their apply or their fsync, reads
// waiting for their index) and applies what the host's passes hand it.
import { InvalidRequestError, NotLeaderError, TimeoutError, UnavailableError } from '@eddy/protocol';
import type { ProgressState } from '../core/progress.js';
import type { ConfChangeApplied } from '../core/raft.js';
import type { RawNode, Ready } from '../core/raw-node.js';
import { EntryType, NONE, StateType, type ConfChange, type ConfChangeV2, type ConfState, type Entry, type NodeId, type Snapshot } from '../core/types.js';
import type { GroupStorage } from '../storage/raft-store.js';

/**
 * What a group's application does with committed entries. `R` is what one
 * applied entry yields for its proposer (an assigned offset, a refusal…): the
 * proposal of that entry resolves with it.
 */
export interface StateMachine<R = void> {
  /**
   * Applies committed normal entries, in log order, exactly once per process
   * life (after a restart, entries after `applied` are delivered again). Empty
   * entries (a new leader's no-op) are included; ignore them. Returns one
   * result per entry, in order (or nothing, when proposers need none).
   */
  apply(entries: readonly Entry[]): readonly R[] | void | Promise<readonly R[] | void>;
  /** Replaces the state with a snapshot received from the leader. */
  restore?(snapshot: Snapshot): void | Promise<void>;
  /**
   * Throws when snapshot data from a peer could not be restored. Checked
   * before Raft sees the snapshot: one installed and then found unreadable
   * would fail the node on every restart.
   */
  validateSnapshot?(data: Uint8Array): void;
  /**
   * Throws if entries a leader sent cannot be what it meant to send (the
   * application's own checksums): the message is dropped before anything of
   * it is stored, and the leader sends it again. Called on every follower for
   * every append, so it must be cheap.
   */
  validateEntries?(entries: readonly Entry[]): void;
  /** Called when this node learns of a new leader or term. */
  onLeaderChange?(leaderId: NodeId, term: number): void;
}

export interface GroupOptions<R = void> {
  groupId: string;
  /** Voters of a brand-new group; ignored when the group already has state on disk, and when joining. */
  voters: NodeId[];
  /**
   * This node is being added to a group that exists elsewhere (as a learner,
   * by the group's leader): write no bootstrap configuration; the node learns
   * the group's configuration from the leader's snapshot or from the first
   * conf-change entry it applies, and never campaigns until a configuration
   * names it a voter. A group already on disk opens as usual either way.
   */
  join?: boolean;
  learners?: NodeId[];
  stateMachine: StateMachine<R>;
  /** Highest index the application had already applied before this start (0: replay everything after the snapshot). */
  applied?: number;
  /**
   * The leader of the group (one of `voters`) when it is created or reopened
   * here: it campaigns at once, and the other replicas wait for it (see
   * first-elections.ts). Without it, every replica runs a randomized election
   * clock.
   */
  leader?: NodeId;
  /**
   * Followers learn a new commit index with the leader's next append or
   * heartbeat rather than from an empty append sent at once (Config.lazyCommit):
   * for groups whose followers' applied state nothing reads right away, such as
   * partitions, whose clients read from the leader.
   */
  lazyCommit?: boolean;
}

export interface ProposeResult<R = void> {
  index: number;
  term: number;
  /** What the state machine's apply returned for this entry (undefined when it returned nothing). */
  result: R | undefined;
}

export interface ProposeOptions {
  /**
   * Called once the entry is durable in this node's own log (its fsync), which
   * is usually before it commits. Not called when the proposal fails first.
   */
  onDurable?(index: number): void;
}

/** A follower's replication progress as the leader tracks it. */
export interface FollowerProgress {
  readonly nodeId: NodeId;
  /** Highest index known to be in its log. */
  readonly match: number;
  /** Next index the leader will send it. */
  readonly next: number;
  /** probe (finding where its log matches), replicate (streaming appends) or snapshot (one is on its way). */
  readonly state: ProgressState;
  /** A learner: receives the log, does not vote. */
  readonly isLearner: boolean;
  /** Heard from it since the last CheckQuorum round. */
  readonly recentActive: boolean;
}

/** What a group needs from the host that runs it. */
export interface GroupHost {
  readonly nodeId: NodeId;
  /** The group has work for the next pass. */
  markDirty(group: RaftGroup<unknown>): void;
  /** Whether the host heard from this peer within its liveness timeout (an election timeout and a heartbeat). */
  isLive(peer: NodeId): boolean;
  /** A configuration's members: watch their liveness. */
  notePeers(cs: ConfState): void;
  /** This node won an election in the group. */
  becameLeader(group: RaftGroup<unknown>, term: number): void;
  /** A conf-change entry at `index` was applied (the host logs what was unusual). */
  confChangeApplied(group: RaftGroup<unknown>, index: number, applied: ConfChangeApplied): void;
}

interface PendingProposal<R> {
  index: number;
  term: number;
  resolve(r: ProposeResult<R>): void;
  reject(e: Error): void;
  onDurable: ((index: number) => void) | undefined;
}

interface QueuedProposal<R> {
  resolve(r: ProposeResult<R>): void;
  reject(e: Error): void;
  onDurable: ((index: number) => void) | undefined;
}

interface PendingRead {
  index: number; // -1 until the leader confirmed it
  resolve(): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class RaftGroup<R = unknown> {
  readonly node: RawNode;
  private queued: Uint8Array[] = [];
  private queuedWaiters: QueuedProposal<R>[] = [];
  // Allocated on first use: an idle group holds neither.
  private proposalMap: Map<number, PendingProposal<R>> | undefined;
  private readMap: Map<string, PendingRead> | undefined;
  /** Proposals waiting for their own fsync (onDurable), in index order. */
  private durableWaiters: PendingProposal<R>[] = [];
  private readSeq = 0;
  private leader: NodeId = NONE;
  private currentTerm = 0;
  private appliedIndex: number;
  private removed = false;
  /** The group's named leader while this replica holds its election clock (NONE: not holding); see first-elections.ts. */
  awaitedLeader: NodeId = NONE;
  confState: ConfState;
  /**
   * The configurations applied since the latest snapshot, with the index each
   * took effect at, so a snapshot taken below the applied index records the
   * configuration in effect at its own index (confStateAt).
   */
  private confHistory: { index: number; confState: ConfState }[];

  constructor(
    private readonly host: GroupHost,
    readonly groupId: string,
    readonly storage: GroupStorage,
    readonly stateMachine: StateMachine<R>,
    node: RawNode,
    applied: number,
  ) {
    this.node = node;
    this.appliedIndex = applied;
    this.confState = storage.initialState().confState;
    this.confHistory = [{ index: storage.snapshotIndex, confState: this.confState }];
    this.currentTerm = storage.durableHardState.term;
  }

  /** The configuration in effect once entry `index` was applied (for a snapshot at `index`; index <= applied). */
  confStateAt(index: number): ConfState {
    let cs = this.confState;
    for (let i = this.confHistory.length - 1; i >= 0; i--) {
      const h = this.confHistory[i] as { index: number; confState: ConfState };
      cs = h.confState;
      if (h.index <= index) break;
    }
    return cs;
  }

  /** A snapshot at `index` was recorded: older configurations are no longer asked for. */
  snapshotTaken(index: number): void {
    let keep = 0;
    while (keep + 1 < this.confHistory.length && (this.confHistory[keep + 1] as { index: number }).index <= index) keep++;
    if (keep > 0) this.confHistory.splice(0, keep);
  }

  private noteConfState(index: number, cs: ConfState): void {
    this.confState = cs;
    this.confHistory.push({ index, confState: cs });
    this.host.notePeers(cs);
  }

  private get proposals(): Map<number, PendingProposal<R>> {
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

  // ---- what the log holds ------------------------------------------------------

  /** Index of the last entry in this node's log (durable or not yet). */
  get lastIndex(): number {
    return this.node.raft.raftLog.lastIndex();
  }

  /**
   * Entries of the log from `from` (or the first one still readable, if
   * later) to the last: committed or not, durable or not yet.
   */
  tailEntries(from: number): readonly Entry[] {
    const log = this.node.raft.raftLog;
    return log.slice(Math.max(from, log.firstIndex()), log.lastIndex() + 1, Number.MAX_SAFE_INTEGER) ?? [];
  }

  /** The first index of `term` in the log's tail (a leader's first entry of its term is its no-op). */
  termStartIndex(term: number): number {
    const log = this.node.raft.raftLog;
    let i = log.lastIndex();
    while (i > log.firstIndex() && log.term(i - 1) === term) i--;
    return i;
  }

  /** The replication progress of the other members (leader only; empty otherwise). */
  followers(): FollowerProgress[] {
    const raft = this.node.raft;
    if (raft.state !== StateType.Leader) return [];
    const out: FollowerProgress[] = [];
    for (const [nodeId, pr] of raft.trk.progress) {
      if (nodeId !== this.host.nodeId) out.push({ nodeId, match: pr.match, next: pr.next, state: pr.state, isLearner: pr.isLearner, recentActive: pr.recentActive });
    }
    return out;
  }

  // ---- proposals -----------------------------------------------------------------

  /**
   * Appends data to the group's log. Resolves with its index, term and apply
   * result once the entry is committed (durable on a majority) and applied
   * here; rejects with NOT_LEADER when this node does not lead, and
   * UNAVAILABLE when leadership was lost before the entry committed (its fate
   * is then unknown).
   */
  propose(data: Uint8Array, options?: ProposeOptions): Promise<ProposeResult<R>> {
    if (this.removed) return Promise.reject(new UnavailableError(`raft group ${this.groupId} was removed from this node`));
    if (!this.node.isLeader) return Promise.reject(this.notLeader());
    return new Promise((resolve, reject) => {
      this.queued.push(data);
      this.queuedWaiters.push({ resolve, reject, onDurable: options?.onDurable });
      this.host.markDirty(this);
    });
  }

  /** Proposes a membership change of one node; see proposeConfChangeV2. */
  proposeConfChange(cc: ConfChange): Promise<void> {
    return this.proposeConfChangeV2({ changes: [cc] });
  }

  /**
   * Proposes a membership change of any number of nodes (a joint change
   * when it alters more than one voter; the leader leaves the joint
   * configuration by itself unless the transition is explicit). Resolves once
   * the change is applied here. Rejects with NOT_LEADER when this node does
   * not lead; UNAVAILABLE when an earlier change is not applied yet, a
   * leadership transfer runs, or leadership was lost before the change
   * committed (retry); INVALID_REQUEST when the configuration does not allow
   * the change (e.g. another change while joint, removing every voter).
   */
  proposeConfChangeV2(cc: ConfChangeV2): Promise<void> {
    if (this.removed) return Promise.reject(new UnavailableError(`raft group ${this.groupId} was removed from this node`));
    if (!this.node.isLeader) return Promise.reject(this.notLeader());
    const refusal = this.node.confChangeRefusal(cc);
    if (refusal !== undefined) {
      const msg = `raft group ${this.groupId}: membership change refused: ${refusal.reason}`;
      return Promise.reject(refusal.retry ? new UnavailableError(`${msg}; retry later`) : new InvalidRequestError(msg));
    }
    const before = this.node.raft.raftLog.lastIndex();
    const err = this.node.proposeConfChange(cc);
    const index = this.node.raft.raftLog.lastIndex();
    const appended = index === before + 1 ? this.node.raft.raftLog.slice(index, index + 1, Number.MAX_SAFE_INTEGER)?.[0] : undefined;
    if (err || appended?.type !== EntryType.ConfChange) {
      return Promise.reject(new UnavailableError(`raft group ${this.groupId}: membership change dropped${err ? ` (${String(err)})` : ''}; retry`));
    }
    const term = this.node.raft.term;
    this.host.markDirty(this);
    return new Promise((resolve, reject) => this.proposals.set(index, { index, term, resolve: () => resolve(), reject, onDurable: undefined }));
  }

  /** Whether the host heard from this peer within its liveness timeout (see RaftHost.isLive). */
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

  // ---- driven by the host's passes -------------------------------------------------

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
    waiters.forEach((w, i) => {
      const p: PendingProposal<R> = { index: before + 1 + i, term, resolve: w.resolve, reject: w.reject, onDurable: w.onDurable };
      this.proposals.set(p.index, p);
      if (p.onDurable !== undefined) this.durableWaiters.push(p);
    });
  }

  /** The host persisted this node's log up to `index` (a pass's write finished). */
  entriesDurable(index: number): void {
    if (this.durableWaiters.length === 0) return;
    let n = 0;
    for (const p of this.durableWaiters) {
      if (p.index > index) break;
      n++;
      // Still outstanding and still of its term: the entry written is this proposal's.
      if (this.proposalMap?.get(p.index) === p && this.node.raft.raftLog.term(p.index) === p.term) p.onDurable?.(p.index);
    }
    this.durableWaiters.splice(0, n);
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
        if (rd.softState?.state === StateType.Leader) this.host.becameLeader(this, term);
        this.stateMachine.onLeaderChange?.(lead, term);
      }
    }
    if (rd.snapshot && rd.snapshot.metadata.index > this.appliedIndex) {
      await this.stateMachine.restore?.(rd.snapshot);
      this.confHistory = [];
      this.noteConfState(rd.snapshot.metadata.index, rd.snapshot.metadata.confState);
      this.appliedIndex = rd.snapshot.metadata.index;
      this.settleProposalsUpTo(this.appliedIndex, undefined, undefined);
    }
    if (rd.committedEntries.length > 0) {
      const normal: Entry[] = [];
      for (const e of rd.committedEntries) {
        if (e.index <= this.appliedIndex) continue;
        if (e.type === EntryType.ConfChange) {
          if (normal.length > 0) await this.applyNormal(normal.splice(0));
          const applied = this.node.applyConfChangeEntry(e.data);
          this.noteConfState(e.index, applied.confState);
          this.host.confChangeApplied(this, e.index, applied);
          this.appliedIndex = e.index;
          this.settleProposalsUpTo(e.index, e, undefined);
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

  /** Applies committed entries handed out outside the Ready cycle (ReadyPass.takeDurableCommitted). */
  async applyCommitted(entries: readonly Entry[]): Promise<void> {
    await this.applyNormal(entries.filter((e) => e.index > this.appliedIndex));
    this.settleReads();
  }

  private async applyNormal(entries: Entry[]): Promise<void> {
    if (entries.length === 0) return;
    const results = await this.stateMachine.apply(entries);
    entries.forEach((e, i) => this.settleProposalsUpTo(e.index, e, results ? results[i] : undefined));
    this.appliedIndex = (entries[entries.length - 1] as Entry).index;
  }

  /** A proposal at an applied index either made it (same term) or was overwritten by another leader. */
  private settleProposalsUpTo(index: number, entry: Entry | undefined, result: R | undefined): void {
    if (this.proposalMap === undefined || this.proposalMap.size === 0) return;
    for (const [i, p] of this.proposals) {
      if (i > index) continue;
      this.proposals.delete(i);
      if (entry && i === entry.index && entry.term === p.term) p.resolve({ index: p.index, term: p.term, result });
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
    this.durableWaiters = [];
    this.failReads(err);
  }
}
