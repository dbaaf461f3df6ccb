// Value encodings of Raft state in LevelDB. Entries are the hot path: a fixed
// 13-byte header (term, type, CRC-32C) followed by the entry's data, stored as
// one value, so a record batch costs one LevelDB entry (docs/architecture.md §18).
//
// Every value carries a CRC-32C of its own (docs/architecture.md, "Integrity"):
// LevelDB checks its write-ahead log but, as classic-level opens it, never its
// table blocks, so a flipped bit on disk would otherwise read back as a
// different term, a different configuration or a different record. An entry's
// checksum also covers its index (the key), so an entry that lands under
// another index is caught too. A value that fails its check throws
// StorageCorruptionError; the store decides what the damage means.
//
// Values written before checksums existed (entry types 0 and 1, a 24-byte hard
// state, bare JSON snapshot metadata, 8-byte floors) still decode in a database
// that holds them; a database created with checksums refuses them
// (`legacy: false`), so a flipped type byte cannot turn off the check.
import { crc32c } from '@eddy/protocol';
import { confStateProblem, normalizeConfState } from '../core/conf-change.js';
import { EntryType, type Entry, type HardState, type SnapshotMetadata } from '../core/types.js';

/** A stored value failed its checksum or could not be decoded. */
export class StorageCorruptionError extends Error {
  override readonly name = 'StorageCorruptionError';
  constructor(
    message: string,
    /** Raft index of the damaged entry, when the value was an entry. */
    readonly index?: number,
  ) {
    super(message);
  }
}

const LEGACY_NORMAL = 0;
const LEGACY_CONF_CHANGE = 1;
const CHECKED_NORMAL = 2;
const CHECKED_CONF_CHANGE = 3;
/** The stored header in front of an entry's data: the room lendEntryHeadroom lends. */
export const ENTRY_HEADER = 13;
/** The CRC sits after term and type, so the header up to it is covered by the checksum. */
const CRC_AT = 9;

/** What decoders accept: `legacy` lets values from before checksums through (an upgraded database). */
export interface DecodeOptions {
  legacy: boolean;
}
export const STRICT: DecodeOptions = Object.freeze({ legacy: false });

const indexBytes = Buffer.alloc(8);

function entryCrc(index: number, header: Uint8Array, data: Uint8Array): number {
  indexBytes.writeDoubleBE(index, 0);
  return crc32c(data, crc32c(header.subarray(0, CRC_AT), crc32c(indexBytes)));
}

// Headroom. The stored value is the header followed by the data, and LevelDB
// copies every value it is given; building the value in a fresh buffer would be
// one more copy of every byte written (a 1 MiB record batch: a 1 MiB allocation
// and copy on every replica, and the GC work of freeing it). Entry data whose
// ENTRY_HEADER bytes in front belong to it alone and hold nothing anyone will
// read again is registered here, and its value is written around it in place.
// Two owners lend such bytes: a leader that allocates a proposal's data with
// allocEntryData, and the Raft transport, whose decoded append entries sit in a
// received message right behind their own (already parsed) fields. An entry's
// data belongs to one index and one term, so the header written is the same
// every time the entry is encoded.
const headroom = new WeakSet<Uint8Array>();

/** A buffer of `size` bytes for entry data, allocated with room for the stored header in front (see encodeEntry). */
export function allocEntryData(size: number): Buffer {
  const data = Buffer.allocUnsafe(ENTRY_HEADER + size).subarray(ENTRY_HEADER);
  headroom.add(data);
  return data;
}

/**
 * Lends the ENTRY_HEADER bytes in front of `data` (same buffer) to its stored
 * value: the caller owns them, and nothing reads them after this.
 */
export function lendEntryHeadroom(data: Uint8Array): void {
  if (data.byteOffset < ENTRY_HEADER) throw new RangeError(`entry data at byte ${data.byteOffset} has no room for a ${ENTRY_HEADER}-byte header in front`);
  headroom.add(data);
}

export function encodeEntry(e: Entry): Buffer {
  const inPlace = headroom.has(e.data);
  const out = inPlace ? Buffer.from(e.data.buffer, e.data.byteOffset - ENTRY_HEADER, ENTRY_HEADER + e.data.byteLength) : Buffer.allocUnsafe(ENTRY_HEADER + e.data.byteLength);
  out.writeDoubleBE(e.term, 0);
  out[8] = e.type === EntryType.ConfChange ? CHECKED_CONF_CHANGE : CHECKED_NORMAL;
  if (!inPlace) out.set(e.data, ENTRY_HEADER);
  out.writeUInt32BE(entryCrc(e.index, out, e.data), CRC_AT);
  return out;
}

/** Decodes a stored entry, verifying its checksum; throws StorageCorruptionError when it fails. */
export function decodeEntry(index: number, value: Uint8Array, options: DecodeOptions = STRICT): Entry {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (buf.length < 9) throw new StorageCorruptionError(`raft entry ${index}: value of ${buf.length} bytes is too short`, index);
  const code = buf[8] as number;
  if (code === CHECKED_NORMAL || code === CHECKED_CONF_CHANGE) {
    if (buf.length < ENTRY_HEADER) throw new StorageCorruptionError(`raft entry ${index}: value of ${buf.length} bytes is too short`, index);
    const data = buf.subarray(ENTRY_HEADER);
    if (entryCrc(index, buf, data) !== buf.readUInt32BE(CRC_AT)) throw new StorageCorruptionError(`raft entry ${index}: checksum mismatch`, index);
    return { term: buf.readDoubleBE(0), index, type: code === CHECKED_CONF_CHANGE ? EntryType.ConfChange : EntryType.Normal, data };
  }
  if ((code === LEGACY_NORMAL || code === LEGACY_CONF_CHANGE) && options.legacy) {
    return { term: buf.readDoubleBE(0), index, type: code === LEGACY_CONF_CHANGE ? EntryType.ConfChange : EntryType.Normal, data: buf.subarray(9) };
  }
  throw new StorageCorruptionError(`raft entry ${index}: unknown entry type ${code}`, index);
}

/** Appends a CRC-32C of `body` (a small value's checksum). */
function sealed(body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(body.length + 4);
  body.copy(out, 0);
  out.writeUInt32BE(crc32c(body), body.length);
  return out;
}

/** The body of a sealed value of `size` bytes; undefined for a legacy one (size - 4 bytes, accepted when asked). */
function unsealed(what: string, value: Uint8Array, size: number, options: DecodeOptions): Buffer {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (buf.length === size - 4 && options.legacy) return buf;
  if (buf.length !== size) throw new StorageCorruptionError(`raft ${what}: expected ${size} bytes, got ${buf.length}`);
  const body = buf.subarray(0, size - 4);
  if (crc32c(body) !== buf.readUInt32BE(size - 4)) throw new StorageCorruptionError(`raft ${what}: checksum mismatch`);
  return body;
}

export function encodeHardState(hs: HardState): Buffer {
  const out = Buffer.allocUnsafe(24);
  out.writeDoubleBE(hs.term, 0);
  out.writeDoubleBE(hs.vote, 8);
  out.writeDoubleBE(hs.commit, 16);
  return sealed(out);
}

export function decodeHardState(value: Uint8Array, options: DecodeOptions = STRICT): HardState {
  const buf = unsealed('hard state', value, 28, options);
  const hs = { term: buf.readDoubleBE(0), vote: buf.readDoubleBE(8), commit: buf.readDoubleBE(16) };
  if (!Number.isSafeInteger(hs.term) || !Number.isSafeInteger(hs.vote) || !Number.isSafeInteger(hs.commit) || hs.term < 0 || hs.vote < 0 || hs.commit < 0) {
    throw new StorageCorruptionError('raft hard state: fields are not non-negative integers');
  }
  return hs;
}

/** Floors and markers: one index. */
export function encodeIndex(index: number): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeDoubleBE(index, 0);
  return sealed(out);
}

export function decodeIndex(what: string, value: Uint8Array, options: DecodeOptions = STRICT): number {
  const v = unsealed(what, value, 12, options).readDoubleBE(0);
  if (!Number.isSafeInteger(v) || v < 0) throw new StorageCorruptionError(`raft ${what}: ${v} is not a non-negative integer`);
  return v;
}

/** Marks sealed snapshot metadata (JSON, which begins with '{', is the legacy form). */
const META_V2 = 0x02;

/** Snapshot metadata, with the CRC-32C of the snapshot's data (the data is stored under its own key). */
export function encodeSnapshotMeta(meta: SnapshotMetadata, data?: Uint8Array): Buffer {
  const cs = meta.confState;
  const o: Record<string, unknown> = { index: meta.index, term: meta.term, voters: cs.voters, learners: cs.learners };
  // The joint fields only when set: a record of a plain configuration stays
  // as it was before joint consensus existed.
  if ((cs.votersOutgoing?.length ?? 0) > 0) o['votersOutgoing'] = cs.votersOutgoing;
  if ((cs.learnersNext?.length ?? 0) > 0) o['learnersNext'] = cs.learnersNext;
  if (cs.autoLeave === true) o['autoLeave'] = true;
  if (data !== undefined) o['dataCrc'] = crc32c(data);
  return sealed(Buffer.concat([Buffer.of(META_V2), Buffer.from(JSON.stringify(o))]));
}

/** Decoded snapshot metadata and the checksum its data must have (undefined: not recorded). */
export function decodeSnapshotMeta(value: Uint8Array, options: DecodeOptions = STRICT): SnapshotMetadata & { dataCrc?: number } {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  let json: Buffer;
  if (buf[0] === META_V2) {
    json = unsealed('snapshot metadata', buf, buf.length, options).subarray(1);
  } else if (options.legacy) {
    json = buf;
  } else {
    throw new StorageCorruptionError('raft snapshot metadata: unknown format');
  }
  let raw: {
    index: number;
    term: number;
    voters: number[];
    learners: number[];
    votersOutgoing?: number[];
    learnersNext?: number[];
    autoLeave?: boolean;
    dataCrc?: number;
  };
  try {
    raw = JSON.parse(json.toString('utf8')) as typeof raw;
  } catch {
    throw new StorageCorruptionError('raft snapshot metadata: not JSON');
  }
  if (!Number.isSafeInteger(raw.index) || !Number.isSafeInteger(raw.term) || !Array.isArray(raw.voters) || !Array.isArray(raw.learners)) {
    throw new StorageCorruptionError('raft snapshot metadata: index, term, voters and learners are required');
  }
  // Records written before joint consensus have none of the joint fields: not joint.
  const confState = normalizeConfState({
    voters: raw.voters,
    learners: raw.learners,
    votersOutgoing: raw.votersOutgoing ?? [],
    learnersNext: raw.learnersNext ?? [],
    autoLeave: raw.autoLeave === true,
  });
  const problem = confStateProblem(confState);
  if (problem !== undefined) throw new StorageCorruptionError(`raft snapshot metadata: inconsistent configuration: ${problem}`);
  const out: SnapshotMetadata & { dataCrc?: number } = { index: raw.index, term: raw.term, confState };
  if (Number.isSafeInteger(raw.dataCrc)) out.dataCrc = raw.dataCrc as number;
  return out;
}

/** Throws unless `data` has the checksum its metadata recorded. */
export function checkSnapshotData(meta: { index: number; dataCrc?: number }, data: Uint8Array): void {
  if (meta.dataCrc !== undefined && crc32c(data) !== meta.dataCrc) {
    throw new StorageCorruptionError(`raft snapshot data at index ${meta.index}: checksum mismatch`);
  }
}
