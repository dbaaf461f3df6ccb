// The records of the internal compacted topic __consumer_offsets: a key names
// what a record is about (a committed offset, a group's epoch, a member), so
// compaction keeps only the latest of each; a null value is a tombstone.
// Keys are binary (version, kind, length-prefixed UTF-8 strings, partition);
// offset values are binary (the hot path); group and member values are
// versioned JSON (rare, small, and readable in a dump). Decoding refuses values
// the coordinator never writes (a negative offset, an epoch past int32, a
// session timeout that is no positive integer), so a damaged record is skipped
// rather than replayed into a group nobody can use.
import { InvalidRequestError } from '@eddy/protocol';

export const CONSUMER_OFFSETS_TOPIC = '__consumer_offsets';

const KEY_VERSION = 0;
const VALUE_VERSION = 0;
/** Epochs travel as int32 (member_epoch, group_epoch) and the next rebalance adds one. */
const MAX_GROUP_EPOCH = 0x7fffffff - 1;

export const RecordKind = { offset: 0, group: 1, member: 2 } as const;
export type RecordKind = (typeof RecordKind)[keyof typeof RecordKind];

export type OffsetsKey =
  | { kind: typeof RecordKind.offset; groupId: string; topic: string; partition: number }
  | { kind: typeof RecordKind.group; groupId: string }
  | { kind: typeof RecordKind.member; groupId: string; memberId: string };

export interface OffsetValue {
  offset: bigint;
  metadata: string;
  commitTimestamp: number;
}

export interface GroupValue {
  groupEpoch: number;
}

export interface MemberValue {
  clientId: string;
  subscribedTopics: string[];
  sessionTimeoutMs: number;
  /** The member's target assignment as [topic, partition] pairs. */
  target: [string, number][];
}

class Writer {
  private readonly parts: Buffer[] = [];
  u8(v: number): this {
    this.parts.push(Buffer.from([v]));
    return this;
  }
  str(s: string): this {
    const b = Buffer.from(s, 'utf8');
    if (b.length > 0xffff) throw new InvalidRequestError(`a name of ${b.length} bytes is too long (at most 65535)`);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(b.length);
    this.parts.push(len, b);
    return this;
  }
  i32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
    return this;
  }
  i64(v: bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(v);
    this.parts.push(b);
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

class Reader {
  private pos = 0;
  constructor(private readonly b: Buffer) {}
  private need(n: number): void {
    if (this.pos + n > this.b.length) throw new Error('truncated __consumer_offsets record');
  }
  u8(): number {
    this.need(1);
    return this.b.readUInt8(this.pos++);
  }
  str(): string {
    this.need(2);
    const n = this.b.readUInt16BE(this.pos);
    this.pos += 2;
    this.need(n);
    const s = this.b.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
  i32(): number {
    this.need(4);
    const v = this.b.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  i64(): bigint {
    this.need(8);
    const v = this.b.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  end(): void {
    if (this.pos !== this.b.length) throw new Error('trailing bytes in __consumer_offsets record');
  }
}

export function encodeKey(key: OffsetsKey): Buffer {
  const w = new Writer().u8(KEY_VERSION).u8(key.kind).str(key.groupId);
  if (key.kind === RecordKind.offset) w.str(key.topic).i32(key.partition);
  else if (key.kind === RecordKind.member) w.str(key.memberId);
  return w.done();
}

export function decodeKey(bytes: Uint8Array): OffsetsKey {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const version = r.u8();
  if (version !== KEY_VERSION) throw new Error(`unknown __consumer_offsets key version ${version}`);
  const kind = r.u8();
  const groupId = r.str();
  let key: OffsetsKey;
  if (kind === RecordKind.offset) key = { kind, groupId, topic: r.str(), partition: r.i32() };
  else if (kind === RecordKind.group) key = { kind, groupId };
  else if (kind === RecordKind.member) key = { kind, groupId, memberId: r.str() };
  else throw new Error(`unknown __consumer_offsets record kind ${kind}`);
  r.end();
  return key;
}

export function encodeOffsetValue(v: OffsetValue): Buffer {
  return new Writer().u8(VALUE_VERSION).i64(v.offset).i64(BigInt(v.commitTimestamp)).str(v.metadata).done();
}

export function decodeOffsetValue(bytes: Uint8Array): OffsetValue {
  const r = new Reader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const version = r.u8();
  if (version !== VALUE_VERSION) throw new Error(`unknown offset value version ${version}`);
  const offset = r.i64();
  const commitTimestamp = Number(r.i64());
  const metadata = r.str();
  r.end();
  if (offset < 0n) throw new Error(`bad offset value: offset ${offset} is negative`);
  return { offset, metadata, commitTimestamp };
}

function encodeJson(v: unknown): Buffer {
  return Buffer.concat([Buffer.from([VALUE_VERSION]), Buffer.from(JSON.stringify(v), 'utf8')]);
}

function decodeJson(bytes: Uint8Array): unknown {
  if (bytes[0] !== VALUE_VERSION) throw new Error(`unknown __consumer_offsets value version ${bytes[0]}`);
  return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset + 1, bytes.byteLength - 1).toString('utf8'));
}

export function encodeGroupValue(v: GroupValue): Buffer {
  return encodeJson({ groupEpoch: v.groupEpoch });
}

export function decodeGroupValue(bytes: Uint8Array): GroupValue {
  const v = decodeJson(bytes) as Partial<GroupValue> | null;
  if (v === null || typeof v !== 'object') throw new Error('bad group value');
  if (typeof v.groupEpoch !== 'number' || !Number.isInteger(v.groupEpoch) || v.groupEpoch < 0 || v.groupEpoch > MAX_GROUP_EPOCH) throw new Error('bad group value');
  return { groupEpoch: v.groupEpoch };
}

export function encodeMemberValue(v: MemberValue): Buffer {
  return encodeJson({ clientId: v.clientId, subscribedTopics: v.subscribedTopics, sessionTimeoutMs: v.sessionTimeoutMs, target: v.target });
}

export function decodeMemberValue(bytes: Uint8Array): MemberValue {
  const v = decodeJson(bytes) as Partial<MemberValue> | null;
  if (
    v === null ||
    typeof v !== 'object' ||
    typeof v.clientId !== 'string' ||
    !Array.isArray(v.subscribedTopics) ||
    !v.subscribedTopics.every((t) => typeof t === 'string') ||
    typeof v.sessionTimeoutMs !== 'number' ||
    !Number.isSafeInteger(v.sessionTimeoutMs) ||
    v.sessionTimeoutMs <= 0 ||
    !Array.isArray(v.target) ||
    !v.target.every((tp) => Array.isArray(tp) && typeof tp[0] === 'string' && Number.isInteger(tp[1]) && (tp[1] as number) >= 0)
  ) {
    throw new Error('bad member value');
  }
  return { clientId: v.clientId, subscribedTopics: v.subscribedTopics, sessionTimeoutMs: v.sessionTimeoutMs, target: v.target };
}
