// Key layout of Raft state in a node's one LevelDB, a keyspace per group:
//
//   0x01 <group id utf-8> 0x00 'h'                 hard state (term, vote, commit)
//   0x01 <group id utf-8> 0x00 's'                 snapshot metadata (index, term, configuration)
//   0x01 <group id utf-8> 0x00 'd'                 snapshot data
//   0x01 <group id utf-8> 0x00 'e' <index u64 BE>  log entry
//   0x01 <group id utf-8> 0x00 'f'                 entry floor: entries below it are not Raft's
//   0x01 <group id utf-8> 0x00 'p'                 index of the latest snapshot installed from a peer
//                                                  (a gap or rewritten by the application)
//   0x01 <group id utf-8> 0x00 'r'                 repair marker: the index this replica must commit
//                                                  again before it votes (its log was cut at damage)
//   0x01 <group id utf-8> 0x00 'a' <app key>       the application's own keys for this group
//   0x00 'format'                                  the database's value format (checksummed values)
//
// Big-endian indexes sort numerically, so a group's entries are one contiguous
// range and truncation or compaction is a range delete. Group ids must not
// contain NUL.

const GROUP_TAG = 0x01;
/** The key recording the database's value format (outside every group's keyspace). */
export const FORMAT_KEY = Buffer.from('\0format', 'latin1');
export const FORMAT_CHECKSUMMED = Buffer.from('crc32c/1', 'latin1');

/**
 * The group and entry index of a key, when it is a Raft entry key of some
 * group (the start-up scan reads every key of the database).
 */
export function parseEntryKey(key: Uint8Array): { groupId: string; index: number } | undefined {
  if (key.length < 12 || key[0] !== GROUP_TAG) return undefined;
  const nul = key.indexOf(0, 1);
  if (nul < 2 || key.length !== nul + 10 || key[nul + 1] !== 0x65) return undefined;
  const buf = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  return { groupId: buf.toString('utf8', 1, nul), index: Number(buf.readBigUInt64BE(nul + 2)) };
}
export const KeyKind = { HardState: 0x68, SnapshotMeta: 0x73, SnapshotData: 0x64, Entry: 0x65, EntryFloor: 0x66, PeerSnapshot: 0x70, Repair: 0x72, App: 0x61 } as const;
export type KeyKind = (typeof KeyKind)[keyof typeof KeyKind];

export function groupPrefix(groupId: string): Buffer {
  if (groupId.length === 0 || groupId.includes('\0')) throw new TypeError(`invalid raft group id ${JSON.stringify(groupId)}`);
  const id = Buffer.from(groupId, 'utf8');
  const out = Buffer.allocUnsafe(id.length + 2);
  out[0] = GROUP_TAG;
  id.copy(out, 1);
  out[id.length + 1] = 0;
  return out;
}

/**
 * Key builders for one group; allocate one per group and reuse. Only the
 * prefix is kept (a host may hold tens of thousands of groups); keys are
 * built when written, which is rare per group.
 */
export class GroupKeys {
  readonly prefix: Buffer;

  constructor(readonly groupId: string) {
    this.prefix = groupPrefix(groupId);
  }

  get hardState(): Buffer {
    return this.kind(KeyKind.HardState);
  }

  get snapshotMeta(): Buffer {
    return this.kind(KeyKind.SnapshotMeta);
  }

  get snapshotData(): Buffer {
    return this.kind(KeyKind.SnapshotData);
  }

  get entryFloor(): Buffer {
    return this.kind(KeyKind.EntryFloor);
  }

  get peerSnapshot(): Buffer {
    return this.kind(KeyKind.PeerSnapshot);
  }

  get repair(): Buffer {
    return this.kind(KeyKind.Repair);
  }

  private kind(k: KeyKind): Buffer {
    return Buffer.concat([this.prefix, Buffer.of(k)]);
  }

  entry(index: number): Buffer {
    const out = Buffer.allocUnsafe(this.prefix.length + 9);
    this.prefix.copy(out, 0);
    out[this.prefix.length] = KeyKind.Entry;
    out.writeBigUInt64BE(BigInt(index), this.prefix.length + 1);
    return out;
  }

  /** The first key after every entry key of the group. */
  entriesEnd(): Buffer {
    return Buffer.concat([this.prefix, Buffer.of(KeyKind.Entry + 1)]);
  }

  entryIndex(key: Uint8Array): number {
    return Number(Buffer.from(key.buffer, key.byteOffset, key.byteLength).readBigUInt64BE(this.prefix.length + 1));
  }

  /** An application key in this group's keyspace. */
  app(suffix: Uint8Array | string): Buffer {
    return Buffer.concat([this.prefix, Buffer.of(KeyKind.App), typeof suffix === 'string' ? Buffer.from(suffix, 'utf8') : suffix]);
  }

  /** [gte, lt) bounds covering every key of the group. */
  range(): { gte: Buffer; lt: Buffer } {
    const lt = Buffer.from(this.prefix);
    lt[lt.length - 1] = 1;
    return { gte: this.prefix, lt };
  }

  /** [gte, lt) bounds for the application keys with a suffix prefix. */
  appRange(suffixPrefix: Uint8Array | string = ''): { gte: Buffer; lt: Buffer } {
    const gte = this.app(suffixPrefix);
    return { gte, lt: Buffer.concat([gte, Buffer.of(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff)]) };
  }
}
