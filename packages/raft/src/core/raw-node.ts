// The application-facing API of one Raft node (etcd's RawNode): feed it ticks,
// messages and requests; poll hasReady()/ready() for what to persist, send and
// apply; call advance() once that is done. Single-threaded and synchronous.

import { encodeConfChange } from './conf-change.js';
import type { Config } from './config.js';
import { Raft, type ConfChangeApplied, type StepError } from './raft.js';
import {
  EntryType,
  MessageType,
  StateType,
  NONE,
  hardStateEqual,
  isLocalMessage,
  isResponseMessage,
  message,
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

/**
 * Everything the application must do, in this order:
 * 0. Send `earlyMessages` (a leader's appends) — at once, or at any point
 *    before step 2: the leader's disk write may overlap its followers' (Raft
 *    thesis §10.2.1), because it counts its own copy only after step 4.
 * 1. Persist `snapshot` (if any), then `entries`, then `hardState` (if any) —
 *    durably (fsync) — BEFORE step 2. A vote or an append acknowledgement among
 *    the messages is a promise only durable state can keep.
 * 2. Send `messages`.
 * 3. Apply `committedEntries` to the state machine (call applyConfChange for
 *    conf-change entries), and serve `readStates` once applied >= their index.
 *    When `mayApplyBeforePersist`, this may happen before (or during) step 1.
 * 4. Call advance().
 */
export interface Ready {
  /** Set when leader or role changed. Volatile; not to be persisted. */
  readonly softState?: SoftState | undefined;
  /** Set when term, vote or commit changed: persist. */
  readonly hardState?: HardState | undefined;
  /** Entries to append to durable storage (truncating any conflicting suffix). */
  readonly entries: readonly Entry[];
  /** A snapshot to install in durable storage (replaces the log). */
  readonly snapshot?: Snapshot | undefined;
  /** Entries committed and not yet applied. */
  readonly committedEntries: readonly Entry[];
  /**
   * The committed entries may be applied BEFORE persisting the above (while the
   * write runs): they are durable here already, none is a configuration change
   * (whose commit must be durable first, see mustSync in driver/ready-pass.ts), and
   * neither the role nor the term changes in this Ready.
   */
  readonly mayApplyBeforePersist: boolean;
  /**
   * The hard state's commit reaches repairUntil: the replica's repair ends.
   * Persist it now, not lazily (mustSync in driver/ready-pass.ts): until it is
   * durable a restart repairs again, and votes for nobody meanwhile.
   */
  readonly repaired: boolean;
  /** Messages that may be sent BEFORE persisting the above: a leader's appends, whose term and vote are already durable. */
  readonly earlyMessages: readonly Message[];
  /** Messages to send AFTER persisting the above. */
  readonly messages: readonly Message[];
  /** Confirmed linearizable reads (ReadIndex). */
  readonly readStates: readonly ReadState[];
}

export interface Status {
  readonly id: NodeId;
  readonly hardState: HardState;
  readonly softState: SoftState;
  readonly applied: number;
  readonly leadTransferee: NodeId;
  readonly confState: ConfState;
}

const EMPTY: readonly never[] = Object.freeze([]) as readonly never[];

export class RawNode {
  readonly raft: Raft;
  private prevSoftState: SoftState;
  private prevHardState: HardState;
  private pending: Ready | undefined;

  constructor(config: Config) {
    this.raft = new Raft(config);
    this.prevSoftState = this.raft.softState();
    this.prevHardState = this.raft.hardState();
  }

  tick(): void {
    this.raft.tick();
  }

  /** Campaign now (skipping the election timeout). */
  campaign(): StepError | undefined {
    return this.raft.step(message({ type: MessageType.Hup, from: this.raft.id }));
  }

  /** Proposes one normal entry. A follower forwards it; success is only known when it commits. */
  propose(data: Uint8Array): StepError | undefined {
    return this.raft.step(
      message({ type: MessageType.Propose, from: this.raft.id, entries: [{ term: 0, index: 0, type: EntryType.Normal, data }] }),
    );
  }

  /** Proposes several entries in one append (one log write, one message per follower). */
  proposeBatch(datas: readonly Uint8Array[]): StepError | undefined {
    if (datas.length === 0) return undefined;
    const entries: Entry[] = datas.map((data) => ({ term: 0, index: 0, type: EntryType.Normal, data }));
    return this.raft.step(message({ type: MessageType.Propose, from: this.raft.id, entries }));
  }

  /**
   * Proposes a membership change: one node (a simple change), or any number
   * at once through a joint configuration (ConfChangeV2). One change at a
   * time: the leader turns a change proposed while another is unapplied, or
   * one the configuration does not allow, into a no-op entry (see
   * confChangeRefusal to ask first).
   */
  proposeConfChange(cc: ConfChange | ConfChangeV2): StepError | undefined {
    return this.raft.step(
      message({
        type: MessageType.Propose,
        from: this.raft.id,
        entries: [{ term: 0, index: 0, type: EntryType.ConfChange, data: encodeConfChange(cc) }],
      }),
    );
  }

  /** Why the leader would refuse `cc` now; undefined when it would append it. */
  confChangeRefusal(cc: ConfChange | ConfChangeV2): { retry: boolean; reason: string } | undefined {
    return this.raft.confChangeRefusal(cc);
  }

  /**
   * Applies a committed conf-change entry's data (the application calls it
   * when it applies the entry); returns the new configuration (to store with
   * snapshots) and what happened. Never throws.
   */
  applyConfChangeEntry(data: Uint8Array): ConfChangeApplied {
    return this.raft.applyConfChangeEntry(data);
  }

  /** Applies a change directly, without an entry (tests); returns the new configuration. */
  applyConfChange(cc: ConfChange | ConfChangeV2): ConfState {
    return this.raft.applyConfChange(cc);
  }

  /** Delivers a message from a peer. Local-intent message types are refused. */
  step(m: Message): StepError | undefined {
    if (isLocalMessage(m.type)) return undefined;
    // Responses from nodes not in the configuration are noise.
    if (isResponseMessage(m.type) && !this.raft.trk.progress.has(m.from) && this.raft.state === 'leader') return undefined;
    return this.raft.step(m);
  }

  /** Asks the leader to hand leadership to `transferee`. */
  transferLeader(transferee: NodeId): void {
    this.raft.step(message({ type: MessageType.TransferLeader, from: transferee }));
  }

  /**
   * Requests a linearizable read. `context` must be unique per request; the
   * answer arrives as a ReadState with the same context (or never, if the
   * request is lost: retry with a new context). Returns 'proposal-dropped'
   * when this node knows no leader to ask.
   */
  readIndex(context: Uint8Array): StepError | undefined {
    return this.raft.step(message({ type: MessageType.ReadIndex, from: this.raft.id, context }));
  }

  /**
   * Repairing: the storage reported lost entries (InitialState.repairUntil),
   * so this replica neither votes nor campaigns until its commit index
   * reaches repairUntil. The host reads it for logs and metrics.
   */
  get repairing(): boolean {
    return this.raft.repairing;
  }

  /** The commit index that ends repair; 0 when not repairing. */
  get repairUntil(): number {
    return this.raft.repairUntil;
  }

  /** Quiesced (Config.quiesce): ticks do nothing until a message or request wakes it. */
  get quiesced(): boolean {
    return this.raft.quiesced;
  }

  /**
   * The host's node-level liveness says this group's leader is gone: a
   * quiesced follower wakes, forgets the leader and campaigns soon.
   */
  forgetLeader(): void {
    this.raft.forgetLeader();
  }

  reportUnreachable(id: NodeId): void {
    this.raft.step(message({ type: MessageType.Unreachable, from: id }));
  }

  /** Reports whether a snapshot sent to `id` was delivered (failure makes the leader retry). */
  reportSnapshot(id: NodeId, ok: boolean): void {
    this.raft.step(message({ type: MessageType.SnapStatus, from: id, reject: !ok }));
  }

  /** Cheap (no allocation): a multi-raft host calls it for every group on every tick. */
  hasReady(): boolean {
    const r = this.raft;
    if (r.lead !== this.prevSoftState.lead || r.state !== this.prevSoftState.state) return true;
    const phs = this.prevHardState;
    const vote = r.knobs.forgetVote === true ? NONE : r.vote;
    if (r.term !== phs.term || vote !== phs.vote || r.raftLog.committed !== phs.commit) return true;
    if (r.raftLog.unstable.snapshot !== undefined) return true;
    if (r.msgs.length > 0 || r.readStates.length > 0) return true;
    if (r.raftLog.unstableEntries().length > 0) return true;
    return r.raftLog.hasNextCommittedEnts();
  }

  /** Collects what to persist, send and apply. Call advance() when done, before the next ready(). */
  ready(): Ready {
    const r = this.raft;
    const ss = r.softState();
    const hs = r.hardState();
    const snap = r.raftLog.unstable.snapshot;
    // A leader's appends need nothing of this Ready to be durable first when
    // its term and vote already are (they were persisted before it won).
    let early: readonly Message[] = EMPTY;
    let late: readonly Message[] = r.msgs.length > 0 ? r.msgs : EMPTY;
    if (r.state === StateType.Leader && late.length > 0 && hs.term === this.prevHardState.term && hs.vote === this.prevHardState.vote) {
      const appends: Message[] = [];
      const rest: Message[] = [];
      for (const m of late) (m.type === MessageType.App && m.term === hs.term ? appends : rest).push(m);
      early = appends;
      late = rest;
    }
    const softState = ss.lead !== this.prevSoftState.lead || ss.state !== this.prevSoftState.state ? ss : undefined;
    const entries = r.raftLog.unstableEntries().slice();
    const committedEntries = r.raftLog.hasNextCommittedEnts() ? r.raftLog.nextCommittedEnts(r.maxCommittedSize) : EMPTY;
    const lastCommitted = committedEntries[committedEntries.length - 1];
    const rd: Ready = {
      softState,
      hardState: hardStateEqual(hs, this.prevHardState) ? undefined : hs,
      entries,
      snapshot: snap,
      committedEntries,
      mayApplyBeforePersist:
        lastCommitted !== undefined &&
        snap === undefined &&
        softState === undefined &&
        hs.term === this.prevHardState.term &&
        hs.vote === this.prevHardState.vote &&
        (entries.length === 0 || lastCommitted.index < (entries[0] as Entry).index) &&
        committedEntries.every((e) => e.type !== EntryType.ConfChange),
      repaired: r.repairTarget > 0 && hs.commit >= r.repairTarget && this.prevHardState.commit < r.repairTarget,
      earlyMessages: early,
      messages: late,
      readStates: r.readStates.length > 0 ? r.readStates : EMPTY,
    };
    if (r.msgs.length > 0) r.msgs = [];
    if (r.readStates.length > 0) r.readStates = [];
    this.pending = rd;
    return rd;
  }

  /**
   * Committed entries the application may apply now, outside the Ready cycle —
   * also while the last Ready's write is still in progress, so a commit learnt
   * meanwhile (a follower's acknowledgement) need not wait for that write.
   * They follow everything handed out for applying so far and count as
   * applied. Only entries that are durable here and committed, up to the first
   * configuration change (which goes through a Ready: its commit must be
   * durable first, see mustSync in driver/ready-pass.ts). Empty when the outstanding
   * Ready's own committed entries may not be applied yet (not
   * `mayApplyBeforePersist`), or when the role, term or snapshot changed since
   * the last Ready: those go through the next Ready, in order.
   *
   * The caller applies the returned entries before the outstanding Ready's
   * later steps and before the next ready().
   */
  takeDurableCommitted(): readonly Entry[] {
    const r = this.raft;
    const rd = this.pending;
    if (rd !== undefined && (rd.softState !== undefined || rd.snapshot !== undefined)) return EMPTY;
    if (rd !== undefined && rd.committedEntries.length > 0 && !rd.mayApplyBeforePersist) return EMPTY;
    const phs = this.prevHardState;
    if (rd?.hardState !== undefined && (rd.hardState.term !== phs.term || rd.hardState.vote !== phs.vote)) return EMPTY;
    if (r.term !== phs.term || r.lead !== this.prevSoftState.lead || r.state !== this.prevSoftState.state) return EMPTY;
    if (r.raftLog.unstable.snapshot !== undefined) return EMPTY;
    const handedOut = rd?.committedEntries[rd.committedEntries.length - 1]?.index ?? 0;
    const lo = Math.max(r.raftLog.applied, handedOut, r.raftLog.firstIndex() - 1) + 1;
    const hi = Math.min(r.raftLog.committed, r.raftLog.lastDurableIndex());
    if (hi < lo) return EMPTY;
    const ents = r.raftLog.slice(lo, hi + 1, r.maxCommittedSize) ?? [];
    let n = 0;
    while (n < ents.length && (ents[n] as Entry).type !== EntryType.ConfChange) n++;
    if (n === 0) return EMPTY;
    const out = n === ents.length ? ents : ents.slice(0, n);
    r.appliedTo((out[out.length - 1] as Entry).index);
    return out;
  }

  /** The application has persisted, sent and applied the last Ready. */
  advance(): void {
    const rd = this.pending;
    if (rd === undefined) return;
    this.pending = undefined;
    const r = this.raft;
    if (rd.softState !== undefined) this.prevSoftState = rd.softState;
    if (rd.hardState !== undefined) this.prevHardState = rd.hardState;
    const lastCommitted = rd.committedEntries[rd.committedEntries.length - 1];
    // takeDurableCommitted may have applied past this Ready's entries already.
    if (lastCommitted !== undefined) {
      if (lastCommitted.index > r.raftLog.applied) r.appliedTo(lastCommitted.index);
    } else if (rd.snapshot !== undefined && rd.snapshot.metadata.index > r.raftLog.applied) {
      r.appliedTo(rd.snapshot.metadata.index);
    }
    const lastEntry = rd.entries[rd.entries.length - 1];
    if (lastEntry !== undefined) r.raftLog.stableTo(lastEntry.index, lastEntry.term);
    if (rd.snapshot !== undefined) r.raftLog.stableSnapTo(rd.snapshot.metadata.index);
    if (lastEntry !== undefined) r.entriesDurable();
  }

  status(): Status {
    const r = this.raft;
    return {
      id: r.id,
      hardState: r.hardState(),
      softState: r.softState(),
      applied: r.raftLog.applied,
      leadTransferee: r.leadTransferee,
      confState: r.trk.confState(),
    };
  }

  get id(): NodeId {
    return this.raft.id;
  }

  get isLeader(): boolean {
    return this.raft.state === 'leader' && this.raft.lead === this.raft.id && this.raft.lead !== NONE;
  }
}
