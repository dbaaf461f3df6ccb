// RaftService.Send requests, encoded and decoded directly (proto/eddy/v1/raft.proto).
// The bytes are the contract's protobuf encoding of SendRequest, so any
// implementation of the contract reads and writes them; only the route
// differs. grpc-js's default (protobufjs fromObject, encode, decode, toObject
// with 64-bit values as strings) builds two object trees and a Long per
// 64-bit field, for every Raft message between nodes. Here terms, indexes
// and commits stay numbers, and one pass sizes the request and one writes it.
//
// Decoding yields the shape wire-codec.ts checks (messageFromWire,
// heartbeatFromWire); it only parses. Every field's meaning (ranges, node
// ids, contiguous entries) is checked there, as before. A snapshot chunk,
// rare and large, goes through the contract's generic codec both ways. An
// append entry's data stays a view of the received message, and the fields
// in front of it, once parsed, become room for its stored header
// (lendEntryHeadroom in storage/codec.ts): a follower stores it without a copy.
import type { wire } from '@eddy/protocol';
import { ENTRY_HEADER, lendEntryHeadroom } from '../storage/codec.js';

/** A 64-bit field as decoded here (a number) or as protobufjs decodes it (a string). */
type Int64In = number | string;

export interface RaftEntryIn {
  term: Int64In;
  index: Int64In;
  /** A number when it is none raft.proto names (as protobufjs gives it). */
  type: wire.RaftEntryType__Output | number;
  data: Buffer;
}

/** A decoded RaftMessage: wire.RaftMessage__Output, with 64-bit fields as numbers. */
export interface RaftMessageIn {
  group: string;
  /** A number when it is none raft.proto names: wire-codec.ts refuses that message alone. */
  type: wire.RaftMessageType__Output | number;
  from: number;
  to: number;
  term: Int64In;
  logTerm: Int64In;
  index: Int64In;
  entries: RaftEntryIn[];
  commit: Int64In;
  reject: boolean;
  rejectHint: Int64In;
  transfer: boolean;
  snapshot: wire.RaftSnapshotChunk__Output | null;
  context: Buffer;
}

export interface CoalescedHeartbeatIn {
  group: string;
  response: boolean;
  term: Int64In;
  commit: Int64In;
  context: Buffer;
}

export interface SendRequestIn {
  fromNode: number;
  toNode: number;
  messages: RaftMessageIn[];
  heartbeats: CoalescedHeartbeatIn[];
}

/** Encodes and decodes a snapshot chunk (the contract's generic codec). */
export interface SnapshotChunkCodec {
  encode(chunk: wire.RaftSnapshotChunk): Uint8Array;
  decode(bytes: Uint8Array): wire.RaftSnapshotChunk__Output;
}

/** A request whose bytes are not a SendRequest: the stream is failed, as for any undecodable message. */
export class MalformedSendRequestError extends Error {
  override readonly name = 'MalformedSendRequestError';
}

// Enum values by name and by number (raft.proto).
export const MESSAGE_TYPES: readonly wire.RaftMessageType__Output[] = [
  'RAFT_MESSAGE_TYPE_UNSPECIFIED',
  'RAFT_MESSAGE_TYPE_APPEND',
  'RAFT_MESSAGE_TYPE_APPEND_RESPONSE',
  'RAFT_MESSAGE_TYPE_VOTE',
  'RAFT_MESSAGE_TYPE_VOTE_RESPONSE',
  'RAFT_MESSAGE_TYPE_PRE_VOTE',
  'RAFT_MESSAGE_TYPE_PRE_VOTE_RESPONSE',
  'RAFT_MESSAGE_TYPE_HEARTBEAT',
  'RAFT_MESSAGE_TYPE_HEARTBEAT_RESPONSE',
  'RAFT_MESSAGE_TYPE_SNAPSHOT',
  'RAFT_MESSAGE_TYPE_SNAPSHOT_RESPONSE',
  'RAFT_MESSAGE_TYPE_TIMEOUT_NOW',
  'RAFT_MESSAGE_TYPE_READ_INDEX',
  'RAFT_MESSAGE_TYPE_READ_INDEX_RESPONSE',
  'RAFT_MESSAGE_TYPE_PROPOSE',
  'RAFT_MESSAGE_TYPE_TRANSFER_LEADER',
];
const MESSAGE_TYPE_NUMBER = new Map<string, number>(MESSAGE_TYPES.map((name, i) => [name, i]));
const ENTRY_TYPES: readonly wire.RaftEntryType__Output[] = ['RAFT_ENTRY_TYPE_UNSPECIFIED', 'RAFT_ENTRY_TYPE_NORMAL', 'RAFT_ENTRY_TYPE_CONF_CHANGE'];
const ENTRY_TYPE_NUMBER = new Map<string, number>(ENTRY_TYPES.map((name, i) => [name, i]));

const EMPTY = Buffer.alloc(0);
const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

// ---------------------------------------------------------------------------
// encoding

/** An int32/enum/int64 value as a protobuf varint's size; negative values take 10 bytes. */
function varintSize(v: number): number {
  if (v < 0) return 10;
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  let size = 5;
  for (let x = Math.floor(v / 0x800000000); x > 0; x = Math.floor(x / 128)) size++;
  return size;
}

function lenSize(n: number): number {
  return varintSize(n) + n;
}

/** A non-negative 64-bit field's value: a number, or a decimal string from a protobufjs-shaped caller. */
function int64(v: number | string | { toNumber(): number } | undefined): number {
  if (v === undefined) return 0;
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : v.toNumber();
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`raft send codec: 64-bit field value ${String(v)} is not a non-negative safe integer`);
  return n;
}

function bytesOf(v: Buffer | Uint8Array | string | undefined): Uint8Array {
  if (v === undefined) return EMPTY;
  if (typeof v === 'string') return Buffer.from(v, 'base64');
  return v;
}

class Writer {
  pos = 0;
  constructor(readonly buf: Buffer) {}

  varint(v: number): void {
    const buf = this.buf;
    if (v < 0) {
      // int32 negatives: sign-extended to 64 bits, ten bytes (protobuf's rule).
      let lo = v >>> 0;
      for (let i = 0; i < 4; i++) {
        buf[this.pos++] = (lo & 0x7f) | 0x80;
        lo >>>= 7;
      }
      buf[this.pos++] = (lo & 0x0f) | 0x70 | 0x80;
      for (let i = 0; i < 4; i++) buf[this.pos++] = 0xff;
      buf[this.pos++] = 0x01;
      return;
    }
    while (v >= 0x80000000) {
      buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    while (v >= 0x80) {
      buf[this.pos++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    buf[this.pos++] = v;
  }

  tag(field: number, wireType: number): void {
    this.buf[this.pos++] = (field << 3) | wireType; // every field number here is below 16: one byte
  }

  bytes(field: number, b: Uint8Array): void {
    this.tag(field, LEN);
    this.varint(b.byteLength);
    this.buf.set(b, this.pos);
    this.pos += b.byteLength;
  }

  string(field: number, s: string, byteLength: number): void {
    this.tag(field, LEN);
    this.varint(byteLength);
    this.pos += this.buf.write(s, this.pos, byteLength, 'utf8');
  }

  /** A varint field, left out when 0 (proto3's default). */
  num(field: number, v: number): void {
    if (v === 0) return;
    this.tag(field, VARINT);
    this.varint(v);
  }

  bool(field: number, v: boolean | undefined): void {
    if (v !== true) return;
    this.tag(field, VARINT);
    this.buf[this.pos++] = 1;
  }
}

/** Sizes of one message's parts, computed once and used again while writing. */
interface SizedMessage {
  m: wire.RaftMessage;
  size: number;
  groupBytes: number;
  entries: { size: number; data: Uint8Array }[];
  context: Uint8Array;
  snapshot: Uint8Array | undefined;
}

interface SizedHeartbeat {
  h: wire.CoalescedHeartbeat;
  size: number;
  groupBytes: number;
  context: Uint8Array;
}

function messageType(t: wire.RaftMessageType | undefined): number {
  if (t === undefined) return 0;
  if (typeof t === 'number') return t;
  const n = MESSAGE_TYPE_NUMBER.get(t);
  if (n === undefined) throw new RangeError(`raft send codec: unknown message type ${t}`);
  return n;
}

function entryType(t: wire.RaftEntryType | undefined): number {
  if (t === undefined) return 0;
  if (typeof t === 'number') return t;
  const n = ENTRY_TYPE_NUMBER.get(t);
  if (n === undefined) throw new RangeError(`raft send codec: unknown entry type ${t}`);
  return n;
}

function numSize(field: number, v: number): number {
  return v === 0 ? 0 : 1 + varintSize(v);
}

function sizeMessage(m: wire.RaftMessage, snapshots: SnapshotChunkCodec): SizedMessage {
  const groupBytes = Buffer.byteLength(m.group ?? '');
  const context = bytesOf(m.context);
  let size = groupBytes > 0 ? 1 + lenSize(groupBytes) : 0;
  size += numSize(2, messageType(m.type)) + numSize(3, m.from ?? 0) + numSize(4, m.to ?? 0);
  size += numSize(5, int64(m.term)) + numSize(6, int64(m.logTerm)) + numSize(7, int64(m.index)) + numSize(9, int64(m.commit)) + numSize(11, int64(m.rejectHint));
  if (m.reject === true) size += 2;
  if (m.transfer === true) size += 2;
  const entries: SizedMessage['entries'] = [];
  for (const e of m.entries ?? []) {
    const data = bytesOf(e.data);
    const es = numSize(1, int64(e.term)) + numSize(2, int64(e.index)) + numSize(3, entryType(e.type)) + (data.byteLength > 0 ? 1 + lenSize(data.byteLength) : 0);
    entries.push({ size: es, data });
    size += 1 + lenSize(es);
  }
  const snapshot = m.snapshot ? snapshots.encode(m.snapshot) : undefined;
  if (snapshot) size += 1 + lenSize(snapshot.byteLength);
  if (context.byteLength > 0) size += 1 + lenSize(context.byteLength);
  return { m, size, groupBytes, entries, context, snapshot };
}

function sizeHeartbeat(h: wire.CoalescedHeartbeat): SizedHeartbeat {
  const groupBytes = Buffer.byteLength(h.group ?? '');
  const context = bytesOf(h.context);
  let size = groupBytes > 0 ? 1 + lenSize(groupBytes) : 0;
  if (h.response === true) size += 2;
  size += numSize(3, int64(h.term)) + numSize(4, int64(h.commit));
  if (context.byteLength > 0) size += 1 + lenSize(context.byteLength);
  return { h, size, groupBytes, context };
}

function writeMessage(w: Writer, s: SizedMessage): void {
  const m = s.m;
  if (s.groupBytes > 0) w.string(1, m.group as string, s.groupBytes);
  w.num(2, messageType(m.type));
  w.num(3, m.from ?? 0);
  w.num(4, m.to ?? 0);
  w.num(5, int64(m.term));
  w.num(6, int64(m.logTerm));
  w.num(7, int64(m.index));
  const entries = m.entries ?? [];
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as wire.RaftEntry;
    const sized = s.entries[i] as SizedMessage['entries'][number];
    w.tag(8, LEN);
    w.varint(sized.size);
    w.num(1, int64(e.term));
    w.num(2, int64(e.index));
    w.num(3, entryType(e.type));
    if (sized.data.byteLength > 0) w.bytes(4, sized.data);
  }
  w.num(9, int64(m.commit));
  w.bool(10, m.reject);
  w.num(11, int64(m.rejectHint));
  w.bool(12, m.transfer);
  if (s.snapshot) w.bytes(13, s.snapshot);
  if (s.context.byteLength > 0) w.bytes(14, s.context);
}

function writeHeartbeat(w: Writer, s: SizedHeartbeat): void {
  const h = s.h;
  if (s.groupBytes > 0) w.string(1, h.group as string, s.groupBytes);
  w.bool(2, h.response);
  w.num(3, int64(h.term));
  w.num(4, int64(h.commit));
  if (s.context.byteLength > 0) w.bytes(5, s.context);
}

/** SendRequest's protobuf encoding. */
export function encodeSendRequest(req: wire.SendRequest, snapshots: SnapshotChunkCodec): Buffer {
  const messages = (req.messages ?? []).map((m) => sizeMessage(m, snapshots));
  const heartbeats = (req.heartbeats ?? []).map(sizeHeartbeat);
  let size = numSize(1, req.fromNode ?? 0) + numSize(2, req.toNode ?? 0);
  for (const s of messages) size += 1 + lenSize(s.size);
  for (const s of heartbeats) size += 1 + lenSize(s.size);
  const w = new Writer(Buffer.allocUnsafe(size));
  w.num(1, req.fromNode ?? 0);
  w.num(2, req.toNode ?? 0);
  for (const s of messages) {
    w.tag(3, LEN);
    w.varint(s.size);
    const start = w.pos;
    writeMessage(w, s);
    if (w.pos - start !== s.size) throw new Error(`raft send codec: sized a message at ${s.size} bytes, wrote ${w.pos - start}`);
  }
  for (const s of heartbeats) {
    w.tag(4, LEN);
    w.varint(s.size);
    writeHeartbeat(w, s);
  }
  if (w.pos !== size) throw new Error(`raft send codec: sized a request at ${size} bytes, wrote ${w.pos}`);
  return w.buf;
}

// ---------------------------------------------------------------------------
// decoding

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  private truncated(): never {
    throw new MalformedSendRequestError(`raft send request is truncated or malformed at byte ${this.pos}`);
  }

  /**
   * A varint as a number: exact below 2^53, larger values come out larger
   * than 2^53 (the checks in wire-codec.ts refuse anything above 2^52).
   */
  varint(): number {
    const buf = this.buf;
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.truncated();
      const b = buf[this.pos++] as number;
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new MalformedSendRequestError(`raft send request has a varint over 10 bytes at byte ${this.pos}`);
  }

  /** An int32 field: the low 32 bits of its varint, signed. */
  int32(): number {
    const buf = this.buf;
    let lo = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.truncated();
      const b = buf[this.pos++] as number;
      if (i < 5) lo |= (b & 0x7f) << (7 * i);
      if (b < 0x80) return lo | 0;
    }
    throw new MalformedSendRequestError(`raft send request has a varint over 10 bytes at byte ${this.pos}`);
  }

  bool(): boolean {
    return this.varint() !== 0;
  }

  /** A length-delimited field's bounds; the reader moves past it. */
  len(): number {
    const n = this.varint();
    if (n > this.end - this.pos) this.truncated();
    const start = this.pos;
    this.pos += n;
    return start;
  }

  bytes(): Buffer {
    const start = this.len();
    // A view, as protobufjs gives: gRPC hands every message its own buffer.
    return this.buf.subarray(start, this.pos);
  }

  string(): string {
    const start = this.len();
    return this.buf.toString('utf8', start, this.pos);
  }

  skip(wireType: number): void {
    if (wireType === VARINT) this.varint();
    else if (wireType === FIXED64) this.advance(8);
    else if (wireType === LEN) this.len();
    else if (wireType === FIXED32) this.advance(4);
    else throw new MalformedSendRequestError(`raft send request has a field of wire type ${wireType} at byte ${this.pos}`);
  }

  private advance(n: number): void {
    if (n > this.end - this.pos) this.truncated();
    this.pos += n;
  }
}

/**
 * An enum value's name; a value raft.proto does not name stays a number, as
 * protobufjs leaves it, so a newer peer's new message kind costs only that
 * message (wire-codec.ts refuses it), not the stream it came on.
 */
function enumName<T extends string>(names: readonly T[], n: number): T | number {
  return names[n] ?? n;
}

/** Reads the entry in buf[start, end); its own tag and length begin at `ownFrom`. */
function readEntry(buf: Buffer, ownFrom: number, start: number, end: number): RaftEntryIn {
  const r = new Reader(buf, start, end);
  const e: RaftEntryIn = { term: 0, index: 0, type: 'RAFT_ENTRY_TYPE_UNSPECIFIED', data: EMPTY };
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) | VARINT:
        e.term = r.varint();
        break;
      case (2 << 3) | VARINT:
        e.index = r.varint();
        break;
      case (3 << 3) | VARINT:
        e.type = enumName(ENTRY_TYPES, r.varint());
        break;
      case (4 << 3) | LEN:
        e.data = r.bytes();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  // The bytes in front of the data are this entry's own fields, parsed above: when
  // they are enough, its stored value is written around the data in place.
  if (e.data.byteLength > 0 && e.data.byteOffset - buf.byteOffset - ownFrom >= ENTRY_HEADER) lendEntryHeadroom(e.data);
  return e;
}

function readMessage(buf: Buffer, start: number, end: number, snapshots: SnapshotChunkCodec): RaftMessageIn {
  const r = new Reader(buf, start, end);
  const m: RaftMessageIn = {
    group: '',
    type: 'RAFT_MESSAGE_TYPE_UNSPECIFIED',
    from: 0,
    to: 0,
    term: 0,
    logTerm: 0,
    index: 0,
    entries: [],
    commit: 0,
    reject: false,
    rejectHint: 0,
    transfer: false,
    snapshot: null,
    context: EMPTY,
  };
  while (r.pos < end) {
    const at = r.pos;
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) | LEN:
        m.group = r.string();
        break;
      case (2 << 3) | VARINT:
        m.type = enumName(MESSAGE_TYPES, r.varint());
        break;
      case (3 << 3) | VARINT:
        m.from = r.int32();
        break;
      case (4 << 3) | VARINT:
        m.to = r.int32();
        break;
      case (5 << 3) | VARINT:
        m.term = r.varint();
        break;
      case (6 << 3) | VARINT:
        m.logTerm = r.varint();
        break;
      case (7 << 3) | VARINT:
        m.index = r.varint();
        break;
      case (8 << 3) | LEN: {
        const s = r.len();
        m.entries.push(readEntry(buf, at, s, r.pos));
        break;
      }
      case (9 << 3) | VARINT:
        m.commit = r.varint();
        break;
      case (10 << 3) | VARINT:
        m.reject = r.bool();
        break;
      case (11 << 3) | VARINT:
        m.rejectHint = r.varint();
        break;
      case (12 << 3) | VARINT:
        m.transfer = r.bool();
        break;
      case (13 << 3) | LEN: {
        const s = r.len();
        try {
          m.snapshot = snapshots.decode(buf.subarray(s, r.pos));
        } catch (err) {
          throw new MalformedSendRequestError(`raft send request has a malformed snapshot chunk: ${(err as Error).message}`);
        }
        break;
      }
      case (14 << 3) | LEN:
        m.context = r.bytes();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return m;
}

function readHeartbeat(buf: Buffer, start: number, end: number): CoalescedHeartbeatIn {
  const r = new Reader(buf, start, end);
  const h: CoalescedHeartbeatIn = { group: '', response: false, term: 0, commit: 0, context: EMPTY };
  while (r.pos < end) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) | LEN:
        h.group = r.string();
        break;
      case (2 << 3) | VARINT:
        h.response = r.bool();
        break;
      case (3 << 3) | VARINT:
        h.term = r.varint();
        break;
      case (4 << 3) | VARINT:
        h.commit = r.varint();
        break;
      case (5 << 3) | LEN:
        h.context = r.bytes();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  return h;
}

/** A SendRequest from its protobuf encoding; throws MalformedSendRequestError for bytes that are not one. */
export function decodeSendRequest(buf: Buffer, snapshots: SnapshotChunkCodec): SendRequestIn {
  const r = new Reader(buf, 0, buf.length);
  const req: SendRequestIn = { fromNode: 0, toNode: 0, messages: [], heartbeats: [] };
  while (r.pos < buf.length) {
    const tag = r.varint();
    switch (tag) {
      case (1 << 3) | VARINT:
        req.fromNode = r.int32();
        break;
      case (2 << 3) | VARINT:
        req.toNode = r.int32();
        break;
      case (3 << 3) | LEN: {
        const s = r.len();
        req.messages.push(readMessage(buf, s, r.pos, snapshots));
        break;
      }
      case (4 << 3) | LEN: {
        const s = r.len();
        req.heartbeats.push(readHeartbeat(buf, s, r.pos));
        break;
      }
      default:
        r.skip(tag & 7);
    }
  }
  return req;
}
