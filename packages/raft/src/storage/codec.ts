// Value encodings of Raft state in LevelDB. Entries are the hot path: a fixed
// 9-byte header (term, type) followed by the entry's data, stored as one value,
// so a record batch costs one LevelDB entry (docs/architecture.md §18).
import { confStateProblem, normalizeConfState } from '../core/conf-change.js';
import { EntryType, type Entry, type HardState, type SnapshotMetadata } from '../core/types.js';

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
  const cs = meta.confState;
  const o: Record<string, unknown> = { index: meta.index, term: meta.term, voters: cs.voters, learners: cs.learners };
  // The joint fields only when set: a record of a plain configuration stays
  // as it was before joint consensus existed.
  if ((cs.votersOutgoing?.length ?? 0) > 0) o['votersOutgoing'] = cs.votersOutgoing;
  if ((cs.learnersNext?.length ?? 0) > 0) o['learnersNext'] = cs.learnersNext;
  if (cs.autoLeave === true) o['autoLeave'] = true;
  return Buffer.from(JSON.stringify(o));
}

export function decodeSnapshotMeta(value: Uint8Array): SnapshotMetadata {
  const raw = JSON.parse(Buffer.from(value).toString('utf8')) as {
    index: number;
    term: number;
    voters: number[];
    learners: number[];
    votersOutgoing?: number[];
    learnersNext?: number[];
    autoLeave?: boolean;
  };
  if (!Number.isSafeInteger(raw.index) || !Number.isSafeInteger(raw.term) || !Array.isArray(raw.voters) || !Array.isArray(raw.learners)) {
    throw new RangeError('raft snapshot metadata: index, term, voters and learners are required');
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
  if (problem !== undefined) throw new RangeError(`raft snapshot metadata: inconsistent configuration: ${problem}`);
  return { index: raw.index, term: raw.term, confState };
}
