// Retention of a tiered topic (docs/architecture.md §14.1), pure. Two bounds,
// with Kafka's names: retention.ms/bytes bound the whole log (both tiers) and
// decide which remote segments go; local.retention.ms/bytes bound what stays
// on local disk, but only what the remote tier already holds may leave it.
import { localRetention, type TopicConfig } from '@eddy/protocol';
import type { IndexPoint } from '../partition/offset-index.js';
import type { PartitionState } from '../partition/partition-state.js';
import { retentionCut, retentionInputOf, type RetentionCut } from '../retention/retention-policy.js';
import type { RemoteSegment } from './remote-segment.js';

type RetentionConfig = Pick<TopicConfig, 'retention.ms' | 'retention.bytes' | 'cleanup.policy' | 'local.retention.ms' | 'local.retention.bytes'>;

/**
 * Where a tiered partition's local log may start: the further of the local
 * retention cut, capped at the end of the remote tier, and the total retention
 * cut (data retention.* removes goes from everywhere, uploaded or not).
 */
export function tieredLocalCut(st: PartitionState, config: RetentionConfig, now: number): RetentionCut | undefined {
  const input = retentionInputOf(st, now);
  const total = retentionCut({ ...input, config });
  const next = st.remoteNext;
  let local: RetentionCut | undefined;
  if (next.offset > st.logStartOffset) {
    const upTo: IndexPoint = { offset: next.offset, index: next.index, bytesBefore: next.bytesBefore, maxTimestampBefore: st.remoteEnd.maxTimestamp };
    const { ms, bytes } = localRetention(config);
    local = retentionCut({ ...input, config: { 'cleanup.policy': config['cleanup.policy'], 'retention.ms': ms, 'retention.bytes': bytes }, upTo });
  }
  if (!local) return total;
  if (!total) return local;
  return total.offset >= local.offset ? total : local;
}

export interface RemoteRetentionCut {
  /** Remote segments wholly below this offset go. */
  beforeOffset: number;
  segments: RemoteSegment[];
  reason: 'retention.ms' | 'retention.bytes';
}

/** Which leading remote segments retention.ms / retention.bytes remove (whole segments only). */
export function remoteRetentionCut(
  st: Pick<PartitionState, 'remoteSegments' | 'bytesAppended'>,
  config: Pick<TopicConfig, 'retention.ms' | 'retention.bytes' | 'cleanup.policy'>,
  now: number,
): RemoteRetentionCut | undefined {
  if (!config['cleanup.policy'].includes('delete')) return undefined;
  const segs = st.remoteSegments;
  let n = 0;
  let reason: RemoteRetentionCut['reason'] = 'retention.ms';
  const ms = config['retention.ms'];
  if (ms >= 0) {
    let runningMax = -1;
    for (const s of segs) {
      runningMax = Math.max(runningMax, s.maxTimestamp);
      if (runningMax >= now - ms) break;
      n++;
    }
  }
  const limit = config['retention.bytes'];
  if (limit >= 0) {
    // Whole segments go while at least `limit` bytes of the log remain after them (Kafka's rule).
    const keepFrom = st.bytesAppended - limit;
    let m = 0;
    while (m < segs.length && segs[m]!.bytesBefore + segs[m]!.dataBytes <= keepFrom) m++;
    if (m > n) {
      n = m;
      reason = 'retention.bytes';
    }
  }
  if (n === 0) return undefined;
  const removed = segs.slice(0, n);
  return { beforeOffset: removed[n - 1]!.lastOffset + 1, segments: removed, reason };
}
