// Keys of a partition group in the node's one LevelDB, following @eddy/raft's
// storage/keys.ts layout (which it does not export):
//   0x01 <group id> 0x00 'e' <index u64 BE>   Raft log entry (@eddy/raft's encodeStoredEntry)
//   0x01 <group id> 0x00 'a' <app key>        the application's keys
// Only the offset index (app keys), log compaction (rewrites of entries
// below the group's snapshot, which Raft never reads or sends again) and the
// backfill (entries below a leader snapshot, copied from a peer) use it.

import { EntryType, encodeStoredEntry } from '@eddy/raft';

const GROUP_TAG = 0x01;
const ENTRY_KIND = 0x65; // 'e'
const APP_KIND = 0x61; // 'a'

function groupPrefix(groupId: string): Buffer {
  return Buffer.concat([Buffer.of(GROUP_TAG), Buffer.from(groupId, 'utf8'), Buffer.of(0)]);
}

export function appPrefix(groupId: string, appKind: number): Buffer {
  return Buffer.concat([groupPrefix(groupId), Buffer.of(APP_KIND, appKind)]);
}

export function entryKey(groupId: string, index: number): Buffer {
  const p = groupPrefix(groupId);
  const out = Buffer.allocUnsafe(p.length + 9);
  p.copy(out, 0);
  out[p.length] = ENTRY_KIND;
  out.writeBigUInt64BE(BigInt(index), p.length + 1);
  return out;
}

/** An entry's stored value, in @eddy/raft's format (with its checksum): a normal entry unless `confChange`. */
export function entryValue(index: number, term: number, data: Uint8Array, confChange = false): Buffer {
  return encodeStoredEntry({ index, term, type: confChange ? EntryType.ConfChange : EntryType.Normal, data });
}
