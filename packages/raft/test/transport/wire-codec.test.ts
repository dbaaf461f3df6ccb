// What the Raft wire codec accepts from a peer: the message kinds a correct
// peer sends, with integer fields far below 2^53, contiguous appends, and a
// term wherever the core would otherwise take the message for a local one.
import type { wire } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { EntryType, MessageType, isJoint, message, type ConfState } from '../../src/core/types.js';
import { crossesNetwork, heartbeatFromWire, MalformedRaftMessageError, messageFromWire, messageToWire, snapshotChunkFromWire, snapshotConfStateToWire } from '../../src/transport/wire-codec.js';

function received(w: Partial<wire.RaftMessage__Output>): wire.RaftMessage__Output {
  return {
    group: 'g',
    type: 'RAFT_MESSAGE_TYPE_APPEND',
    from: 2,
    to: 1,
    term: '3',
    logTerm: '3',
    index: '10',
    entries: [],
    commit: '9',
    reject: false,
    rejectHint: '0',
    transfer: false,
    snapshot: null,
    context: Buffer.alloc(0),
    ...w,
  } as wire.RaftMessage__Output;
}

const entry = (index: number, term = 3): wire.RaftEntry__Output => ({ term: String(term), index: String(index), type: 'RAFT_ENTRY_TYPE_NORMAL', data: Buffer.from('x') });

describe('raft wire codec', () => {
  it('round-trips an append with its entries', () => {
    const m = message({ type: MessageType.App, from: 2, to: 1, term: 3, logTerm: 3, index: 10, commit: 9, entries: [{ term: 3, index: 11, type: EntryType.Normal, data: Buffer.from('a') }] });
    const back = messageFromWire(received(messageToWire('g', m) as unknown as wire.RaftMessage__Output)).message;
    expect(back).toMatchObject({ type: MessageType.App, from: 2, to: 1, term: 3, index: 10, commit: 9 });
    expect(back.entries.map((e) => e.index)).toEqual([11]);
  });

  it('carries a repairing follower\'s regressed flag on an append rejection, and only there', () => {
    const m = message({ type: MessageType.AppResp, from: 2, to: 1, term: 3, reject: true, rejectHint: 7, logTerm: 2, regressed: true });
    const w = messageToWire('g', m);
    const back = messageFromWire(received(w as unknown as wire.RaftMessage__Output)).message;
    expect(back).toMatchObject({ type: MessageType.AppResp, term: 3, reject: true, rejectHint: 7, logTerm: 2, regressed: true });
    expect(back.context).toBeUndefined();
    // A plain rejection and an acknowledgement carry no flag.
    const plain = messageFromWire(received(messageToWire('g', { ...m, regressed: undefined }) as unknown as wire.RaftMessage__Output)).message;
    expect(plain.regressed).toBeUndefined();
    // Only a rejection says where a log ends.
    expect(() => messageFromWire(received({ ...(w as unknown as wire.RaftMessage__Output), reject: false }))).toThrow(MalformedRaftMessageError);
    // A read's context is never taken for the flag.
    const read = messageFromWire(received({ type: 'RAFT_MESSAGE_TYPE_READ_INDEX_RESPONSE', context: w.context as Buffer })).message;
    expect(read.regressed).toBeUndefined();
    expect(read.context).toBeDefined();
  });

  it('never sends or accepts local intents: proposals and transfer requests', () => {
    expect(crossesNetwork(MessageType.Propose)).toBe(false);
    expect(crossesNetwork(MessageType.TransferLeader)).toBe(false);
    expect(crossesNetwork(MessageType.App)).toBe(true);
    for (const type of ['RAFT_MESSAGE_TYPE_PROPOSE', 'RAFT_MESSAGE_TYPE_TRANSFER_LEADER', 'RAFT_MESSAGE_TYPE_UNSPECIFIED'] as const) {
      expect(() => messageFromWire(received({ type, term: '0', entries: [entry(11)] }))).toThrow(MalformedRaftMessageError);
    }
  });

  it('refuses terms, indexes and commits that are not integers from 0 to 2^52', () => {
    for (const bad of ['9007199254740993', '18446744073709551615', '4503599627370497', '-1']) {
      for (const field of ['term', 'logTerm', 'index', 'commit', 'rejectHint'] as const) {
        expect(() => messageFromWire(received({ [field]: bad }))).toThrow(MalformedRaftMessageError);
      }
      expect(() => heartbeatFromWire(2, 1, { group: 'g', response: false, term: bad, commit: '1', context: Buffer.alloc(0) })).toThrow(MalformedRaftMessageError);
    }
    expect(messageFromWire(received({ term: String(2 ** 52) })).message.term).toBe(2 ** 52);
  });

  it('refuses appends whose entries are not the contiguous run after index, or newer than the message', () => {
    expect(messageFromWire(received({ entries: [entry(11), entry(12)] })).message.entries).toHaveLength(2);
    expect(() => messageFromWire(received({ entries: [entry(12)] }))).toThrow(/expected 11/);
    expect(() => messageFromWire(received({ entries: [entry(11), entry(11)] }))).toThrow(MalformedRaftMessageError);
    expect(() => messageFromWire(received({ entries: [entry(11, 4)] }))).toThrow(/term 4/);
    expect(() => messageFromWire(received({ type: 'RAFT_MESSAGE_TYPE_VOTE', entries: [entry(11)] }))).toThrow(/carries entries/);
  });

  it('refuses term 0, which the core takes for a local request, on everything but a forwarded read', () => {
    expect(() => messageFromWire(received({ type: 'RAFT_MESSAGE_TYPE_TIMEOUT_NOW', term: '0' }))).toThrow(MalformedRaftMessageError);
    expect(() => heartbeatFromWire(2, 1, { group: 'g', response: false, term: '0', commit: '1', context: Buffer.alloc(0) })).toThrow(MalformedRaftMessageError);
    expect(messageFromWire(received({ type: 'RAFT_MESSAGE_TYPE_READ_INDEX', term: '0' })).message.type).toBe(MessageType.ReadIndex);
    expect(() => messageFromWire(received({ type: 'RAFT_MESSAGE_TYPE_READ_INDEX', term: '3' }))).toThrow(MalformedRaftMessageError);
  });

  it('refuses node ids outside 1 to 2^31-1 and empty or oversized group ids', () => {
    for (const from of [0, -1, 2 ** 31]) expect(() => messageFromWire(received({ from }))).toThrow(MalformedRaftMessageError);
    expect(() => messageFromWire(received({ group: '' }))).toThrow(MalformedRaftMessageError);
    expect(() => messageFromWire(received({ group: 'g'.repeat(513) }))).toThrow(MalformedRaftMessageError);
  });

  it('refuses snapshot chunks without a real configuration or with numbers out of range', () => {
    const chunk = (c: Partial<wire.RaftSnapshotChunk__Output>) => ({ index: '10', term: '3', voters: [1, 2, 3], learners: [], offset: '0', data: Buffer.alloc(0), done: true, ...c }) as wire.RaftSnapshotChunk__Output;
    expect(snapshotChunkFromWire(chunk({}))).toEqual({ index: 10, term: 3, offset: 0, confState: { voters: [1, 2, 3], learners: [] } });
    for (const bad of [{ voters: [] }, { voters: [1, 1] }, { voters: [1], learners: [1] }, { voters: [0] }, { voters: Array.from({ length: 1025 }, (_, i) => i + 1) }, { index: '9007199254740993' }, { term: '-1' }, { offset: String(2 ** 53) }]) {
      expect(() => snapshotChunkFromWire(chunk(bad))).toThrow(MalformedRaftMessageError);
    }
  });

  it('round-trips a joint configuration in a snapshot chunk, and reads a sender without the joint fields as not joint', () => {
    const header = { index: '10', term: '3', offset: '0', data: Buffer.alloc(0), done: true };
    const through = (cs: ConfState): ConfState => {
      // As the receiver decodes it: proto3 defaults for what the sender left out.
      const w = { votersOutgoing: [], learnersNext: [], autoLeave: false, ...snapshotConfStateToWire(cs) };
      return snapshotChunkFromWire({ ...header, ...w } as wire.RaftSnapshotChunk__Output).confState;
    };
    // Swapping 3 for 4 while demoting 3 to a learner; 5 stays a learner.
    const joint: ConfState = { voters: [1, 2, 4], learners: [5], votersOutgoing: [1, 2, 3], learnersNext: [3], autoLeave: true };
    expect(through(joint)).toEqual(joint);
    expect(through({ voters: [1, 2, 4], learners: [], votersOutgoing: [1, 2, 3] })).toEqual({ voters: [1, 2, 4], learners: [], votersOutgoing: [1, 2, 3] });
    expect(through({ voters: [1, 2, 3], learners: [4] })).toEqual({ voters: [1, 2, 3], learners: [4] });
    expect(snapshotConfStateToWire({ voters: [1, 2, 3], learners: [4] })).toEqual({ voters: [1, 2, 3], learners: [4] });
    // A sender that predates the joint fields: they decode as absent.
    const old = { ...header, voters: [1, 2, 3], learners: [] } as unknown as wire.RaftSnapshotChunk__Output;
    expect(snapshotChunkFromWire(old).confState).toEqual({ voters: [1, 2, 3], learners: [] });
    expect(isJoint(snapshotChunkFromWire(old).confState)).toBe(false);
  });

  it('refuses joint configurations the core would not hold', () => {
    const chunk = (c: Partial<wire.RaftSnapshotChunk__Output>) =>
      ({ index: '10', term: '3', voters: [1, 2, 4], learners: [], votersOutgoing: [1, 2, 3], learnersNext: [], autoLeave: false, offset: '0', data: Buffer.alloc(0), done: true, ...c }) as wire.RaftSnapshotChunk__Output;
    expect(snapshotChunkFromWire(chunk({})).confState).toEqual({ voters: [1, 2, 4], learners: [], votersOutgoing: [1, 2, 3] });
    const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
    const cases: [string, Partial<wire.RaftSnapshotChunk__Output>, RegExp][] = [
      ['an outgoing voter 0', { votersOutgoing: [0, 1] }, /not a node id/],
      ['a negative outgoing voter', { votersOutgoing: [-3, 1] }, /not a node id/],
      ['a demoted voter 2^31', { learnersNext: [2 ** 31] }, /not a node id/],
      ['an outgoing voter twice', { votersOutgoing: [1, 2, 3, 3] }, /votersOutgoing names a node twice/],
      ['a demoted voter twice', { learnersNext: [3, 3] }, /learnersNext names a node twice/],
      ['a learner among the outgoing voters', { learners: [3] }, /both a learner and a voter/],
      ['a learner among the incoming voters', { learners: [4] }, /both a learner and a voter/],
      ['a demoted voter that is a learner already', { learners: [3], learnersNext: [3] }, /both a learner and a voter/],
      ['a demoted voter that is not an outgoing voter', { learnersNext: [7] }, /not an outgoing voter/],
      ['a demoted voter that stays an incoming voter', { learnersNext: [1] }, /incoming voter and to become a learner/],
      ['demoted voters outside a joint configuration', { votersOutgoing: [], learnersNext: [3] }, /not an outgoing voter|outside a joint configuration/],
      ['autoLeave outside a joint configuration', { votersOutgoing: [], autoLeave: true }, /autoLeave is set outside a joint configuration/],
      ['no incoming voters', { voters: [] }, /not a configuration/],
      ['1025 outgoing voters', { votersOutgoing: range(1, 1025) }, /at most 1024/],
      ['over 1024 nodes in both halves', { voters: range(1, 600), votersOutgoing: range(601, 600) }, /names over 1024 nodes/],
      ['3072 ids in all', { voters: range(1, 1024), learners: range(2001, 1024), votersOutgoing: range(4001, 1024) }, /is not a configuration$/],
    ];
    for (const [what, c, why] of cases) {
      expect(() => snapshotChunkFromWire(chunk(c)), what).toThrow(MalformedRaftMessageError);
      expect(() => snapshotChunkFromWire(chunk(c)), what).toThrow(why);
    }
  });
});
