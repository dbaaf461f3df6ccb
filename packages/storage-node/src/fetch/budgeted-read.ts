// One read of a partition within a ReadBudget, for Fetch and Subscribe: takes
// committed batches from an offset while the budget admits them, and asks the
// replica (its Raft cache, else a LevelDB iterator that stops at the size it
// is given) for no more than the budget can still take, so a large request
// never loads the range it names. Stored batches count their stored bytes;
// decoded records count their decoded bytes, and each batch is decompressed
// only within what the budget can still take.
import { CorruptRecordError, decodeRecordBatch, type DecodedRecord, type DecodedRecordBatch } from '@eddy/protocol';
import { storedLastOffset } from '../partition/batch-fields.js';
import type { PartitionReplica } from '../partition/partition-replica.js';
import { decodedRecordBytes, MAX_BATCH_DECODE_BYTES, type ReadBudget } from './read-budget.js';

export const RecordFormat = { batches: 'batches', records: 'records' } as const;
export type RecordFormat = (typeof RecordFormat)[keyof typeof RecordFormat];

export interface ConsumedRecordOutput {
  offset: number;
  timestampMs: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: readonly { key: string; value: Buffer | null }[];
  leaderEpoch: number;
}

export interface BudgetedRead {
  /** Format batches: the stored batches taken, whole, in log order; the first may start before the offset asked. */
  batches: Buffer[];
  /** Format records: the decoded records at or after the offset asked. */
  records: ConsumedRecordOutput[];
  /** Bytes the budget counted. */
  bytes: number;
  /** Offset after the last batch taken, or the offset asked when none was. */
  nextOffset: number;
  highWatermark: number;
  logStartOffset: number;
  /** Committed data was left because the budget was spent (not because the log ended). */
  limited: boolean;
}

export async function readWithin(replica: PartitionReplica, offset: number, budget: ReadBudget, format: RecordFormat): Promise<BudgetedRead> {
  const out: BudgetedRead = {
    batches: [],
    records: [],
    bytes: 0,
    nextOffset: offset,
    highWatermark: replica.state.highWatermark,
    logStartOffset: replica.state.earliestOffset,
    limited: false,
  };
  let ended = false;
  let refused = false;
  while (!refused) {
    const want = budget.readAhead();
    if (want === 0) break;
    const read = await replica.read(out.nextOffset, want);
    out.highWatermark = read.highWatermark;
    out.logStartOffset = read.logStartOffset;
    if (read.batches.length === 0) {
      ended = true;
      break;
    }
    for (const b of read.batches) {
      if (!(format === RecordFormat.records ? takeRecords(b, offset, budget, out) : takeBatch(b, budget, out))) {
        refused = true;
        break;
      }
      out.nextOffset = storedLastOffset(b) + 1;
    }
    // A read of stored batches stops where the budget does; decoded records may count more or less than stored bytes.
    if (format === RecordFormat.batches && !refused) {
      ended = out.nextOffset >= read.highWatermark;
      break;
    }
  }
  out.bytes = budget.used;
  out.limited = !ended && out.nextOffset < out.highWatermark;
  return out;
}

function takeBatch(b: Buffer, budget: ReadBudget, out: BudgetedRead): boolean {
  if (!budget.take(b.length)) return false;
  out.batches.push(b);
  return true;
}

/** Decodes a batch within the budget's allowance and takes its records at or after `fromOffset`, or none. */
function takeRecords(b: Buffer, fromOffset: number, budget: ReadBudget, out: BudgetedRead): boolean {
  const allowance = budget.allowance();
  if (allowance <= 0) return false;
  let d: DecodedRecordBatch;
  try {
    d = decodeRecordBatch(b, { maxDecompressedBytes: Math.min(allowance, MAX_BATCH_DECODE_BYTES) });
  } catch (err) {
    // Produce decompressed every stored batch within the hard cap, so under a
    // smaller limit this batch is too large for the budget: left for a later read.
    if (err instanceof CorruptRecordError && allowance < MAX_BATCH_DECODE_BYTES) return false;
    throw err;
  }
  let bytes = 0;
  const first = out.records.length;
  for (const r of d.records as DecodedRecord[]) {
    const o = Number(r.offset);
    if (o < fromOffset) continue;
    bytes += decodedRecordBytes(r);
    out.records.push({ offset: o, timestampMs: Number(r.timestamp), key: r.key, value: r.value, headers: r.headers, leaderEpoch: d.partitionLeaderEpoch });
  }
  if (budget.take(bytes)) return true;
  out.records.length = first;
  return false;
}
