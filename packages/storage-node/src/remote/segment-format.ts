// The layout of a remote segment object (docs/architecture.md §14.1, §9): a
// data part of whole stored record batches, concatenated exactly as in the
// partition log, followed by an index part of fixed-width points that let a
// read start near an offset or a timestamp without scanning the whole object.
// Pure: building and decoding only, no I/O.
//
// Index point, 24 bytes big-endian:
//   int64 base offset of the batch the point names
//   int64 byte position of that batch in the data part
//   int64 running max timestamp of the batches before it in the segment (-1: none)
// One point for the first batch, then one at the first batch boundary at least
// INDEX_INTERVAL_BYTES past the previous point. The manifest records the
// index part's CRC-32C (RemoteSegment.indexCrc).
import { CorruptRecordError, crc32c, readBatchHeader } from '@eddy/protocol';
import { storedBaseOffset, storedLastOffset, storedMaxTimestamp } from '../partition/batch-fields.js';

/** Data bytes between two index points (at least; points sit on batch boundaries). */
export const INDEX_INTERVAL_BYTES = 64 * 1024;
/** Bytes of one encoded index point. */
export const INDEX_POINT_BYTES = 24;

/** Where a read may start: a batch boundary in the data part. */
export interface SegmentIndexPoint {
  /** Base offset of the batch at `position`. */
  baseOffset: number;
  /** Byte position of that batch in the data part. */
  position: number;
  /** Largest batch max-timestamp of the batches before `position` (-1: none). */
  maxTimestampBefore: number;
}

/** A segment object ready to store, with the figures its manifest entry needs. */
export interface BuiltSegment {
  /** The whole object: data part then index part. */
  body: Buffer;
  /** Bytes of the data part, at [0, dataBytes). */
  dataBytes: number;
  /** Bytes of the index part, at [dataBytes, dataBytes + indexBytes). */
  indexBytes: number;
  /** CRC-32C of the index part. */
  indexCrc: number;
  /** Base offset of the first batch and last offset of the last batch. */
  baseOffset: number;
  lastOffset: number;
  /** Largest batch max-timestamp (-1: none). */
  maxTimestamp: number;
  batchCount: number;
}

/**
 * Builds a segment object from stored partition batches, in log order. Each
 * batch is checked whole (sizes, magic, CRC-32C) so a damaged local copy is
 * never uploaded; offsets must increase from batch to batch.
 */
export function buildSegment(batches: readonly Buffer[]): BuiltSegment {
  if (batches.length === 0) throw new RangeError('a remote segment needs at least one record batch; upload nothing instead');
  const points: SegmentIndexPoint[] = [];
  let position = 0;
  let lastPointPosition = -INDEX_INTERVAL_BYTES;
  let maxTimestamp = -1;
  let prevLast = -1;
  for (let i = 0; i < batches.length; i++) {
    const b = batches[i]!;
    let header;
    try {
      header = readBatchHeader(b);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      throw new CorruptRecordError(`batch ${i} of the segment failed its checks (${msg}); the local copy is damaged, so it must not be uploaded`, { cause: err });
    }
    if (header.sizeInBytes !== b.length) {
      throw new CorruptRecordError(`batch ${i} of the segment is ${b.length} bytes but its length field says ${header.sizeInBytes}; pass each stored batch as its own buffer`);
    }
    const base = storedBaseOffset(b);
    const last = storedLastOffset(b);
    if (last < base) throw new CorruptRecordError(`batch ${i} of the segment ends (offset ${last}) before it starts (offset ${base})`);
    if (i > 0 && base <= prevLast) {
      throw new RangeError(`batch ${i} of the segment starts at offset ${base}, not after the previous batch's last offset ${prevLast}; pass batches in log order`);
    }
    if (position - lastPointPosition >= INDEX_INTERVAL_BYTES) {
      points.push({ baseOffset: base, position, maxTimestampBefore: maxTimestamp });
      lastPointPosition = position;
    }
    maxTimestamp = Math.max(maxTimestamp, storedMaxTimestamp(b));
    prevLast = last;
    position += b.length;
  }
  const dataBytes = position;
  const index = encodeSegmentIndex(points);
  const body = Buffer.allocUnsafe(dataBytes + index.length);
  let at = 0;
  for (const b of batches) at += b.copy(body, at);
  index.copy(body, at);
  return {
    body,
    dataBytes,
    indexBytes: index.length,
    indexCrc: crc32c(index),
    baseOffset: storedBaseOffset(batches[0]!),
    lastOffset: prevLast,
    maxTimestamp,
    batchCount: batches.length,
  };
}

/** The index part's bytes for `points`. */
export function encodeSegmentIndex(points: readonly SegmentIndexPoint[]): Buffer {
  const buf = Buffer.alloc(points.length * INDEX_POINT_BYTES);
  points.forEach((p, i) => {
    const at = i * INDEX_POINT_BYTES;
    buf.writeBigInt64BE(BigInt(p.baseOffset), at);
    buf.writeBigInt64BE(BigInt(p.position), at + 8);
    buf.writeBigInt64BE(BigInt(p.maxTimestampBefore), at + 16);
  });
  return buf;
}

/**
 * Decodes an index part read back from the store. Checks its CRC-32C against
 * the manifest's, its length, and that the points are in order; any failure
 * is a CorruptRecordError (the stored index is damaged).
 */
export function decodeSegmentIndex(buf: Buffer, expectedCrc: number): SegmentIndexPoint[] {
  if (buf.length === 0 || buf.length % INDEX_POINT_BYTES !== 0) {
    throw new CorruptRecordError(`segment index is ${buf.length} bytes, not a whole positive number of ${INDEX_POINT_BYTES}-byte points: the stored index is damaged`);
  }
  const actual = crc32c(buf);
  if (actual !== expectedCrc >>> 0) {
    throw new CorruptRecordError(`segment index CRC mismatch: the manifest says ${hex(expectedCrc)}, the stored bytes give ${hex(actual)}: the stored index is damaged`);
  }
  const points: SegmentIndexPoint[] = [];
  for (let at = 0; at < buf.length; at += INDEX_POINT_BYTES) {
    const p = {
      baseOffset: Number(buf.readBigInt64BE(at)),
      position: Number(buf.readBigInt64BE(at + 8)),
      maxTimestampBefore: Number(buf.readBigInt64BE(at + 16)),
    };
    const prev = points[points.length - 1];
    const ordered = prev
      ? p.baseOffset > prev.baseOffset && p.position > prev.position && p.maxTimestampBefore >= prev.maxTimestampBefore
      : p.position === 0 && p.maxTimestampBefore === -1;
    if (!ordered || p.baseOffset < 0) {
      throw new CorruptRecordError(`segment index point ${points.length} (offset ${p.baseOffset}, byte ${p.position}) is out of order: the stored index is damaged`);
    }
    points.push(p);
  }
  return points;
}

/** The point to start reading `offset` from: the last with baseOffset <= offset, else the first. */
export function pointForOffset(points: readonly SegmentIndexPoint[], offset: number): SegmentIndexPoint {
  return points[lastIndexWhere(points, (p) => p.baseOffset <= offset)]!;
}

/**
 * The earliest point from which a record with timestamp >= ts could follow:
 * the last whose running max timestamp before it is < ts, else the first.
 */
export function pointForTimestamp(points: readonly SegmentIndexPoint[], ts: number): SegmentIndexPoint {
  return points[lastIndexWhere(points, (p) => p.maxTimestampBefore < ts)]!;
}

/** Index of the last point where `holds` (true on a prefix of the points), or 0 when none. */
function lastIndexWhere(points: readonly SegmentIndexPoint[], holds: (p: SegmentIndexPoint) => boolean): number {
  if (points.length === 0) throw new RangeError('a segment index has at least one point');
  let lo = 0;
  let hi = points.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (holds(points[mid]!)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}
