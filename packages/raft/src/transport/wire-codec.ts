// Raft messages to and from the wire contract (proto/eddy/v1/raft.proto).
// Heartbeats and their responses, the most frequent messages between two
// nodes hosting many groups, travel as compact CoalescedHeartbeat items.
//
// Every received field is hostile until checked here: message kinds that are
// local intents (a proposal, a leadership-transfer request) never cross the
// network, numbers stay integers far below 2^53 (where term + 1 === term would
// end elections for good), and appended entries are contiguous and no newer
// than their message. A message that fails is refused whole.
import type { wire } from '@eddy/protocol';
import { confMembers, confStateProblem } from '../core/conf-change.js';
import { EMPTY_ENTRIES, EntryType, MessageType, isJoint, message, type ConfState, type Entry, type Message, type NodeId } from '../core/types.js';
import type { GroupMessage } from './transport.js';
import type { CoalescedHeartbeatIn, RaftMessageIn } from './send-codec.js';

// Propose and TransferLeader are not here: the host never forwards proposals
// (disableProposalForwarding) and asks for transfers only on the leader, so a
// peer that sends one is not a peer following the protocol.
const TO_WIRE_TYPE: Partial<Record<MessageType, wire.RaftMessageType>> = {
  [MessageType.App]: 'RAFT_MESSAGE_TYPE_APPEND',
  [MessageType.AppResp]: 'RAFT_MESSAGE_TYPE_APPEND_RESPONSE',
  [MessageType.Vote]: 'RAFT_MESSAGE_TYPE_VOTE',
  [MessageType.VoteResp]: 'RAFT_MESSAGE_TYPE_VOTE_RESPONSE',
  [MessageType.PreVote]: 'RAFT_MESSAGE_TYPE_PRE_VOTE',
  [MessageType.PreVoteResp]: 'RAFT_MESSAGE_TYPE_PRE_VOTE_RESPONSE',
  [MessageType.Heartbeat]: 'RAFT_MESSAGE_TYPE_HEARTBEAT',
  [MessageType.HeartbeatResp]: 'RAFT_MESSAGE_TYPE_HEARTBEAT_RESPONSE',
  [MessageType.Snap]: 'RAFT_MESSAGE_TYPE_SNAPSHOT',
  [MessageType.TimeoutNow]: 'RAFT_MESSAGE_TYPE_TIMEOUT_NOW',
  [MessageType.ReadIndex]: 'RAFT_MESSAGE_TYPE_READ_INDEX',
  [MessageType.ReadIndexResp]: 'RAFT_MESSAGE_TYPE_READ_INDEX_RESPONSE',
};
const FROM_WIRE_TYPE = new Map<string | number, MessageType>(Object.entries(TO_WIRE_TYPE).map(([k, v]) => [v as string, k as MessageType]));

/** Whether a message of this type may be sent to, or accepted from, a peer. */
export function crossesNetwork(t: MessageType): boolean {
  return TO_WIRE_TYPE[t] !== undefined;
}

/** A received message that no correct peer sends; the transport drops it. */
export class MalformedRaftMessageError extends Error {
  override readonly name = 'MalformedRaftMessageError';
}

/**
 * The largest term, index or commit accepted from the network: 2^52 leaves
 * room for every increment a real cluster will make while staying exact in a
 * double, so arithmetic on a forged value cannot stop being arithmetic.
 */
export const MAX_RAFT_NUMBER = 2 ** 52;
/** Group ids are "__controller" or a partition's id: short. */
export const MAX_GROUP_ID_LENGTH = 512;
const MAX_NODE_ID = 0x7fffffff;
/** Nodes a snapshot's configuration may name (voters and learners of both halves). */
const MAX_SNAPSHOT_MEMBERS = 1024;

/** A term, index or commit from the network: an integer from 0 to 2^52, or MalformedRaftMessageError. */
export function num(v: string | number | undefined, field: string): number {
  if (v === undefined) return 0;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 0 || n > MAX_RAFT_NUMBER) {
    throw new MalformedRaftMessageError(`raft message field ${field} is ${String(v)}: not an integer from 0 to 2^52`);
  }
  return n;
}

/** A node id from the wire: 1 to 2^31-1 (0 is "none", allowed only where `noneAllowed`). */
export function nodeIdFromWire(v: number, field: string, noneAllowed = false): NodeId {
  if (!Number.isInteger(v) || v < (noneAllowed ? 0 : 1) || v > MAX_NODE_ID) {
    throw new MalformedRaftMessageError(`raft message field ${field} is ${v}: not a node id`);
  }
  return v;
}

function groupFromWire(group: string): string {
  if (group.length === 0 || group.length > MAX_GROUP_ID_LENGTH) {
    throw new MalformedRaftMessageError(`raft group id of ${group.length} characters (1 to ${MAX_GROUP_ID_LENGTH} allowed)`);
  }
  return group;
}

// The quiesce flag of a heartbeat (and of its answer) travels as this reserved
// context: a quiesce heartbeat never confirms a read, and read contexts of the
// host never start with a NUL byte.
const QUIESCE_CONTEXT = Buffer.from('\0quiesce');

// The regressed flag of an append rejection (a repairing follower's, see
// Raft.repairUntil) travels as this reserved context: an append response
// carries no other context, and a peer that predates the flag ignores an
// append response's context (the rejection alone is one it takes for stale).
const REGRESSED_CONTEXT = Buffer.from('\0regressed');

export function isHeartbeat(m: Message): boolean {
  return m.type === MessageType.Heartbeat || m.type === MessageType.HeartbeatResp;
}

export function heartbeatToWire(group: string, m: Message): wire.CoalescedHeartbeat {
  return {
    group,
    response: m.type === MessageType.HeartbeatResp,
    term: m.term,
    commit: m.commit,
    ...(m.quiesce === true
      ? { context: QUIESCE_CONTEXT }
      : m.context && m.context.byteLength > 0
        ? { context: Buffer.from(m.context.buffer, m.context.byteOffset, m.context.byteLength) }
        : {}),
  };
}

export function heartbeatFromWire(from: NodeId, to: NodeId, h: CoalescedHeartbeatIn): GroupMessage {
  const term = num(h.term, 'heartbeat term');
  if (term === 0) throw new MalformedRaftMessageError('raft heartbeat of term 0');
  const quiesce = h.context !== undefined && QUIESCE_CONTEXT.equals(h.context);
  return {
    group: groupFromWire(h.group),
    message: message({
      type: h.response ? MessageType.HeartbeatResp : MessageType.Heartbeat,
      from,
      to,
      term,
      commit: num(h.commit, 'heartbeat commit'),
      context: !quiesce && h.context && h.context.length > 0 ? h.context : undefined,
      quiesce: quiesce || undefined,
    }),
  };
}

export function messageToWire(group: string, m: Message, snapshotChunk?: wire.RaftSnapshotChunk): wire.RaftMessage {
  const type = TO_WIRE_TYPE[m.type];
  if (type === undefined) throw new TypeError(`raft message type ${m.type} never crosses the network`);
  const out: wire.RaftMessage = {
    group,
    type,
    from: m.from,
    to: m.to,
    term: m.term,
    logTerm: m.logTerm,
    index: m.index,
    commit: m.commit,
    reject: m.reject,
    rejectHint: m.rejectHint,
    transfer: m.transfer ?? false,
  };
  if (m.entries.length > 0) out.entries = m.entries.map(entryToWire);
  if (m.type === MessageType.AppResp && m.regressed === true) out.context = REGRESSED_CONTEXT;
  else if (m.context && m.context.byteLength > 0) out.context = Buffer.from(m.context.buffer, m.context.byteOffset, m.context.byteLength);
  if (snapshotChunk) out.snapshot = snapshotChunk;
  return out;
}

/**
 * Converts a received message; snapshot chunks are returned apart for
 * reassembly. Throws MalformedRaftMessageError for anything a correct peer
 * never sends.
 */
export function messageFromWire(w: RaftMessageIn): { group: string; message: Message; chunk?: wire.RaftSnapshotChunk__Output } {
  const type = FROM_WIRE_TYPE.get(w.type);
  if (type === undefined) throw new MalformedRaftMessageError(`raft message type ${w.type} is not accepted from the network`);
  const group = groupFromWire(w.group);
  const term = num(w.term, 'term');
  const index = num(w.index, 'index');
  let entries: readonly Entry[] = EMPTY_ENTRIES;
  if (w.entries.length > 0) {
    if (type !== MessageType.App) throw new MalformedRaftMessageError(`raft ${type} message carries entries`);
    entries = w.entries.map((e, i) => {
      const entry: Entry = {
        term: num(e.term, 'entry term'),
        index: num(e.index, 'entry index'),
        type: e.type === 'RAFT_ENTRY_TYPE_CONF_CHANGE' ? EntryType.ConfChange : EntryType.Normal,
        data: e.data,
      };
      // An append carries the entries that follow `index`, in order, none newer than its term.
      if (entry.index !== index + 1 + i) throw new MalformedRaftMessageError(`raft append entry ${i} has index ${entry.index}, expected ${index + 1 + i}`);
      if (entry.term > term) throw new MalformedRaftMessageError(`raft append entry of term ${entry.term} in a message of term ${term}`);
      return entry;
    });
  }
  if (w.snapshot && type !== MessageType.Snap) throw new MalformedRaftMessageError(`raft ${type} message carries a snapshot`);
  // Term 0 marks a local request to the core; the only one that crosses the
  // network is a follower's read-index request forwarded to its leader.
  if ((term === 0) !== (type === MessageType.ReadIndex)) {
    throw new MalformedRaftMessageError(`raft ${type} message of term ${term}: ${type === MessageType.ReadIndex ? 'a forwarded read has term 0' : 'a peer message has a term'}`);
  }
  const regressed = type === MessageType.AppResp && REGRESSED_CONTEXT.equals(w.context);
  if (regressed && !w.reject) throw new MalformedRaftMessageError('raft append response flagged regressed without rejecting: only a rejection says where a log ends');
  const m = message({
    type,
    from: nodeIdFromWire(w.from, 'from'),
    to: nodeIdFromWire(w.to, 'to'),
    term,
    logTerm: num(w.logTerm, 'logTerm'),
    index,
    entries,
    commit: num(w.commit, 'commit'),
    reject: w.reject,
    rejectHint: num(w.rejectHint, 'rejectHint'),
    transfer: w.transfer || undefined,
    context: !regressed && w.context.length > 0 ? w.context : undefined,
    regressed: regressed || undefined,
  });
  return w.snapshot ? { group, message: m, chunk: w.snapshot } : { group, message: m };
}

/** A snapshot chunk's header, checked: where it goes (index, term), where it starts (offset), and a real configuration. */
export interface SnapshotChunkHeader {
  index: number;
  term: number;
  offset: number;
  confState: ConfState;
}

/** Checks a received snapshot chunk's numbers and configuration; throws MalformedRaftMessageError. */
export function snapshotChunkFromWire(chunk: wire.RaftSnapshotChunk__Output): SnapshotChunkHeader {
  return {
    index: num(chunk.index, 'snapshot index'),
    term: num(chunk.term, 'snapshot term'),
    offset: num(chunk.offset, 'snapshot offset'),
    confState: snapshotConfStateFromWire(chunk),
  };
}

/** A snapshot's configuration for the wire: the joint fields only when joint. */
export function snapshotConfStateToWire(cs: ConfState): Pick<wire.RaftSnapshotChunk, 'voters' | 'learners' | 'votersOutgoing' | 'learnersNext' | 'autoLeave'> {
  const out: Pick<wire.RaftSnapshotChunk, 'voters' | 'learners' | 'votersOutgoing' | 'learnersNext' | 'autoLeave'> = { voters: [...cs.voters], learners: [...cs.learners] };
  if (isJoint(cs)) {
    out.votersOutgoing = [...(cs.votersOutgoing ?? [])];
    if ((cs.learnersNext?.length ?? 0) > 0) out.learnersNext = [...(cs.learnersNext ?? [])];
    if (cs.autoLeave === true) out.autoLeave = true;
  }
  return out;
}

/**
 * A received snapshot's configuration: voters (at least one), learners and,
 * when joint, the outgoing voters, the voters to become learners and
 * autoLeave, each list of node ids bounded and without duplicates, under the
 * core's rules (confStateProblem: learners apart from every voter, demoted
 * voters only among the outgoing ones, joint fields only when joint). A
 * sender that predates the joint fields sends none: not joint.
 */
function snapshotConfStateFromWire(chunk: wire.RaftSnapshotChunk__Output): ConfState {
  // Absent from old senders' messages (proto3 defaults), so read defensively.
  const votersOutgoing = chunk.votersOutgoing ?? [];
  const learnersNext = chunk.learnersNext ?? [];
  const autoLeave = chunk.autoLeave === true;
  const lists = [chunk.voters, chunk.learners, votersOutgoing, learnersNext];
  const named = lists.reduce((n, l) => n + l.length, 0);
  const what = (): string =>
    `snapshot configuration of ${chunk.voters.length} voters, ${chunk.learners.length} learners, ${votersOutgoing.length} outgoing voters and ${learnersNext.length} voters to demote`;
  if (chunk.voters.length === 0 || named > 2 * MAX_SNAPSHOT_MEMBERS) throw new MalformedRaftMessageError(`${what()} is not a configuration`);
  for (const list of lists) for (const id of list) nodeIdFromWire(id, 'snapshot member');
  const confState: ConfState =
    votersOutgoing.length === 0 && learnersNext.length === 0 && !autoLeave
      ? { voters: chunk.voters, learners: chunk.learners }
      : {
          voters: chunk.voters,
          learners: chunk.learners,
          votersOutgoing,
          ...(learnersNext.length > 0 ? { learnersNext } : {}),
          ...(autoLeave ? { autoLeave } : {}),
        };
  const problem = confStateProblem(confState);
  if (problem !== undefined) throw new MalformedRaftMessageError(`${what()} is not a configuration: ${problem}`);
  // Voters and learners of both halves, each node once.
  if (confMembers(confState).length > MAX_SNAPSHOT_MEMBERS) throw new MalformedRaftMessageError(`${what()} names over ${MAX_SNAPSHOT_MEMBERS} nodes`);
  return confState;
}

export function entryToWire(e: Entry): wire.RaftEntry {
  return {
    term: e.term,
    index: e.index,
    type: e.type === EntryType.ConfChange ? 'RAFT_ENTRY_TYPE_CONF_CHANGE' : 'RAFT_ENTRY_TYPE_NORMAL',
    data: Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength),
  };
}
