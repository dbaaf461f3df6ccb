// Which prefix of a partition's log retention removes (docs/architecture.md §14), pure.
// The log is cut only at offset-index points (or at its end), so whole
// batches go and the cut is cheap to find; the index interval is the
// deletion granularity (Kafka's segments play this role).
import type { TopicConfig } from '@eddy/protocol';
import type { IndexPoint } from '../partition/offset-index.js';
import type { PartitionState } from '../partition/partition-state.js';

export interface RetentionInput {
  logStartOffset: number;
  highWatermark: number;
  /** Raft index of the last visible batch and bytes/timestamps up to the end of the log. */
  lastBatchIndex: number;
  bytesAppended: number;
  maxTimestamp: number;
  /** Bytes of the log now (from the log start to the end). */
  sizeBytes: number;
  points: readonly IndexPoint[];
  config: Pick<TopicConfig, 'retention.ms' | 'retention.bytes' | 'cleanup.policy'>;
  now: number;
  /** Cut no further than this point (a tiered topic's local retention: only what is uploaded). */
  upTo?: IndexPoint;
}

export interface RetentionCut {
  offset: number;
  index: number;
  bytesBefore: number;
  reason: 'retention.ms' | 'retention.bytes';
}

/** What retention reads of a partition's applied state. */
export function retentionInputOf(
  st: Pick<PartitionState, 'logStartOffset' | 'highWatermark' | 'lastBatchIndex' | 'bytesAppended' | 'maxTimestamp' | 'sizeBytes' | 'index'>,
  now: number,
): Omit<RetentionInput, 'config'> {
  return {
    logStartOffset: st.logStartOffset,
    highWatermark: st.highWatermark,
    lastBatchIndex: st.lastBatchIndex,
    bytesAppended: st.bytesAppended,
    maxTimestamp: st.maxTimestamp,
    sizeBytes: st.sizeBytes,
    points: st.index.all,
    now,
  };
}

export function retentionCut(input: RetentionInput): RetentionCut | undefined {
  if (!input.config['cleanup.policy'].includes('delete')) return undefined;
  if (input.highWatermark <= input.logStartOffset) return undefined;
  const end = input.upTo ?? { offset: input.highWatermark, index: input.lastBatchIndex + 1, bytesBefore: input.bytesAppended, maxTimestampBefore: input.maxTimestamp };
  if (end.offset <= input.logStartOffset) return undefined;
  // The end itself closes the list: a point at the same offset may name a later Raft index (a
  // command entry between them), and a cut there would pass the end (the remote tier's next index).
  const candidates: IndexPoint[] = input.points.filter((p) => p.offset > input.logStartOffset && p.offset < end.offset);
  candidates.push(end);
  let best: RetentionCut | undefined;
  const ms = input.config['retention.ms'];
  if (ms >= 0) {
    const cutoff = input.now - ms;
    for (const c of candidates) {
      if (c.maxTimestampBefore < cutoff) best = { offset: c.offset, index: c.index, bytesBefore: c.bytesBefore, reason: 'retention.ms' };
      else break; // running maximum: later points are no older
    }
  }
  const limit = input.config['retention.bytes'];
  if (limit >= 0 && input.sizeBytes > limit) {
    // The first point that brings the log within the limit, or as far as the cut may go.
    const c = candidates.find((p) => input.bytesAppended - p.bytesBefore <= limit) ?? candidates[candidates.length - 1];
    if (c && c.offset > input.logStartOffset && (!best || c.offset > best.offset)) {
      best = { offset: c.offset, index: c.index, bytesBefore: c.bytesBefore, reason: 'retention.bytes' };
    }
  }
  return best;
}
