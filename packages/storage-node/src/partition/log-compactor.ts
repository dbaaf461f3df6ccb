// Log compaction (cleanup.policy=compact), pure: which records of a batch
// survive given the latest offset of every key, and the batch rewritten
// without the others. Offsets, producer fields, leader epoch, compression and
// timestamp type are kept; a batch left with no records disappears.
import { TimestampType, decodeRecordBatch, encodeRecordBatch, type DecodedRecordBatch } from '@eddy/protocol';

export interface CompactionRules {
  /** Latest offset of each key (keys as latin1 strings) in the committed log. */
  latest: ReadonlyMap<string, number>;
  /** Tombstones (null values) with a timestamp before this are dropped. */
  tombstonesBefore: number;
  /** Records with a timestamp at or after this are not compacted yet (min.compaction.lag.ms). */
  notBefore: number;
}

export function keyString(key: Buffer): string {
  return key.toString('latin1');
}

/** Records every key's latest offset from one batch (call in log order). */
export function noteLatest(batch: Buffer, latest: Map<string, number>): void {
  for (const r of decodeRecordBatch(batch).records) if (r.key !== null) latest.set(keyString(r.key), Number(r.offset));
}

/** The batch without superseded records and expired tombstones: unchanged (undefined), rewritten, or empty (null). */
export function compactBatch(batch: Buffer, rules: CompactionRules): Buffer | null | undefined {
  const d: DecodedRecordBatch = decodeRecordBatch(batch);
  const kept = d.records.filter((r) => {
    if (r.key === null) return true;
    if (Number(r.timestamp) >= rules.notBefore) return true;
    if (rules.latest.get(keyString(r.key)) !== Number(r.offset)) return false;
    return !(r.value === null && Number(r.timestamp) < rules.tombstonesBefore);
  });
  if (kept.length === d.records.length) return undefined;
  if (kept.length === 0) return null;
  const logAppendTime = d.timestampType === TimestampType.logAppendTime;
  return encodeRecordBatch({
    baseOffset: d.baseOffset,
    partitionLeaderEpoch: d.partitionLeaderEpoch,
    compression: d.compression,
    timestampType: d.timestampType,
    ...(logAppendTime ? { maxTimestamp: d.maxTimestamp } : {}),
    producerId: d.producerId,
    producerEpoch: d.producerEpoch,
    baseSequence: d.baseSequence,
    records: kept.map((r) => ({ key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp, offsetDelta: r.offsetDelta })),
  });
}
