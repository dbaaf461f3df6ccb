// What the Raft wire codec accepts from a peer: the message kinds a correct
// peer sends, with integer fields far below 2^53, contiguous appends, and a
// term wherever the core would otherwise take the message for a local one.
import type { wire } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { EntryType, MessageType, message } from '../../src/core/types.js';
import { crossesNetwork, heartbeatFromWire, MalformedRaftMessageError, messageFromWire, messageToWire, snapshotChunkFromWire } from '../../src/transport/wire-codec.js';

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
});
