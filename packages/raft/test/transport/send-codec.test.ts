// The direct SendRequest codec against the contract's generic one
// (protobufjs over proto/eddy/v1/raft.proto): each reads what the other
// writes, field for field, so nodes on either codec, and any other
// implementation of the contract, understand each other. Bytes that are not
// a SendRequest fail with MalformedSendRequestError and nothing else.
import fc from 'fast-check';
import { messageCodec, type wire } from '@eddy/protocol';
import { describe, expect, it } from 'vitest';
import { decodeSendRequest, encodeSendRequest, MalformedSendRequestError, MESSAGE_TYPES, type SendRequestIn } from '../../src/transport/send-codec.js';
import { messageFromWire } from '../../src/transport/wire-codec.js';
import { allocEntryData, decodeEntry, encodeEntry } from '../../src/storage/codec.js';
import { EntryType, type Entry } from '../../src/core/types.js';

const chunks = messageCodec<wire.RaftSnapshotChunk, wire.RaftSnapshotChunk__Output>('eddy.v1.RaftSnapshotChunk');
const contract = messageCodec<wire.SendRequest, wire.SendRequest__Output>('eddy.v1.SendRequest');


// 64-bit values across the varint widths, up to the largest a node accepts (2^52).
const int64 = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 2 ** 31, max: 2 ** 52 }));
const nodeId = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 0x7fffffff }), fc.integer({ min: -0x80000000, max: -1 }));
const bytes = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));
const group = fc.oneof(fc.constant('__controller'), fc.string({ maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 10 }));

const entry = fc.record({ term: int64, index: int64, type: fc.constantFrom('RAFT_ENTRY_TYPE_NORMAL', 'RAFT_ENTRY_TYPE_CONF_CHANGE', 'RAFT_ENTRY_TYPE_UNSPECIFIED'), data: bytes });
const snapshot = fc.record({
  index: int64,
  term: int64,
  voters: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 5 }),
  learners: fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
  offset: int64,
  data: bytes,
  done: fc.boolean(),
});
const raftMessage = fc.record({
  group,
  // Every kind raft.proto names (local intents too: the codec carries them, wire-codec.ts refuses them).
  type: fc.constantFrom(...MESSAGE_TYPES),
  from: nodeId,
  to: nodeId,
  term: int64,
  logTerm: int64,
  index: int64,
  entries: fc.array(entry, { maxLength: 4 }),
  commit: int64,
  reject: fc.boolean(),
  rejectHint: int64,
  transfer: fc.boolean(),
  snapshot: fc.option(snapshot, { nil: undefined }),
  context: bytes,
});
const heartbeat = fc.record({ group, response: fc.boolean(), term: int64, commit: int64, context: bytes });
const request = fc.record({ fromNode: nodeId, toNode: nodeId, messages: fc.array(raftMessage, { maxLength: 4 }), heartbeats: fc.array(heartbeat, { maxLength: 4 }) });

/** What a receiver sees, with 64-bit values as numbers whichever codec decoded them. */
function normal(r: SendRequestIn | wire.SendRequest__Output): unknown {
  const n = (v: number | string) => Number(v);
  return {
    fromNode: r.fromNode,
    toNode: r.toNode,
    messages: r.messages.map((m) => ({
      group: m.group,
      type: m.type,
      from: m.from,
      to: m.to,
      term: n(m.term),
      logTerm: n(m.logTerm),
      index: n(m.index),
      entries: m.entries.map((e) => ({ term: n(e.term), index: n(e.index), type: e.type, data: Buffer.from(e.data).toString('hex') })),
      commit: n(m.commit),
      reject: m.reject,
      rejectHint: n(m.rejectHint),
      transfer: m.transfer,
      snapshot: m.snapshot ? { ...m.snapshot, index: n(m.snapshot.index), term: n(m.snapshot.term), offset: n(m.snapshot.offset), data: Buffer.from(m.snapshot.data).toString('hex') } : null,
      context: Buffer.from(m.context).toString('hex'),
    })),
    heartbeats: r.heartbeats.map((h) => ({ group: h.group, response: h.response, term: n(h.term), commit: n(h.commit), context: Buffer.from(h.context).toString('hex') })),
  };
}

/** The request as the contract's codec reads it back from its own encoding. */
function viaContract(req: wire.SendRequest): wire.SendRequest__Output {
  return contract.decode(contract.encode(req));
}

describe('raft Send request codec', () => {
  it('writes what the contract codec reads, and reads what it writes', () => {
    fc.assert(
      fc.property(request, (req) => {
        const expected = normal(viaContract(req));
        expect(normal(contract.decode(encodeSendRequest(req, chunks)))).toEqual(expected);
        expect(normal(decodeSendRequest(Buffer.from(contract.encode(req)), chunks))).toEqual(expected);
        expect(normal(decodeSendRequest(encodeSendRequest(req, chunks), chunks))).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('encodes no larger than the contract codec', () => {
    fc.assert(
      fc.property(request, (req) => {
        expect(encodeSendRequest(req, chunks).length).toBeLessThanOrEqual(contract.encode(req).length);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps 64-bit values exact up to 2^52, and a larger one stays larger than 2^52 for the checks to refuse', () => {
    const big = { fromNode: 1, toNode: 2, messages: [{ group: 'g', type: 'RAFT_MESSAGE_TYPE_APPEND' as const, from: 1, to: 2, term: '18446744073709551615', index: String(2 ** 52) }] };
    const m = decodeSendRequest(Buffer.from(contract.encode(big)), chunks).messages[0]!;
    expect(m.index).toBe(2 ** 52);
    expect(Number(m.term)).toBeGreaterThan(2 ** 52);
    expect(() => messageFromWire(m)).toThrow(/term is .*not an integer from 0 to 2\^52/);
  });

  it('refuses every truncation of a request with MalformedSendRequestError, and any other bytes with nothing worse', () => {
    fc.assert(
      fc.property(request, fc.nat(), (req, at) => {
        const whole = encodeSendRequest(req, chunks);
        if (whole.length === 0) return;
        const cut = whole.subarray(0, at % whole.length);
        try {
          decodeSendRequest(cut, chunks);
        } catch (err) {
          expect(err).toBeInstanceOf(MalformedSendRequestError);
        }
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        try {
          decodeSendRequest(Buffer.from(junk), chunks);
        } catch (err) {
          expect(err).toBeInstanceOf(MalformedSendRequestError);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps a message kind raft.proto does not name as its number, as protobufjs does: that message alone is refused', () => {
    // messages { type: 99 } and a heartbeat: the request decodes, the checks refuse the one message.
    const req = decodeSendRequest(Buffer.from([0x1a, 0x02, 0x10, 99, 0x22, 0x03, 0x0a, 0x01, 0x67]), chunks);
    expect(req.messages[0]!.type).toBe(99);
    expect(req.heartbeats).toHaveLength(1);
    expect(contract.decode(Buffer.from([0x1a, 0x02, 0x10, 99])).messages[0]!.type).toBe(99);
    expect(() => messageFromWire(req.messages[0]!)).toThrow(/raft message type 99 is not accepted from the network/);
  });

  it('names where a request is cut short', () => {
    // messages of 5 bytes, 1 present
    expect(() => decodeSendRequest(Buffer.from([0x1a, 0x05, 0x10]), chunks)).toThrow(/truncated or malformed at byte/);
  });
});

// Entry values written around the data in place (storage/codec.ts, "Headroom"):
// the bytes are a copy's, and writing one entry's header never touches what any
// other part of the request (another entry's data, a context) still holds.
describe('stored entry values written in place', () => {
  const stored = (e: RaftEntryLike): Entry => ({ term: Number(e.term), index: Number(e.index), type: e.type === 'RAFT_ENTRY_TYPE_CONF_CHANGE' ? EntryType.ConfChange : EntryType.Normal, data: e.data });
  type RaftEntryLike = SendRequestIn['messages'][number]['entries'][number];
  /** The value was written around the data (small buffers share Node's pool, so the offsets decide). */
  const around = (value: Buffer, data: Uint8Array) => value.buffer === data.buffer && value.byteOffset + 13 === data.byteOffset;

  it('a received append entry stores as a copy would, and every other view into the request stays as it was', () => {
    const big = fc.uint8Array({ minLength: 1, maxLength: 3000 }).map((a) => Buffer.from(a));
    const withData = fc.record({ term: int64, index: int64, type: fc.constantFrom('RAFT_ENTRY_TYPE_NORMAL' as const, 'RAFT_ENTRY_TYPE_CONF_CHANGE' as const), data: fc.oneof(bytes, big) });
    const msg = raftMessage.chain((m) => fc.array(withData, { maxLength: 4 }).map((entries) => ({ ...m, entries })));
    const req = fc.record({ fromNode: nodeId, toNode: nodeId, messages: fc.array(msg, { maxLength: 3 }), heartbeats: fc.array(heartbeat, { maxLength: 2 }) });
    let inPlace = 0;
    fc.assert(
      fc.property(req, (r) => {
        const received = encodeSendRequest(r, chunks);
        const decoded = decodeSendRequest(received, chunks);
        const before = normal(decoded);
        for (const m of decoded.messages) {
          for (const e of m.entries) {
            const copy = encodeEntry(stored({ ...e, data: Buffer.from(e.data) }));
            const value = encodeEntry(stored(e));
            expect(value.equals(copy)).toBe(true);
            if (around(value, e.data)) inPlace++;
            expect(Buffer.from(decodeEntry(Number(e.index), value).data).equals(e.data)).toBe(true);
          }
        }
        // Entry data, contexts, every field the decoder gave: unchanged by the headers written.
        expect(normal(decoded)).toEqual(before);
      }),
      { numRuns: 300 },
    );
    expect(inPlace, 'some entries had room in front of their data').toBeGreaterThan(0);
  });

  it('a 1 MiB entry of an append is stored without a copy; one with too little in front of its data is copied', () => {
    const data = Buffer.alloc(1024 * 1024, 7);
    const received = encodeSendRequest({ fromNode: 1, toNode: 2, messages: [{ group: 'p', type: 'RAFT_MESSAGE_TYPE_APPEND', from: 1, to: 2, term: 3, index: 99_999, entries: [{ term: 3, index: 100_000, type: 'RAFT_ENTRY_TYPE_NORMAL', data }] }] }, chunks);
    const e = decodeSendRequest(received, chunks).messages[0]!.entries[0]!;
    const value = encodeEntry(stored(e));
    expect(around(value, e.data)).toBe(true);
    expect(Buffer.from(decodeEntry(100_000, value).data).equals(data)).toBe(true);
    // term 1, index 1, data of 10 bytes: 10 bytes in front of it.
    const small = encodeSendRequest({ fromNode: 1, toNode: 2, messages: [{ group: 'p', type: 'RAFT_MESSAGE_TYPE_APPEND', from: 1, to: 2, term: 1, entries: [{ term: 1, index: 1, type: 'RAFT_ENTRY_TYPE_NORMAL', data: Buffer.alloc(10, 1) }] }] }, chunks);
    const s = decodeSendRequest(small, chunks).messages[0]!.entries[0]!;
    const before = Buffer.from(small);
    const sv = encodeEntry(stored(s));
    expect(around(sv, s.data)).toBe(false);
    expect(small.equals(before)).toBe(true);
    expect(Buffer.from(decodeEntry(1, sv).data).equals(Buffer.alloc(10, 1))).toBe(true);
  });

  it("a leader's proposal data allocated with room stores in place, and as a copy would", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 5000 }), fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 40 }), (bytes, term, index) => {
        const data = allocEntryData(bytes.length);
        data.set(bytes);
        const e: Entry = { term, index, type: EntryType.Normal, data };
        const copy = encodeEntry({ ...e, data: Buffer.from(bytes) });
        const value = encodeEntry(e);
        expect(value.equals(copy)).toBe(true);
        expect(around(value, data)).toBe(true);
        expect(Buffer.from(data).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
