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
