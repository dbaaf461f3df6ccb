// Persistence of the sparse offset index in the partition group's app keyspace
// of the node's one LevelDB. Key layout follows @eddy/raft's storage/keys.ts
// (0x01 <group id> 0x00 'a' <app key>), which @eddy/raft does not export;
// the app key here is 'i' <offset u64 BE>, the value three float64s (Raft
// index, bytes before, max timestamp before) and their CRC-32C. A point is
// written without fsync and without waiting: it is derived data. A crash can
// lose recent points (the replay after the last snapshot recreates most of
// them); a missing point only makes a read start from the point before it,
// so a point that fails its check is left out when loading (values from
// before checksums, 24 bytes, are read as they are).
import { crc32c } from '@eddy/protocol';
import type { BatchOp, LevelRaftStore } from '@eddy/raft';
import { appPrefix } from './group-keyspace.js';
import type { IndexPoint } from './offset-index.js';

const INDEX_KIND = 0x69; // 'i'

export class IndexStore {
  private readonly prefix: Buffer;

  constructor(
    private readonly store: LevelRaftStore,
    groupId: string,
  ) {
    this.prefix = appPrefix(groupId, INDEX_KIND);
  }

  private key(offset: number): Buffer {
    const k = Buffer.allocUnsafe(this.prefix.length + 8);
    this.prefix.copy(k, 0);
    k.writeBigUInt64BE(BigInt(offset), this.prefix.length);
    return k;
  }

  private range(): { gte: Buffer; lt: Buffer } {
    return { gte: this.prefix, lt: Buffer.concat([this.prefix.subarray(0, this.prefix.length - 1), Buffer.of(INDEX_KIND + 1)]) };
  }

  /** The stored points, in offset order; `damaged` counts those left out because they failed their checks. */
  async load(): Promise<IndexPoint[] & { damaged?: number }> {
    const out: IndexPoint[] & { damaged?: number } = [];
    let damaged = 0;
    for await (const [key, value] of this.store.db.iterator(this.range())) {
      const point = key.length === this.prefix.length + 8 ? decodePoint(Number(key.readBigUInt64BE(this.prefix.length)), value) : undefined;
      if (point === undefined) damaged++;
      else out.push(point);
    }
    if (damaged > 0) out.damaged = damaged;
    return out;
  }

  async put(points: readonly IndexPoint[]): Promise<void> {
    if (points.length === 0) return;
    await this.store.write(this.putOps(points), { sync: false });
  }

  /** The write operations storing `points` (for a caller that writes them with other keys). */
  putOps(points: readonly IndexPoint[]): BatchOp[] {
    return points.map((p) => {
      const v = Buffer.allocUnsafe(28);
      v.writeDoubleBE(p.index, 0);
      v.writeDoubleBE(p.bytesBefore, 8);
      v.writeDoubleBE(p.maxTimestampBefore, 16);
      v.writeUInt32BE(crc32c(v.subarray(0, 24)), 24);
      return { type: 'put' as const, key: this.key(p.offset), value: v };
    });
  }

  async deleteBefore(offset: number): Promise<void> {
    await this.store.db.clear({ gte: this.prefix, lt: this.key(offset) });
  }

  async destroy(): Promise<void> {
    await this.store.db.clear(this.range());
  }
}

/** A stored point, or undefined when it fails its checks. */
function decodePoint(offset: number, value: Buffer): IndexPoint | undefined {
  if (value.length === 28) {
    if (crc32c(value.subarray(0, 24)) !== value.readUInt32BE(24)) return undefined;
  } else if (value.length !== 24) {
    return undefined;
  }
  const index = value.readDoubleBE(0);
  const bytesBefore = value.readDoubleBE(8);
  const maxTimestampBefore = value.readDoubleBE(16);
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(index) || index < 0 || !Number.isSafeInteger(bytesBefore) || bytesBefore < 0 || !Number.isFinite(maxTimestampBefore)) return undefined;
  return { offset, index, bytesBefore, maxTimestampBefore };
}
