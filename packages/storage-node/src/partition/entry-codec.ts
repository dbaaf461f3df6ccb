// What a partition's Raft entries hold. The Raft log IS the partition log
// (docs/architecture.md §6): a data entry is one tag byte followed by one record batch,
// stored verbatim; other entries carry partition commands every replica must
// agree on (the log start advance of retention, the remote tier's manifest:
// docs/architecture.md §14.1). Empty entries (a new
// leader's no-op) and anything untagged are invisible to consumers. Slicing
// the tag off on read is a view, not a copy.
import { allocEntryData } from '@eddy/raft';
import { z } from 'zod';
import { remoteSegmentSchema, type RemoteSegment } from '../remote/remote-segment.js';

export const EntryTag = {
  recordBatch: 0x01,
  command: 0x02,
} as const;
export type EntryTag = (typeof EntryTag)[keyof typeof EntryTag];

/** A replicated partition command (JSON: rare, small, and easy to evolve). */
export type PartitionCommand =
  | {
      type: 'advance-log-start';
      /** The new log start offset: the base offset of the first batch kept. */
      offset: number;
      /** Raft index of the entry holding that batch (entries below it may be deleted). */
      index: number;
      /** The partition's bytesAppended before that batch (so every replica agrees on the log size). */
      bytesBefore: number;
    }
  /** A segment's object is stored whole in the remote tier: it joins the manifest. */
  | { type: 'add-remote-segment'; segment: RemoteSegment }
  /** Retention removes the remote segments wholly below this offset from the manifest. */
  | { type: 'delete-remote-segments'; beforeOffset: number };

const safeInt = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Command entries come from the leader, through Raft: hostile until they parse as one of these. */
const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('advance-log-start'), offset: safeInt, index: safeInt, bytesBefore: safeInt }),
  z.object({ type: z.literal('add-remote-segment'), segment: remoteSegmentSchema }),
  z.object({ type: z.literal('delete-remote-segments'), beforeOffset: safeInt }),
]);

/**
 * Copies a batch behind its tag: the one copy on the produce path (the request
 * buffer is not ours to keep). The copy has room in front for the Raft log's
 * header, so storing the entry copies nothing more (allocEntryData).
 */
export function encodeBatchEntry(batch: Uint8Array): Buffer {
  const out = allocEntryData(batch.byteLength + 1);
  out[0] = EntryTag.recordBatch;
  out.set(batch, 1);
  return out;
}

/** The batch inside an entry's data, or undefined when it holds none. */
export function batchOfEntry(data: Uint8Array): Buffer | undefined {
  if (data.byteLength < 2 || data[0] !== EntryTag.recordBatch) return undefined;
  return Buffer.from(data.buffer, data.byteOffset + 1, data.byteLength - 1);
}

export function encodeCommandEntry(cmd: PartitionCommand): Buffer {
  const json = Buffer.from(JSON.stringify(cmd), 'utf8');
  const out = Buffer.allocUnsafe(json.length + 1);
  out[0] = EntryTag.command;
  json.copy(out, 1);
  return out;
}

export function commandOfEntry(data: Uint8Array): PartitionCommand | undefined {
  if (data.byteLength < 2 || data[0] !== EntryTag.command) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(data.buffer, data.byteOffset + 1, data.byteLength - 1).toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = commandSchema.safeParse(v);
  return parsed.success ? parsed.data : undefined;
}
