// A remote segment: one object in the object store holding a contiguous range
// of a partition's log, whole record batches (docs/architecture.md §14.1). The
// partition's replicated state lists them in order (the manifest); an entry is
// added only through the partition's Raft log, after its object was stored whole.
import { z } from 'zod';

export interface RemoteSegment {
  /** Object key, relative to the store's prefix (segmentKey). */
  key: string;
  /** Base offset of the first batch and last offset of the last batch. */
  baseOffset: number;
  lastOffset: number;
  /** Raft index range the segment covers; contiguous with the previous segment's. */
  baseIndex: number;
  lastIndex: number;
  /** The partition's bytesAppended before the first batch (sizes add up across tiers). */
  bytesBefore: number;
  /** Bytes of batches: the object's data part, at [0, dataBytes). */
  dataBytes: number;
  /** Bytes of the object's index part, at [dataBytes, dataBytes + indexBytes). */
  indexBytes: number;
  /** CRC-32C of the index part. */
  indexCrc: number;
  /** Largest batch max-timestamp in the segment (-1: none). */
  maxTimestamp: number;
  /** The leader's term when it uploaded the segment. */
  term: number;
}

const int = z.number().int();
/** A manifest entry from a Raft entry or a snapshot: hostile until it parses as this. */
export const remoteSegmentSchema = z.object({
  key: z.string().min(1).max(512),
  baseOffset: int.min(0),
  lastOffset: int.min(0),
  baseIndex: int.min(1),
  lastIndex: int.min(1),
  bytesBefore: int.min(0),
  dataBytes: int.min(1),
  indexBytes: int.min(0),
  indexCrc: int.min(0),
  maxTimestamp: int,
  term: int.min(0),
}).refine((s) => s.lastOffset >= s.baseOffset && s.lastIndex >= s.baseIndex, 'a segment ends before it starts');

const pad = (n: number) => String(n).padStart(20, '0');

/** The folder of a partition's segments in the store. */
export function partitionPrefix(topicId: string, partition: number): string {
  return `${topicId}/${partition}/`;
}

/** A fresh object key: offsets and term in the name (orphan clean-up reads them back), a random part so two uploads never share one. */
export function segmentKey(topicId: string, partition: number, baseOffset: number, lastOffset: number, term: number, random: string): string {
  return `${partitionPrefix(topicId, partition)}${pad(baseOffset)}-${pad(lastOffset)}-${term}-${random}.seg`;
}

/** The offsets and term a segment key names, or undefined for a key that is not one of ours. */
export function parseSegmentKey(key: string): { baseOffset: number; lastOffset: number; term: number } | undefined {
  const m = /(?:^|\/)(\d{20})-(\d{20})-(\d+)-[0-9a-f]+\.seg$/.exec(key);
  if (!m) return undefined;
  const baseOffset = Number(m[1]);
  const lastOffset = Number(m[2]);
  const term = Number(m[3]);
  if (!Number.isSafeInteger(baseOffset) || !Number.isSafeInteger(lastOffset) || !Number.isSafeInteger(term)) return undefined;
  return { baseOffset, lastOffset, term };
}
