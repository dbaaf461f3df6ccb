// Raft messages to and from the wire contract (proto/eddy/v1/raft.proto).
// Heartbeats and their responses, the most frequent messages between two
// nodes hosting many groups, travel as compact CoalescedHeartbeat items.
import type { wire } from '@eddy/protocol';
import { EMPTY_ENTRIES, EntryType, MessageType, message, type Entry, type Message, type NodeId } from '../core/types.js';
import type { GroupMessage } from './transport.js';

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
  [MessageType.Propose]: 'RAFT_MESSAGE_TYPE_PROPOSE',
  [MessageType.TransferLeader]: 'RAFT_MESSAGE_TYPE_TRANSFER_LEADER',
};
const FROM_WIRE_TYPE = new Map<string, MessageType>(Object.entries(TO_WIRE_TYPE).map(([k, v]) => [v as string, k as MessageType]));

const num = (v: string | number | undefined): number => (v === undefined ? 0 : Number(v));

// The quiesce flag of a heartbeat (and of its answer) travels as this reserved
// context: a quiesce heartbeat never confirms a read, and read contexts of the
// host never start with a NUL byte.
const QUIESCE_CONTEXT = Buffer.from('\0quiesce');

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

export function heartbeatFromWire(from: NodeId, to: NodeId, h: wire.CoalescedHeartbeat__Output): GroupMessage {
  const quiesce = h.context !== undefined && QUIESCE_CONTEXT.equals(h.context);
  return {
    group: h.group,
    message: message({
      type: h.response ? MessageType.HeartbeatResp : MessageType.Heartbeat,
      from,
      to,
      term: num(h.term),
      commit: num(h.commit),
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
  if (m.entries.length > 0) {
    out.entries = m.entries.map((e) => ({
      term: e.term,
      index: e.index,
      type: e.type === EntryType.ConfChange ? 'RAFT_ENTRY_TYPE_CONF_CHANGE' : 'RAFT_ENTRY_TYPE_NORMAL',
      data: Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength),
    }));
  }
  if (m.context && m.context.byteLength > 0) out.context = Buffer.from(m.context.buffer, m.context.byteOffset, m.context.byteLength);
  if (snapshotChunk) out.snapshot = snapshotChunk;
  return out;
}

/** Converts a received message; snapshot chunks are returned apart for reassembly. Throws on malformed input. */
export function messageFromWire(w: wire.RaftMessage__Output): { group: string; message: Message; chunk?: wire.RaftSnapshotChunk__Output } {
  const type = FROM_WIRE_TYPE.get(w.type);
  if (type === undefined) throw new TypeError(`unknown raft message type ${w.type}`);
  let entries: readonly Entry[] = EMPTY_ENTRIES;
  if (w.entries.length > 0) {
    entries = w.entries.map((e) => ({
      term: num(e.term),
      index: num(e.index),
      type: e.type === 'RAFT_ENTRY_TYPE_CONF_CHANGE' ? EntryType.ConfChange : EntryType.Normal,
      data: e.data,
    }));
  }
  const m = message({
    type,
    from: w.from,
    to: w.to,
    term: num(w.term),
    logTerm: num(w.logTerm),
    index: num(w.index),
    entries,
    commit: num(w.commit),
    reject: w.reject,
    rejectHint: num(w.rejectHint),
    transfer: w.transfer || undefined,
    context: w.context.length > 0 ? w.context : undefined,
  });
  return w.snapshot ? { group: w.group, message: m, chunk: w.snapshot } : { group: w.group, message: m };
}
