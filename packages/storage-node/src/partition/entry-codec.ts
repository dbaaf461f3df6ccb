// What a partition's Raft entries hold. The Raft log IS the partition log
// (docs/architecture.md §6): a data entry is one tag byte followed by one record batch,
// stored verbatim; other entries carry partition commands every replica must
// agree on (the log start advance of retention). Empty entries (a new
// leader's no-op) and anything untagged are invisible to consumers. Slicing
// the tag off on read is a view, not a copy.

export const EntryTag = {
  recordBatch: 0x01,
  command: 0x02,
} as const;
export type EntryTag = (typeof EntryTag)[keyof typeof EntryTag];

/** A replicated partition command (JSON: rare, small, and easy to evolve). */
export type PartitionCommand = {
  type: 'advance-log-start';
  /** The new log start offset: the base offset of the first batch kept. */
  offset: number;
  /** Raft index of the entry holding that batch (entries below it may be deleted). */
  index: number;
  /** The partition's bytesAppended before that batch (so every replica agrees on the log size). */
  bytesBefore: number;
};

/** Copies a batch behind its tag: the one copy on the produce path (the request buffer is not ours to keep). */
export function encodeBatchEntry(batch: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(batch.byteLength + 1);
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
  try {
    const v = JSON.parse(Buffer.from(data.buffer, data.byteOffset + 1, data.byteLength - 1).toString('utf8')) as PartitionCommand;
    return v.type === 'advance-log-start' && Number.isSafeInteger(v.offset) && Number.isSafeInteger(v.index) && Number.isSafeInteger(v.bytesBefore) ? v : undefined;
  } catch {
    return undefined;
  }
}
