// The Raft state machine of one node (Ongaro & Ousterhout, "In Search of an
// Understandable Consensus Algorithm", and the thesis for PreVote, CheckQuorum,
// leader transfer and ReadIndex). Every input is a Message through step():
// peer messages and local intents alike (hup, beat, propose, transfer...).
// The role is a step function swapped by becomeFollower/PreCandidate/
// Candidate/Leader. Outputs accumulate in `msgs` and `readStates`; RawNode
// hands them out in a Ready.

import { applyConfChangeV2, asV2, confStateEqual, decodeConfChange, encodeConfChange, LEAVE_JOINT } from './conf-change.js';
import { validateConfig, type Config, type RandomSource, type TestingKnobs } from './config.js';
import { ProgressState, type Progress } from './progress.js';
import { ProgressTracker } from './progress-tracker.js';
import { VoteResult } from './quorum.js';
import { RaftLog } from './raft-log.js';
import { ReadOnly } from './read-only.js';
import {
  EMPTY_DATA,
  EntryType,
  isEmptyConfState,
  MessageType,
  NONE,
  StateType,
  entriesSize,
  message,
  voteResponseType,
  type ConfChange,
  type ConfChangeV2,
  type ConfState,
  type Entry,
  type HardState,
  type Message,
  type NodeId,
  type ReadState,
  type Snapshot,
  type SoftState,
} from './types.js';

/** Why a step was refused. */
export const StepError = {
  ProposalDropped: 'proposal-dropped',
} as const;
export type StepError = (typeof StepError)[keyof typeof StepError];

/** What applying a conf-change entry did (see Raft.applyConfChangeEntry). */
export const ConfChangeOutcome = {
  /** The entry's change applied to this node's configuration gives the configuration it carries. */
  Applied: 'applied',
  /** This node had no configuration (it is joining the group): it took the one the entry carries. */
  Adopted: 'adopted',
  /**
   * Applying the change here does not give the configuration the entry
   * carries (this node's configuration was off, e.g. restored from a snapshot
   * that recorded a later one): the entry's configuration, which every
   * replica applying the entry takes, wins.
   */
  Mismatch: 'mismatch',
  /** The entry was unreadable, or of the first format and not applicable here: the configuration is unchanged. */
  Ignored: 'ignored',
} as const;
export type ConfChangeOutcome = (typeof ConfChangeOutcome)[keyof typeof ConfChangeOutcome];

export interface ConfChangeApplied {
  readonly confState: ConfState;
  readonly outcome: ConfChangeOutcome;
  /** Why, for a mismatch or an ignored entry. */
  readonly reason?: string | undefined;
}

export const CampaignType = { PreElection: 'pre', Election: 'election', Transfer: 'transfer' } as const;
export type CampaignType = (typeof CampaignType)[keyof typeof CampaignType];

type StepFn = (r: Raft, m: Message) => StepError | undefined;

export class Raft {
  readonly id: NodeId;
  term = 0;
  vote: NodeId = NONE;
  readStates: ReadState[] = [];
  readonly raftLog: RaftLog;
  readonly trk: ProgressTracker;
  state: StateType = StateType.Follower;
  lead: NodeId = NONE;
  /** Target of an in-progress leadership transfer (NONE if none). */
  leadTransferee: NodeId = NONE;
  /** A conf change may be proposed only once the log is applied past this index. */
  pendingConfIndex = 0;
  readOnly = new ReadOnly();
  msgs: Message[] = [];
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;
  /** ReadIndex requests received before the leader committed an entry of its term. */
  pendingReadIndexMessages: Message[] = [];
  /** Quiesced: ticks do nothing until a message or request wakes the node (Config.quiesce). */
  quiesced = false;

  readonly checkQuorum: boolean;
  readonly preVote: boolean;
  readonly heartbeatTimeout: number;
  readonly electionTimeout: number;
  readonly maxMsgSize: number;
  readonly maxCommittedSize: number;
  readonly disableProposalForwarding: boolean;
  private readonly snapshotNewLearners: boolean;
  /** Heartbeat answers after which an unacknowledged snapshot counts as lost: about ten election timeouts. */
  readonly snapshotRetryBeats: number;
  readonly quiesceEnabled: boolean;
  /** Config.lazyCommit. */
  private readonly lazyCommit: boolean;
  /** The commit index before the last maybeCommit (what bcastCommit tells about is above it). */
  private committedBefore = 0;
  readonly knobs: TestingKnobs;
  /**
   * The voters whose majority last advanced the commit index here (a leader may
   * commit under its old configuration an entry it reports after applying a
   * change). For checkers; the array is never mutated.
   */
  commitVoters: readonly NodeId[] = [];
  /** The outgoing voters whose majority was also needed for that commit (empty unless joint). */
  commitVotersOutgoing: readonly NodeId[] = [];
  private readonly random: RandomSource;
  /** The storage's InitialState.repairUntil (0: no damage), kept after the repair ends; see repairUntil. */
  readonly repairTarget: number;
  private stepFn: StepFn = stepFollower;
  private tickFn: (r: Raft) => void = tickElection;

  constructor(c: Config) {
    validateConfig(c);
    this.id = c.id;
    this.knobs = c.testingKnobs ?? {};
    this.raftLog = new RaftLog(c.storage, this.knobs.noTruncateOnConflict === true);
    this.trk = new ProgressTracker(c.maxInflightMsgs ?? 256, c.maxInflightBytes ?? 0);
    this.checkQuorum = c.checkQuorum ?? false;
    this.preVote = c.preVote ?? false;
    this.heartbeatTimeout = c.heartbeatTick;
    this.electionTimeout = c.electionTick;
    this.maxMsgSize = c.maxSizePerMsg ?? 1024 * 1024;
    this.maxCommittedSize = c.maxCommittedSizePerReady ?? 64 * 1024 * 1024;
    this.disableProposalForwarding = c.disableProposalForwarding ?? false;
    this.snapshotNewLearners = c.snapshotNewLearners ?? false;
    this.snapshotRetryBeats = Math.max(20, Math.ceil((10 * c.electionTick) / c.heartbeatTick));
    this.quiesceEnabled = c.quiesce ?? false;
    this.lazyCommit = c.lazyCommit ?? false;
    this.random = c.random;

    const { hardState, confState, repairUntil } = c.storage.initialState();
    this.trk.applyConf(confState, this.raftLog.lastIndex() + 1);
    if (hardState.term !== 0 || hardState.vote !== NONE || hardState.commit !== 0) this.loadState(hardState);
    const applied = c.applied ?? 0;
    if (applied > 0) {
      // Whatever the application applied was committed, even if the commit
      // index it persisted lags behind (a driver may write commit lazily).
      if (applied > this.raftLog.committed) this.raftLog.commitTo(applied);
      this.raftLog.appliedTo(applied);
    }
    const until = repairUntil ?? 0;
    if (!Number.isSafeInteger(until) || until < 0) {
      throw new Error(`raft ${this.id}: storage reported repairUntil ${until}, not an index (0 when the log is whole)`);
    }
    this.repairTarget = until;
    this.becomeFollower(this.term, NONE);
  }

  /**
   * The index this replica must commit again before it votes or campaigns (0:
   * it does not, or no longer does). Its storage found damage and cut the log
   * (InitialState.repairUntil): it may have acknowledged entries up to this
   * index that it no longer holds, and Raft's safety assumes a voter never
   * forgets what it acknowledged — a vote of a replica that lost a committed
   * entry may elect a leader without it. The commit index of a follower only
   * reaches entries it holds that match the leader's log (an append's commit
   * stops at the entries it carries, matched by the one before them; a
   * heartbeat's at the follower's last index, below the leader's match for
   * it, and the storage keeps a prefix of the log it had), and the leader
   * holds every committed entry: once its commit index reaches this index the
   * replica holds again everything it may have acknowledged. The commit index
   * never decreases, so repair ends for good.
   */
  get repairUntil(): number {
    return this.raftLog.committed >= this.repairTarget ? 0 : this.repairTarget;
  }

  /** Repairing (see repairUntil): grants no votes or pre-votes, does not campaign, flags its append rejections `regressed`. */
  get repairing(): boolean {
    return this.repairUntil !== 0;
  }

  /** Repairing, and held to it: the rules a repairing replica keeps (the testing knob voteWhileRepairing breaks them). */
  private get barredFromVoting(): boolean {
    return this.repairing && this.knobs.voteWhileRepairing !== true;
  }

  // ---- state accessors -------------------------------------------------

  softState(): SoftState {
    return { lead: this.lead, state: this.state };
  }

  hardState(): HardState {
    return {
      term: this.term,
      vote: this.knobs.forgetVote === true ? NONE : this.vote,
      commit: this.raftLog.committed,
    };
  }

  private loadState(hs: HardState): void {
    if (hs.commit > this.raftLog.lastIndex()) {
      throw new Error(`raft ${this.id}: hard state commit ${hs.commit} beyond last index ${this.raftLog.lastIndex()}`);
    }
    // A persisted commit below the snapshot index is stale, not wrong: the
    // snapshot holds only committed entries (commit may be written lazily).
    this.raftLog.committed = Math.max(hs.commit, this.raftLog.committed);
    this.term = hs.term;
    this.vote = hs.vote;
  }

  /**
   * A node may campaign only as a voter of its own configuration, with no
   * snapshot being installed, and not while repairing (so neither an election
   * timeout, a Hup nor a leadership transfer's TimeoutNow starts a campaign).
   */
  promotable(): boolean {
    return this.trk.isVoter(this.id) && this.raftLog.unstable.snapshot === undefined && !this.barredFromVoting;
  }

  // ---- sending -----------------------------------------------------------

  send(m: Message): void {
    if (m.from === NONE) m.from = this.id;
    const t = m.type;
    if (t === MessageType.Vote || t === MessageType.VoteResp || t === MessageType.PreVote || t === MessageType.PreVoteResp) {
      if (m.term === 0) throw new Error(`raft ${this.id}: term must be set for ${t}`);
    } else if (t !== MessageType.Propose && t !== MessageType.ReadIndex && t !== MessageType.TransferLeader) {
      // Forwarded local requests keep term 0 so the leader treats them as local.
      m.term = this.term;
    }
    this.msgs.push(m);
  }

  /** Sends an append (or a snapshot) to `to` if flow control allows; returns whether one was sent. */
  maybeSendAppend(to: NodeId, sendIfEmpty: boolean): boolean {
    const pr = this.trk.progress.get(to);
    if (pr === undefined || pr.isPaused()) return false;
    const prevIndex = pr.next - 1;
    const prevTerm = this.raftLog.term(prevIndex);
    // With a full window (replicate), send only an empty append: it will be
    // acked or rejected, and either answer frees the window even if every
    // message that filled it was lost.
    const throttled = pr.state === ProgressState.Replicate && pr.inflights.full();
    const ents =
      prevTerm === undefined ? undefined : throttled ? [] : this.raftLog.entries(pr.next, this.maxMsgSize);
    if (prevTerm !== undefined && ents !== undefined && !this.newLearnerNeedsSnapshot(pr)) {
      if (ents.length === 0 && !sendIfEmpty) return false;
      this.send(
        message({ type: MessageType.App, to, index: prevIndex, logTerm: prevTerm, entries: ents, commit: this.raftLog.committed }),
      );
      if (ents.length > 0) pr.sentEntries(ents.length, (ents[ents.length - 1] as Entry).index, entriesSize(ents));
      else if (pr.state === ProgressState.Probe) pr.msgAppFlowPaused = true;
      else pr.msgAppFlowPaused = pr.inflights.full();
      return true;
    }
    // The follower is behind our first index: it needs a snapshot.
    if (!pr.recentActive) return false;
    const snap = this.raftLog.snapshot();
    if (snap === undefined || snap.metadata.index === 0) return false;
    this.send(message({ type: MessageType.Snap, to, snapshot: snap }));
    pr.becomeSnapshot(snap.metadata.index);
    return true;
  }

  sendAppend(to: NodeId): void {
    this.maybeSendAppend(to, true);
  }

  /** See Config.snapshotNewLearners. */
  private newLearnerNeedsSnapshot(pr: Progress): boolean {
    if (!this.snapshotNewLearners || !pr.isLearner || pr.match !== 0) return false;
    const snapIndex = this.raftLog.snapshot()?.metadata.index ?? 0;
    return snapIndex > 0 && pr.next <= snapIndex;
  }

  private sendHeartbeat(to: NodeId, ctx: Uint8Array | undefined): void {
    const pr = this.trk.progress.get(to);
    // Never tell a follower to commit past what it is known to hold.
    const commit = Math.min(pr?.match ?? 0, this.raftLog.committed);
    this.send(message({ type: MessageType.Heartbeat, to, commit, context: ctx }));
  }

  bcastAppend(): void {
    for (const id of this.trk.progress.keys()) if (id !== this.id) this.sendAppend(id);
  }

  /**
   * The commit index advanced: every follower hears of it, at once with an
   * append (empty if it holds everything), or, with lazyCommit, only where
   * there are entries to send; the others learn it from the next append or
   * heartbeat (a heartbeat's commit is capped at the follower's match).
   * Commits of a membership change or of a term's first entry, and any made
   * while joint or transferring leadership, are always told at once.
   */
  bcastCommit(): void {
    // A follower acts on a configuration once it has applied it (it may only
    // then campaign, or stop being a learner); so it is told at once.
    const eager = this.pendingConfIndex > this.committedBefore || this.trk.joint || this.leadTransferee !== NONE;
    if (!this.lazyCommit || eager) {
      this.bcastAppend();
      return;
    }
    for (const id of this.trk.progress.keys()) if (id !== this.id) this.maybeSendAppend(id, false);
  }

  bcastHeartbeat(ctx: Uint8Array | undefined): void {
    for (const id of this.trk.progress.keys()) if (id !== this.id) this.sendHeartbeat(id, ctx);
  }

  // ---- role transitions --------------------------------------------------

  private reset(term: number): void {
    this.quiesced = false;
    if (this.term !== term) {
      this.term = term;
      this.vote = NONE;
    }
    this.lead = NONE;
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    this.resetRandomizedElectionTimeout();
    this.leadTransferee = NONE;
    this.trk.resetVotes();
    const last = this.raftLog.lastIndex();
    for (const [id, pr] of this.trk.progress) {
      pr.match = 0;
      pr.next = last + 1;
      pr.state = ProgressState.Probe;
      pr.pendingSnapshot = 0;
      pr.msgAppFlowPaused = false;
      pr.recentActive = false;
      pr.inflights.reset();
      // Only what is durable here counts for this node (its unstable tail does not).
      if (id === this.id) pr.match = this.raftLog.lastDurableIndex();
    }
    this.pendingConfIndex = 0;
    this.readOnly = new ReadOnly();
    this.pendingReadIndexMessages = [];
  }

  private resetRandomizedElectionTimeout(): void {
    this.randomizedElectionTimeout = this.electionTimeout + this.random.nextInt(this.electionTimeout);
  }

  becomeFollower(term: number, lead: NodeId): void {
    this.stepFn = stepFollower;
    this.reset(term);
    this.tickFn = tickElection;
    this.lead = lead;
    this.state = StateType.Follower;
  }

  becomeCandidate(): void {
    if (this.state === StateType.Leader) throw new Error('raft: leader cannot become candidate');
    this.stepFn = stepCandidate;
    this.reset(this.term + 1);
    this.tickFn = tickElection;
    this.vote = this.id;
    this.state = StateType.Candidate;
  }

  becomePreCandidate(): void {
    if (this.state === StateType.Leader) throw new Error('raft: leader cannot become pre-candidate');
    // A pre-candidate changes neither term nor vote: a failed pre-vote leaves no trace.
    this.stepFn = stepCandidate;
    this.trk.resetVotes();
    this.tickFn = tickElection;
    this.lead = NONE;
    this.state = StateType.PreCandidate;
  }

  becomeLeader(): void {
    if (this.state === StateType.Follower) throw new Error('raft: follower cannot become leader');
    this.stepFn = stepLeader;
    this.reset(this.term);
    this.tickFn = tickHeartbeat;
    this.lead = this.id;
    this.state = StateType.Leader;
    const self = this.trk.progress.get(this.id);
    if (self !== undefined) {
      self.becomeReplicate();
      self.recentActive = true;
    }
    // Conservatively forbid conf changes until everything before this term is applied.
    this.pendingConfIndex = this.raftLog.lastIndex();
    // The no-op entry: committing it commits all earlier entries (§5.4.2) and
    // tells the leader its commit index (needed for ReadIndex).
    this.appendEntry([{ term: 0, index: 0, type: EntryType.Normal, data: EMPTY_DATA }]);
  }

  // ---- ticking -------------------------------------------------------------

  tick(): void {
    if (this.quiesced) return;
    this.tickFn(this);
  }

  // ---- quiescence ------------------------------------------------------------

  /**
   * A leader may quiesce when every follower holds its whole log, all of it
   * is committed, durable here and applied, and nothing is in progress
   * (reads, a transfer, a snapshot, a probe).
   */
  canQuiesce(): boolean {
    if (!this.quiesceEnabled || this.state !== StateType.Leader || this.leadTransferee !== NONE) return false;
    const log = this.raftLog;
    const last = log.lastIndex();
    if (log.committed !== last || log.applied !== last) return false;
    if (log.unstable.entries.length > 0 || log.unstable.snapshot !== undefined) return false;
    if (this.readOnly.size > 0 || this.pendingReadIndexMessages.length > 0) return false;
    for (const [id, pr] of this.trk.progress) {
      if (id === this.id) continue;
      if (pr.match !== last || pr.state !== ProgressState.Replicate) return false;
    }
    return true;
  }

  /** Leader: tells every follower to quiesce (commit = last index) and stops ticking. */
  quiesce(): void {
    for (const [id, pr] of this.trk.progress) {
      pr.inflights.release();
      if (id !== this.id) this.send(message({ type: MessageType.Heartbeat, to: id, commit: this.raftLog.committed, quiesce: true }));
    }
    this.quiesced = true;
  }

  /** An acknowledgement from a follower that already holds our whole log (sent before we quiesced). */
  private lateAnswer(m: Message): boolean {
    if (this.state !== StateType.Leader || m.term !== this.term || m.reject) return false;
    if (m.type !== MessageType.HeartbeatResp && m.type !== MessageType.AppResp) return false;
    if (m.context !== undefined && m.context.byteLength > 0) return false;
    const last = this.raftLog.lastIndex();
    return this.trk.progress.get(m.from)?.match === last && m.index <= last;
  }

  /** Resumes ticking. A leader gets a fresh CheckQuorum window: its followers were told not to talk. */
  wake(): void {
    if (!this.quiesced) return;
    this.quiesced = false;
    if (this.state === StateType.Leader) {
      this.electionElapsed = 0;
      this.heartbeatElapsed = 0;
    }
  }

  /**
   * The host learned (node-level liveness) that the leader's node is gone: a
   * follower wakes, forgets the leader (ending its lease, so it grants votes)
   * and campaigns within a randomized election timeout.
   */
  forgetLeader(): void {
    this.wake();
    if (this.state !== StateType.Follower || this.lead === NONE) return;
    this.lead = NONE;
    this.electionElapsed = Math.max(this.electionElapsed, this.electionTimeout);
  }

  pastElectionTimeout(): boolean {
    return this.electionElapsed >= this.randomizedElectionTimeout;
  }

  // ---- leader helpers ------------------------------------------------------

  /** Appends entries to the leader's own log (assigning term and index). */
  appendEntry(es: readonly Entry[]): void {
    let li = this.raftLog.lastIndex();
    const stamped: Entry[] = new Array<Entry>(es.length);
    for (let i = 0; i < es.length; i++) {
      const e = es[i] as Entry;
      stamped[i] = { term: this.term, index: ++li, type: e.type, data: e.data };
    }
    this.raftLog.append(stamped);
    // The leader's own copy counts toward commitment only once it is durable
    // (see entriesDurable): its appends may go out while its disk write runs.
  }

  /**
   * The driver made more of the log durable (advance()). A leader now counts
   * its own copy of those entries; the commit may advance.
   */
  entriesDurable(): void {
    if (this.state !== StateType.Leader) return;
    const self = this.trk.progress.get(this.id);
    if (self === undefined || !self.maybeUpdate(this.raftLog.lastDurableIndex())) return;
    if (this.maybeCommit()) {
      this.releasePendingReadIndexMessages();
      this.bcastCommit();
    }
  }

  maybeCommit(): boolean {
    this.committedBefore = this.raftLog.committed;
    if (!this.raftLog.maybeCommit(this.trk.committed(), this.term, this.knobs.commitPreviousTermByCount === true)) return false;
    this.commitVoters = this.trk.voters;
    this.commitVotersOutgoing = this.trk.votersOutgoing;
    return true;
  }

  committedEntryInCurrentTerm(): boolean {
    return this.raftLog.termOr0(this.raftLog.committed) === this.term;
  }

  abortLeaderTransfer(): void {
    this.leadTransferee = NONE;
  }

  sendTimeoutNow(to: NodeId): void {
    this.send(message({ type: MessageType.TimeoutNow, to }));
  }

  releasePendingReadIndexMessages(): void {
    if (!this.committedEntryInCurrentTerm()) return;
    const msgs = this.pendingReadIndexMessages;
    this.pendingReadIndexMessages = [];
    for (const m of msgs) this.sendReadIndexResponse(m);
  }

  /** Starts confirming leadership for a read at the current commit index. */
  sendReadIndexResponse(m: Message): void {
    if (this.trk.isSingleton()) {
      this.respondToReadIndex(m, this.raftLog.committed);
      return;
    }
    this.readOnly.addRequest(this.raftLog.committed, m);
    this.readOnly.recvAck(this.id, m.context);
    this.bcastHeartbeat(m.context);
  }

  respondToReadIndex(req: Message, index: number): void {
    if (req.from === NONE || req.from === this.id) {
      this.readStates.push({ index, context: req.context ?? EMPTY_DATA });
    } else {
      this.send(message({ type: MessageType.ReadIndexResp, to: req.from, index, context: req.context }));
    }
  }

  // ---- the main entry point ------------------------------------------------

  step(m: Message): StepError | undefined {
    // Everything but a quiesce heartbeat (or its answer), or a late answer that
    // asks nothing of a quiesced leader, wakes a quiesced node.
    if (this.quiesced && m.quiesce !== true && !this.lateAnswer(m)) this.wake();
    // A leader sends TimeoutNow only to a follower that has acknowledged its
    // appends, so in the follower's own term: any other term is not a transfer.
    if (m.type === MessageType.TimeoutNow && m.term !== this.term) return undefined;
    if (m.term === 0) {
      // Local message (or a forwarded proposal / read / transfer).
    } else if (m.term > this.term) {
      if (m.type === MessageType.Vote || m.type === MessageType.PreVote) {
        const inLease = this.checkQuorum && this.lead !== NONE && this.electionElapsed < this.electionTimeout;
        // Leader lease: with a live leader, ignore (pre)votes so a node that was
        // partitioned away cannot depose it — unless it is a transfer.
        if (m.transfer !== true && inLease) return undefined;
      }
      if (m.type === MessageType.PreVote) {
        // A pre-vote never changes our term.
      } else if (m.type === MessageType.PreVoteResp && !m.reject) {
        // The term in a granted pre-vote response is the one we will campaign at.
      } else if (m.type === MessageType.App || m.type === MessageType.Heartbeat || m.type === MessageType.Snap) {
        this.becomeFollower(m.term, m.from);
      } else if (m.type === MessageType.Vote) {
        // Adopt the term but keep the election timer running (§5.2: only a
        // granted vote resets it). Otherwise stale candidates that keep losing
        // could keep resetting the timers of the up-to-date nodes that must
        // win, and no leader would ever be elected (seen in the simulator
        // without PreVote).
        const elapsed = this.electionElapsed;
        this.becomeFollower(m.term, NONE);
        this.electionElapsed = elapsed;
      } else {
        this.becomeFollower(m.term, NONE);
      }
    } else if (m.term < this.term) {
      if ((this.checkQuorum || this.preVote) && (m.type === MessageType.Heartbeat || m.type === MessageType.App)) {
        // A stale leader (e.g. after a partition) may never learn our term
        // otherwise, because we ignore its votes under checkQuorum/preVote.
        this.send(message({ type: MessageType.AppResp, to: m.from }));
      } else if (m.type === MessageType.PreVote) {
        this.send(message({ type: MessageType.PreVoteResp, to: m.from, term: this.term, reject: true }));
      }
      return undefined;
    }

    switch (m.type) {
      case MessageType.Hup:
        this.hup(this.preVote ? CampaignType.PreElection : CampaignType.Election);
        return undefined;
      case MessageType.Vote:
      case MessageType.PreVote: {
        let canVote =
          this.vote === m.from ||
          (this.vote === NONE && this.lead === NONE) ||
          (m.type === MessageType.PreVote && m.term > this.term);
        if (this.knobs.doubleVote === true && m.type === MessageType.Vote) canVote = true;
        // A repairing replica may have acknowledged entries it lost: its vote
        // could elect a leader without a committed entry (see repairUntil).
        if (canVote && !this.barredFromVoting && this.raftLog.isUpToDate(m.index, m.logTerm)) {
          // Answer with the message's term: for a pre-vote it is the future term
          // the candidate would use, and the candidate must recognise the reply.
          this.send(message({ type: voteResponseType(m.type), to: m.from, term: m.term }));
          if (m.type === MessageType.Vote) {
            this.electionElapsed = 0;
            this.vote = m.from;
          }
        } else {
          this.send(message({ type: voteResponseType(m.type), to: m.from, term: this.term, reject: true }));
        }
        return undefined;
      }
      default:
        return this.stepFn(this, m);
    }
  }

  hup(t: CampaignType): void {
    if (this.state === StateType.Leader) return;
    if (!this.promotable()) return;
    // A node with committed but unapplied conf changes does not know its
    // configuration yet; campaigning could use a stale one.
    if (this.hasUnappliedConfChanges()) return;
    this.campaign(t);
  }

  private hasUnappliedConfChanges(): boolean {
    if (this.raftLog.applied >= this.raftLog.committed) return false;
    const ents = this.raftLog.slice(this.raftLog.applied + 1, this.raftLog.committed + 1, Number.MAX_SAFE_INTEGER) ?? [];
    for (const e of ents) if (e.type === EntryType.ConfChange) return true;
    return false;
  }

  campaign(t: CampaignType): void {
    let voteMsg: MessageType;
    let term: number;
    if (t === CampaignType.PreElection) {
      this.becomePreCandidate();
      voteMsg = MessageType.PreVote;
      term = this.term + 1;
    } else {
      this.becomeCandidate();
      voteMsg = MessageType.Vote;
      term = this.term;
    }
    this.trk.recordVote(this.id, true);
    const res = this.trk.tallyVotes();
    if (res === VoteResult.Won) {
      // Single-voter configuration.
      if (t === CampaignType.PreElection) this.campaign(CampaignType.Election);
      else this.becomeLeader();
      return;
    }
    const lastIndex = this.raftLog.lastIndex();
    const lastTerm = this.raftLog.lastTerm();
    for (const id of this.trk.allVoters()) {
      if (id === this.id) continue;
      this.send(
        message({
          type: voteMsg,
          to: id,
          term,
          index: lastIndex,
          logTerm: lastTerm,
          transfer: t === CampaignType.Transfer ? true : undefined,
        }),
      );
    }
  }

  poll(id: NodeId, granted: boolean): VoteResult {
    this.trk.recordVote(id, granted);
    return this.trk.tallyVotes();
  }

  // ---- follower-side handlers ------------------------------------------------

  handleAppendEntries(m: Message): void {
    if (m.index < this.raftLog.committed) {
      this.send(message({ type: MessageType.AppResp, to: m.from, index: this.raftLog.committed }));
      return;
    }
    const lastNew = this.raftLog.maybeAppend(m.index, m.logTerm, m.commit, m.entries);
    if (lastNew !== undefined) {
      this.send(message({ type: MessageType.AppResp, to: m.from, index: lastNew }));
      return;
    }
    // Reject with a hint: the largest index <= m.index whose term <= m.logTerm.
    const hintIndex = Math.min(m.index, this.raftLog.lastIndex());
    const hint = this.raftLog.findConflictByTerm(hintIndex, m.logTerm);
    this.send(
      message({
        type: MessageType.AppResp,
        to: m.from,
        index: m.index,
        reject: true,
        rejectHint: hint.index,
        logTerm: hint.term,
        regressed: this.repairing || undefined,
      }),
    );
  }

  /**
   * A repairing replica tells `to` where its log ends, unasked: an append
   * rejection flagged `regressed`, answering no append (index 0, which a
   * leader of any version takes for a stale answer unless it lowers match).
   * A leader whose match for it is above that end lowers match and sends the
   * entries again; anyone else ignores it.
   */
  sendRegressed(to: NodeId): void {
    const last = this.raftLog.lastIndex();
    this.send(
      message({ type: MessageType.AppResp, to, reject: true, rejectHint: last, logTerm: this.raftLog.lastTerm(), regressed: true }),
    );
  }

  handleHeartbeat(m: Message): void {
    const log = this.raftLog;
    log.commitTo(Math.min(m.commit, log.lastIndex()));
    // Quiesce only holding exactly the leader's (fully committed) log; otherwise
    // a plain answer wakes the leader, which then catches us up.
    const quiesce = m.quiesce === true && this.quiesceEnabled && this.state === StateType.Follower && m.commit === log.lastIndex() && log.committed === m.commit;
    this.send(message({ type: MessageType.HeartbeatResp, to: m.from, context: m.context, quiesce: quiesce || undefined }));
    this.quiesced = quiesce;
    // A heartbeat's commit never exceeds the leader's match for us: one above
    // our last index means the leader counts entries we lost. With nothing
    // new to send it would never send an append we could reject (an idle
    // group): say where our log ends.
    if (m.commit > log.lastIndex() && this.repairing) this.sendRegressed(m.from);
  }

  handleSnapshot(m: Message): void {
    const s = m.snapshot;
    if (s === undefined) return;
    if (this.restore(s)) {
      this.send(message({ type: MessageType.AppResp, to: m.from, index: this.raftLog.lastIndex() }));
    } else {
      this.send(message({ type: MessageType.AppResp, to: m.from, index: this.raftLog.committed }));
    }
  }

  /** Installs a snapshot if it is newer than our commit; returns whether it did. */
  restore(s: Snapshot): boolean {
    const md = s.metadata;
    if (md.index <= this.raftLog.committed) return false;
    if (this.state !== StateType.Follower) {
      // Defensive: only followers install snapshots.
      this.becomeFollower(this.term + 1, NONE);
      return false;
    }
    // A snapshot may predate our own addition (its configuration lacks us): we
    // still install it and learn our role from the conf changes that follow.
    if (this.raftLog.matchTerm(md.index, md.term)) {
      // We already hold the log up to the snapshot: just fast-forward commit.
      this.raftLog.commitTo(md.index);
      return false;
    }
    this.raftLog.restore(s);
    this.trk.applyConf(md.confState, this.raftLog.lastIndex() + 1);
    for (const [id, pr] of this.trk.progress) {
      pr.match = id === this.id ? md.index : 0;
      pr.next = md.index + 1;
    }
    return true;
  }

  // ---- configuration changes -------------------------------------------------

  /**
   * Why the leader would refuse `cc` now (undefined: it would append it).
   * `retry`: the refusal passes (this node is not the leader, another change
   * is not applied yet, a leadership transfer runs); otherwise the current
   * configuration does not allow the change.
   */
  confChangeRefusal(cc: ConfChange | ConfChangeV2): { retry: boolean; reason: string } | undefined {
    if (this.state !== StateType.Leader) return { retry: true, reason: 'this node is not the leader' };
    if (this.leadTransferee !== NONE) return { retry: true, reason: `leadership is being transferred to node ${this.leadTransferee}` };
    if (this.pendingConfIndex > this.raftLog.applied) {
      return { retry: true, reason: `an earlier membership change or leader term start (entry ${this.pendingConfIndex}) is not applied yet` };
    }
    const next = applyConfChangeV2(this.trk.confState(), asV2(cc));
    return next.ok ? undefined : { retry: false, reason: next.reason };
  }

  /**
   * Applies a committed conf-change entry (called by the application when it
   * applies the entry). Never throws: the data comes from the log, i.e. from
   * peers. An entry carrying its configuration sets that configuration; one
   * of the first format (no configuration) is applied to the current one.
   */
  applyConfChangeEntry(data: Uint8Array): ConfChangeApplied {
    const d = decodeConfChange(data);
    const current = this.trk.confState();
    if (!d.ok) return { confState: current, outcome: ConfChangeOutcome.Ignored, reason: d.reason };
    const computed = applyConfChangeV2(current, d.value.change);
    const carried = d.value.confState;
    if (carried === undefined) {
      if (isEmptyConfState(current)) {
        return { confState: current, outcome: ConfChangeOutcome.Ignored, reason: 'a replica without a configuration cannot apply a change that does not carry one' };
      }
      if (!computed.ok) return { confState: current, outcome: ConfChangeOutcome.Ignored, reason: computed.reason };
      this.switchToConfig(computed.confState);
      return { confState: computed.confState, outcome: ConfChangeOutcome.Applied };
    }
    this.switchToConfig(carried);
    if (isEmptyConfState(current)) return { confState: carried, outcome: ConfChangeOutcome.Adopted };
    if (computed.ok && confStateEqual(computed.confState, carried)) return { confState: carried, outcome: ConfChangeOutcome.Applied };
    return {
      confState: carried,
      outcome: ConfChangeOutcome.Mismatch,
      reason: computed.ok ? `the change gives ${JSON.stringify(computed.confState)} here` : computed.reason,
    };
  }

  /** Applies a change directly (no entry): tests and tools. Returns the configuration, unchanged when the change is invalid. */
  applyConfChange(cc: ConfChange | ConfChangeV2): ConfState {
    const next = applyConfChangeV2(this.trk.confState(), asV2(cc));
    if (!next.ok) return this.trk.confState();
    this.switchToConfig(next.confState);
    return next.confState;
  }

  private switchToConfig(cs: ConfState): void {
    this.trk.applyConf(cs, this.raftLog.lastIndex() + 1);
    if (this.state !== StateType.Leader) return;
    const self = this.trk.progress.get(this.id);
    if (self === undefined || self.isLearner) {
      // The leader removed (or demoted) itself and the change is committed:
      // step down so the remaining voters elect a leader among themselves.
      // (A leader that a joint change removes leads until the joint
      // configuration is left: it is an outgoing voter until then.)
      this.becomeFollower(this.term, NONE);
      return;
    }
    if (this.leadTransferee !== NONE && !this.trk.isIncomingVoter(this.leadTransferee)) this.abortLeaderTransfer();
    if (this.maybeCommit()) this.bcastCommit();
    else for (const id of this.trk.progress.keys()) if (id !== this.id) this.maybeSendAppend(id, false);
  }

  /**
   * The application applied up to `index`. A leader in a joint configuration
   * that asks to be left automatically proposes the leave once the change
   * that entered it is applied (the entry at pendingConfIndex) — also a new
   * leader that finds the group joint, once it has applied its whole log.
   */
  appliedTo(index: number): void {
    this.raftLog.appliedTo(index);
    if (this.state !== StateType.Leader || !this.trk.autoLeave || !this.trk.joint) return;
    if (this.raftLog.applied < this.pendingConfIndex) return;
    const data = leaderConfChangeData(this, encodeConfChange(LEAVE_JOINT));
    if (data === undefined) return;
    this.appendEntry([{ term: 0, index: 0, type: EntryType.ConfChange, data }]);
    this.pendingConfIndex = this.raftLog.lastIndex();
    this.bcastAppend();
  }
}

// ---- ticks ---------------------------------------------------------------------

function tickElection(r: Raft): void {
  r.electionElapsed++;
  if (!r.pastElectionTimeout()) return;
  if (r.promotable()) {
    r.electionElapsed = 0;
    r.step(message({ type: MessageType.Hup, from: r.id }));
  } else if (r.repairing && r.trk.progress.has(r.id)) {
    // It may not campaign, so nothing it would send wakes a quiesced leader
    // (which then never repairs it): tell every voter where its log ends.
    r.electionElapsed = 0;
    for (const id of r.trk.allVoters()) if (id !== r.id) r.sendRegressed(id);
  }
}

function tickHeartbeat(r: Raft): void {
  r.heartbeatElapsed++;
  r.electionElapsed++;
  if (r.electionElapsed >= r.electionTimeout) {
    r.electionElapsed = 0;
    if (r.checkQuorum) r.step(message({ type: MessageType.CheckQuorum, from: r.id }));
    // A transfer that did not finish within an election timeout is abandoned.
    if (r.state === StateType.Leader && r.leadTransferee !== NONE) r.abortLeaderTransfer();
  }
  if (r.state !== StateType.Leader) return;
  if (r.heartbeatElapsed >= r.heartbeatTimeout) {
    r.heartbeatElapsed = 0;
    if (r.canQuiesce()) {
      r.quiesce();
      return;
    }
    r.step(message({ type: MessageType.Beat, from: r.id }));
  }
}

// ---- role step functions ----------------------------------------------------------

function stepLeader(r: Raft, m: Message): StepError | undefined {
  switch (m.type) {
    case MessageType.Beat:
      r.bcastHeartbeat(r.readOnly.lastPendingContext());
      return undefined;
    case MessageType.CheckQuorum: {
      if (!r.trk.quorumActive()) {
        r.becomeFollower(r.term, NONE);
        return undefined;
      }
      for (const [id, pr] of r.trk.progress) pr.recentActive = id === r.id;
      return undefined;
    }
    case MessageType.Propose: {
      if (m.entries.length === 0) throw new Error('raft: empty proposal');
      if (!r.trk.progress.has(r.id)) return StepError.ProposalDropped; // removed from the group
      if (r.leadTransferee !== NONE) return StepError.ProposalDropped; // transfer in progress
      let ents = m.entries;
      for (let i = 0; i < ents.length; i++) {
        const e = ents[i] as Entry;
        if (e.type !== EntryType.ConfChange) continue;
        // The leader writes the configuration the change produces into the
        // entry: every replica applying it checks (or, joining, learns) it.
        const data = r.pendingConfIndex > r.raftLog.applied ? undefined : leaderConfChangeData(r, e.data);
        if (ents === m.entries) ents = [...m.entries];
        if (data === undefined) {
          // Keep the slot (callers may count entries) but make it a no-op.
          (ents as Entry[])[i] = { term: 0, index: 0, type: EntryType.Normal, data: EMPTY_DATA };
        } else {
          (ents as Entry[])[i] = { term: 0, index: 0, type: EntryType.ConfChange, data };
          r.pendingConfIndex = r.raftLog.lastIndex() + i + 1;
        }
      }
      r.appendEntry(ents);
      r.bcastAppend();
      return undefined;
    }
    case MessageType.ReadIndex: {
      if (r.trk.isSingleton() || r.knobs.staleReads === true) {
        r.respondToReadIndex(m, r.raftLog.committed);
        return undefined;
      }
      // Until an entry of this term commits, the leader's commit index may lag
      // entries committed by earlier leaders: defer the read.
      if (!r.committedEntryInCurrentTerm()) {
        r.pendingReadIndexMessages.push(m);
        return undefined;
      }
      r.sendReadIndexResponse(m);
      return undefined;
    }
    case MessageType.TransferLeader: {
      const target = m.from;
      const pr = r.trk.progress.get(target);
      // Only a voter of the incoming configuration: one that is leaving would
      // have to hand leadership on again.
      if (pr === undefined || !r.trk.isIncomingVoter(target)) return undefined;
      // One transfer at a time: refuse while another is pending (it aborts by itself after an election timeout).
      if (r.leadTransferee !== NONE) return undefined;
      if (target === r.id) return undefined;
      r.electionElapsed = 0;
      r.leadTransferee = target;
      if (pr.match === r.raftLog.lastIndex()) r.sendTimeoutNow(target);
      else r.sendAppend(target);
      return undefined;
    }
    default:
      break;
  }

  const pr = r.trk.progress.get(m.from);
  if (pr === undefined) return undefined;
  switch (m.type) {
    case MessageType.AppResp: {
      pr.recentActive = true;
      if (m.reject) {
        let nextProbe = m.rejectHint;
        if (m.logTerm > 0) nextProbe = r.raftLog.findConflictByTerm(m.rejectHint, m.logTerm).index;
        // A repairing follower lost entries it acknowledged: match may be above
        // its log, and maybeDecrTo never probes below match + 1.
        // The same without the flag: a probe at exactly match refused means the
        // follower lost an entry it acknowledged without knowing it (a write its
        // disk dropped without a trace), or the answer is a stale duplicate. A
        // second such refusal in a row (the next probe goes at the next
        // heartbeat answer) is the follower's word. Lowering match is safe
        // either way (commit never falls), but a stale one would only cost resends.
        const atMatch = pr.state === ProgressState.Probe && m.index > 0 && m.index === pr.match && pr.next - 1 === pr.match && nextProbe < pr.match;
        const lostUnflagged = atMatch && ++pr.probeRejectsAtMatch >= 2;
        if ((m.regressed === true || lostUnflagged) && nextProbe < pr.match) {
          if (pr.regressTo(nextProbe)) r.sendAppend(m.from);
          return undefined;
        }
        if (pr.maybeDecrTo(m.index, nextProbe)) {
          if (pr.state === ProgressState.Replicate) pr.becomeProbe();
          r.sendAppend(m.from);
        }
        return undefined;
      }
      const oldPaused = pr.isPaused();
      if (!pr.maybeUpdate(m.index)) return undefined;
      if (pr.state === ProgressState.Probe) {
        pr.becomeReplicate();
      } else if (pr.state === ProgressState.Snapshot && pr.match + 1 >= r.raftLog.firstIndex()) {
        // The snapshot (or appends) brought it back within our log: resume normal flow.
        pr.becomeProbe();
        pr.becomeReplicate();
      } else if (pr.state === ProgressState.Replicate) {
        pr.inflights.freeLE(m.index);
      }
      if (r.maybeCommit()) {
        r.releasePendingReadIndexMessages();
        r.bcastCommit();
      } else if (oldPaused) {
        r.sendAppend(m.from);
      }
      // Fill the pipeline while the window allows.
      while (r.maybeSendAppend(m.from, false)) {
        /* keep sending */
      }
      if (m.from === r.leadTransferee && pr.match === r.raftLog.lastIndex()) r.sendTimeoutNow(m.from);
      return undefined;
    }
    case MessageType.HeartbeatResp: {
      pr.recentActive = true;
      pr.msgAppFlowPaused = false;
      // A follower that answers heartbeats but never acknowledged the snapshot
      // sent to it lost it (a dropped stream, a chunk timed out; the host does
      // not report snapshot delivery): probe again, which resends it. Without
      // this it would stay paused for the whole term, and two such followers
      // of four would keep the leader from committing while it keeps its lease.
      if (pr.state === ProgressState.Snapshot && ++pr.snapshotWaitBeats > r.snapshotRetryBeats) {
        pr.pendingSnapshot = 0;
        pr.becomeProbe();
      }
      if (pr.match < r.raftLog.lastIndex() || pr.state === ProgressState.Probe) r.sendAppend(m.from);
      if (m.context === undefined || m.context.byteLength === 0) return undefined;
      const acks = r.readOnly.recvAck(m.from, m.context);
      if (acks === undefined || !r.trk.quorumOf(acks)) return undefined;
      for (const rs of r.readOnly.advance(m.context)) r.respondToReadIndex(rs.req, rs.index);
      return undefined;
    }
    case MessageType.SnapStatus: {
      if (pr.state !== ProgressState.Snapshot) return undefined;
      if (m.reject) pr.pendingSnapshot = 0;
      pr.becomeProbe();
      // Wait for a heartbeat response before probing again.
      pr.msgAppFlowPaused = true;
      return undefined;
    }
    case MessageType.Unreachable:
      if (pr.state === ProgressState.Replicate) pr.becomeProbe();
      return undefined;
    default:
      return undefined;
  }
}

/** A proposed change's entry data with the configuration it produces, or undefined when the change is refused. */
function leaderConfChangeData(r: Raft, data: Uint8Array): Uint8Array | undefined {
  const d = decodeConfChange(data);
  if (!d.ok) return undefined;
  const next = applyConfChangeV2(r.trk.confState(), d.value.change);
  return next.ok ? encodeConfChange(d.value.change, next.confState) : undefined;
}

function stepCandidate(r: Raft, m: Message): StepError | undefined {
  const myVoteResp = r.state === StateType.PreCandidate ? MessageType.PreVoteResp : MessageType.VoteResp;
  switch (m.type) {
    case MessageType.Propose:
    case MessageType.ReadIndex:
      return StepError.ProposalDropped;
    case MessageType.App:
      r.becomeFollower(m.term, m.from);
      r.handleAppendEntries(m);
      return undefined;
    case MessageType.Heartbeat:
      r.becomeFollower(m.term, m.from);
      r.handleHeartbeat(m);
      return undefined;
    case MessageType.Snap:
      r.becomeFollower(m.term, m.from);
      r.handleSnapshot(m);
      return undefined;
    case MessageType.TimeoutNow:
      return undefined;
    default:
      break;
  }
  if (m.type !== myVoteResp) return undefined;
  // Only votes for the campaign we are running count (a pre-vote answer
  // carries term+1, a vote answer carries our term).
  if (m.type === MessageType.PreVoteResp && !m.reject && m.term !== r.term + 1) return undefined;
  const res = r.poll(m.from, !m.reject);
  if (res === VoteResult.Won) {
    if (r.state === StateType.PreCandidate) {
      r.campaign(CampaignType.Election);
    } else {
      r.becomeLeader();
      r.bcastAppend();
    }
  } else if (res === VoteResult.Lost) {
    r.becomeFollower(r.term, NONE);
  }
  return undefined;
}

function stepFollower(r: Raft, m: Message): StepError | undefined {
  switch (m.type) {
    case MessageType.Propose:
      if (r.lead === NONE || r.disableProposalForwarding) return StepError.ProposalDropped;
      m.to = r.lead;
      r.send(m);
      return undefined;
    case MessageType.App:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleAppendEntries(m);
      return undefined;
    case MessageType.Heartbeat:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleHeartbeat(m);
      return undefined;
    case MessageType.Snap:
      r.electionElapsed = 0;
      r.lead = m.from;
      r.handleSnapshot(m);
      return undefined;
    case MessageType.TransferLeader:
      if (r.lead === NONE) return undefined;
      m.to = r.lead;
      r.send(m);
      return undefined;
    case MessageType.TimeoutNow:
      // The leader asked us to campaign now (transfer): skip pre-vote and the
      // lease. Only the leader may: from anyone else it is churn, not a transfer.
      if (m.from !== r.lead) return undefined;
      r.hup(CampaignType.Transfer);
      return undefined;
    case MessageType.ReadIndex:
      if (r.lead === NONE) return StepError.ProposalDropped;
      m.to = r.lead;
      r.send(m);
      return undefined;
    case MessageType.ReadIndexResp:
      r.readStates.push({ index: m.index, context: m.context ?? EMPTY_DATA });
      return undefined;
    default:
      return undefined;
  }
}
