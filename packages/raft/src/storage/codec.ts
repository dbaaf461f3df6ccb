// Value encodings of Raft state in LevelDB. Entries are the hot path: a fixed
// 9-byte header (term, type) followed by the entry's data, stored as one value,
// so a record batch costs one LevelDB entry (docs/architecture.md §18).
import { EntryType, type ConfState, type Entry, type HardState, type SnapshotMetadata } from '../core/types.js';

const ENTRY_TYPE_CODE: Record<EntryType, number> = { [EntryType.Normal]: 0, [EntryType.ConfChange]: 1 };
const ENTRY_TYPES: EntryType[] = [EntryType.Normal, EntryType.ConfChange];

export function encodeEntry(e: Entry): Buffer {
  const out = Buffer.allocUnsafe(9 + e.data.byteLength);
  out.writeDoubleBE(e.term, 0);
  out[8] = ENTRY_TYPE_CODE[e.type];
  out.set(e.data, 9);
  return out;
}

export function decodeEntry(index: number, value: Uint8Array): Entry {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (buf.length < 9) throw new RangeError(`raft entry ${index}: value of ${buf.length} bytes is too short`);
  const type = ENTRY_TYPES[buf[8] as number];
  if (type === undefined) throw new RangeError(`raft entry ${index}: unknown entry type ${buf[8]}`);
  return { term: buf.readDoubleBE(0), index, type, data: buf.subarray(9) };
}

export function encodeHardState(hs: HardState): Buffer {
  const out = Buffer.allocUnsafe(24);
  out.writeDoubleBE(hs.term, 0);
  out.writeDoubleBE(hs.vote, 8);
  out.writeDoubleBE(hs.commit, 16);
  return out;
}

export function decodeHardState(value: Uint8Array): HardState {
  const buf = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (buf.length !== 24) throw new RangeError(`raft hard state: expected 24 bytes, got ${buf.length}`);
  return { term: buf.readDoubleBE(0), vote: buf.readDoubleBE(8), commit: buf.readDoubleBE(16) };
}

export function encodeSnapshotMeta(meta: SnapshotMetadata): Buffer {
  return Buffer.from(JSON.stringify({ index: meta.index, term: meta.term, voters: meta.confState.voters, learners: meta.confState.learners }));
}

export function decodeSnapshotMeta(value: Uint8Array): SnapshotMetadata {
  const raw = JSON.parse(Buffer.from(value).toString('utf8')) as { index: number; term: number; voters: number[]; learners: number[] };
  const confState: ConfState = { voters: raw.voters, learners: raw.learners };
  return { index: raw.index, term: raw.term, confState };
}
