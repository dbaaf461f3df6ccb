// The data types of the Raft core: log entries, durable hard state, snapshots,
// configurations and the one Message shape every exchange uses. All are plain
// objects (numbers, strings, booleans, Uint8Array, arrays) so a transport can
// serialise them field by field and a storage driver can encode them as values.
//
// Node ids are positive integers; 0 means "none" (no vote, no known leader).
// The raft group id is not part of the core: a multi-raft driver wraps messages
// with it.

/** A node id: a positive integer. 0 is reserved for "none". */
export type NodeId = number;
export const NONE: NodeId = 0;

export const EntryType = {
  /** Application data (or the leader's empty no-op entry). */
  Normal: 'normal',
  /** An encoded ConfChange; takes effect when the application applies it. */
  ConfChange: 'confChange',
} as const;
export type EntryType = (typeof EntryType)[keyof typeof EntryType];

/** One log entry. Entries are immutable once created: the core never mutates them. */
export interface Entry {
  readonly term: number;
  readonly index: number;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

/**
 * The state a node must persist before it answers any message: its current term,
 * the vote it cast in that term, and its commit index.
 * Rule of use: persist HardState, new entries and any snapshot from a Ready
 * BEFORE sending that Ready's messages (a vote or an append acknowledgement is
 * a promise that only durable state can keep). term and vote must be durable;
 * commit may lag on disk (it is recoverable): on restart the core raises it to
 * at least the snapshot index and the `applied` index it is given.
 */
export interface HardState {
  readonly term: number;
  readonly vote: NodeId;
  readonly commit: number;
}

/**
 * A membership configuration. Outside a membership change it is one majority
 * configuration (`voters`) plus `learners`. While a joint change is in
 * progress (Raft thesis §4.3) it is C_old,new: `votersOutgoing` holds the old
 * voters, `voters` the new ones, and every decision (commit, election,
 * ReadIndex, CheckQuorum) needs a majority of each. The new fields are
 * optional so configurations written before joint consensus existed (on disk,
 * on the wire) read as "not joint".
 */
export interface ConfState {
  /** The voters of the incoming (or only) configuration. */
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
  /** The voters of the outgoing configuration; empty unless joint. */
  readonly votersOutgoing?: readonly NodeId[] | undefined;
  /**
   * Voters of the outgoing configuration being demoted to learners: they stay
   * voters until the joint configuration is left, then become learners.
   */
  readonly learnersNext?: readonly NodeId[] | undefined;
  /** The leader leaves the joint configuration by itself once it has applied the change that entered it. */
  readonly autoLeave?: boolean | undefined;
}

/** Whether `cs` is a joint configuration (C_old,new). */
export function isJoint(cs: ConfState): boolean {
  return (cs.votersOutgoing?.length ?? 0) > 0;
}

/** Whether `cs` names nobody (a replica joining a group before it has learnt the group's configuration). */
export function isEmptyConfState(cs: ConfState): boolean {
  return cs.voters.length === 0 && cs.learners.length === 0 && !isJoint(cs) && (cs.learnersNext?.length ?? 0) === 0;
}

export interface SnapshotMetadata {
  readonly index: number;
  readonly term: number;
  readonly confState: ConfState;
}

/**
 * A state-machine snapshot covering the log up to metadata.index.
 * The core moves snapshots as one message; splitting a large snapshot into
 * chunks (and reassembling it before Raft sees it) is a transport driver's job.
 */
export interface Snapshot {
  readonly metadata: SnapshotMetadata;
  readonly data: Uint8Array;
}

export const ConfChangeType = {
  /** Add a voter, or promote an existing learner to voter. */
  AddNode: 'addNode',
  /** Add a learner (receives the log, does not vote), or demote a voter. */
  AddLearner: 'addLearner',
  RemoveNode: 'removeNode',
} as const;
export type ConfChangeType = (typeof ConfChangeType)[keyof typeof ConfChangeType];

/** One membership change of one node. */
export interface ConfChange {
  readonly type: ConfChangeType;
  readonly nodeId: NodeId;
}

export const ConfChangeTransition = {
  /**
   * A change of at most one voter is made directly; one of more voters goes
   * through a joint configuration that the leader leaves by itself once it
   * is applied.
   */
  Auto: 'auto',
  /** Always enter a joint configuration and stay there until a leave change (empty `changes`) is proposed. */
  Explicit: 'explicit',
} as const;
export type ConfChangeTransition = (typeof ConfChangeTransition)[keyof typeof ConfChangeTransition];

/**
 * A membership change of any number of nodes at once (etcd's ConfChangeV2).
 * Changes that alter more than one voter, or an explicit transition, enter
 * the joint configuration C_old,new; no change at all with the auto
 * transition leaves it. Changes that alter at most one voter (and any number
 * of learners) with the auto transition are a simple change.
 */
export interface ConfChangeV2 {
  readonly transition?: ConfChangeTransition | undefined;
  readonly changes: readonly ConfChange[];
}

export const MessageType = {
  // Local intents: never cross the network.
  Hup: 'hup',
  Beat: 'beat',
  CheckQuorum: 'checkQuorum',
  Propose: 'propose', // also forwarded follower -> leader
  TransferLeader: 'transferLeader', // also forwarded follower -> leader
  ReadIndex: 'readIndex', // also forwarded follower -> leader
  SnapStatus: 'snapStatus',
  Unreachable: 'unreachable',
  // Peer messages.
  App: 'app',
  AppResp: 'appResp',
  Vote: 'vote',
  VoteResp: 'voteResp',
  PreVote: 'preVote',
  PreVoteResp: 'preVoteResp',
  Snap: 'snap',
  Heartbeat: 'heartbeat',
  HeartbeatResp: 'heartbeatResp',
  TimeoutNow: 'timeoutNow',
  ReadIndexResp: 'readIndexResp',
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/**
 * The one message shape. Fields unused by a type keep their zero value.
 *
 * - App: index/logTerm = the entry preceding `entries`; commit = leader commit.
 * - AppResp: index = last matched index; when reject, rejectHint/logTerm are the
 *   follower's hint (largest index <= the probed one whose term <= logTerm) so
 *   the leader can skip a whole term of conflicting entries in one round trip.
 *   `regressed` on a rejection: the follower is repairing (its storage lost
 *   entries it may have acknowledged), so the leader's match for it may be
 *   above the log it holds; the leader lowers match to the hint.
 * - Vote/PreVote: index/logTerm = candidate's last entry; `transfer` marks a
 *   campaign triggered by TimeoutNow, which bypasses the leader lease.
 * - Heartbeat/HeartbeatResp: `context` carries the ReadIndex request being confirmed;
 *   `quiesce` on a heartbeat asks a caught-up follower to stop its election
 *   timer (the leader stops heartbeating), and on the response says it did.
 * - ReadIndex/ReadIndexResp: `context` identifies the read; index = read index.
 */
export interface Message {
  type: MessageType;
  to: NodeId;
  from: NodeId;
  term: number;
  logTerm: number;
  index: number;
  entries: readonly Entry[];
  commit: number;
  reject: boolean;
  rejectHint: number;
  snapshot?: Snapshot | undefined;
  context?: Uint8Array | undefined;
  transfer?: boolean | undefined;
  quiesce?: boolean | undefined;
  regressed?: boolean | undefined;
}

export const EMPTY_ENTRIES: readonly Entry[] = Object.freeze([]) as readonly Entry[];
export const EMPTY_DATA: Uint8Array = new Uint8Array(0);

/** Builds a message with zero values for every field not given. */
export function message(f: Partial<Message> & Pick<Message, 'type'>): Message {
  // Every message gets the same shape (all fields, same order): cheaper for
  // the JIT than spreading, and uniform for serialisers.
  return {
    type: f.type,
    to: f.to ?? NONE,
    from: f.from ?? NONE,
    term: f.term ?? 0,
    logTerm: f.logTerm ?? 0,
    index: f.index ?? 0,
    entries: f.entries ?? EMPTY_ENTRIES,
    commit: f.commit ?? 0,
    reject: f.reject ?? false,
    rejectHint: f.rejectHint ?? 0,
    snapshot: f.snapshot,
    context: f.context,
    transfer: f.transfer,
    quiesce: f.quiesce,
    regressed: f.regressed,
  };
}

export const StateType = {
  Follower: 'follower',
  PreCandidate: 'preCandidate',
  Candidate: 'candidate',
  Leader: 'leader',
} as const;
export type StateType = (typeof StateType)[keyof typeof StateType];

/** Volatile state worth reporting (not persisted). */
export interface SoftState {
  readonly lead: NodeId;
  readonly state: StateType;
}

/**
 * A confirmed read: once the application has applied up to `index`, a read
 * identified by `context` may be served from local state and is linearizable.
 */
export interface ReadState {
  readonly index: number;
  readonly context: Uint8Array;
}

export const EMPTY_HARD_STATE: HardState = Object.freeze({ term: 0, vote: NONE, commit: 0 });
export const EMPTY_CONF_STATE: ConfState = Object.freeze({ voters: [], learners: [] });

export function isEmptyHardState(hs: HardState): boolean {
  return hs.term === 0 && hs.vote === NONE && hs.commit === 0;
}

export function hardStateEqual(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.vote === b.vote && a.commit === b.commit;
}

/** Messages that are local intents: a network must never deliver them. */
export function isLocalMessage(t: MessageType): boolean {
  return (
    t === MessageType.Hup ||
    t === MessageType.Beat ||
    t === MessageType.CheckQuorum ||
    t === MessageType.SnapStatus ||
    t === MessageType.Unreachable
  );
}

export function isResponseMessage(t: MessageType): boolean {
  return (
    t === MessageType.AppResp ||
    t === MessageType.VoteResp ||
    t === MessageType.PreVoteResp ||
    t === MessageType.HeartbeatResp ||
    t === MessageType.Unreachable
  );
}

export function voteResponseType(t: MessageType): MessageType {
  return t === MessageType.PreVote ? MessageType.PreVoteResp : MessageType.VoteResp;
}

/** Approximate encoded size of an entry, for message and inflight byte limits. */
export function entrySize(e: Entry): number {
  return e.data.byteLength + 24;
}

export function entriesSize(ents: readonly Entry[]): number {
  let s = 0;
  for (const e of ents) s += entrySize(e);
  return s;
}
