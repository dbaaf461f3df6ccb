// Tells the controller which partitions this node leads, so metadata (and so
// clients) route to the right node, and what each led group looks like: its
// Raft voters and learners, which replicas are caught up, how far behind the
// others are and how big the log is. The controller completes a replica move
// when the reported voters equal the target, shows the rest in describe and
// `eddy node list`, and balances on the sizes. A report goes out when the
// leadership the metadata shows is stale, when the group's configuration or
// caught-up set changed since the last report, and every few seconds while a
// move is in progress (its progress), and every 30 s regardless (a newly
// active controller has no reports). It runs on an interval, so a report
// lost to a controller failover is simply sent again.
import type { Logger, wire } from '@eddy/protocol';
import type { DataPlane } from '@eddy/storage-node';
import type { ControllerLink } from './controller-link.js';
import type { MetadataCatalog } from './metadata-catalog.js';

/** While a partition moves, its progress is reported at most this often. */
export const PROGRESS_REPORT_MS = 2000;
/**
 * Every led partition is reported again this often even when nothing changed:
 * the controller keeps reports in memory only, so a newly active controller
 * learns the caught-up replicas (IN-SYNC) within this time.
 */
export const REFRESH_REPORT_MS = 30_000;

export function startLeadershipReporter(options: { nodeId: number; dataPlane: DataPlane; catalog: MetadataCatalog; link: ControllerLink; intervalMs: number; logger: Logger; now?: () => number }): { reportNow: () => void; stop: () => void } {
  const { nodeId, dataPlane, catalog, link, logger } = options;
  const now = options.now ?? Date.now;
  let running = false;
  /** Per group: what the last report that reached the controller said, and when. */
  const sent = new Map<string, { shape: string; at: number }>();
  const report = () => {
    if (running) return;
    const due: wire.PartitionLeader[] = [];
    const shapes = new Map<string, string>();
    const t = now();
    for (const r of dataPlane.replicas.replicas()) {
      if (!r.isLeader || !r.isOpen) continue;
      const { topic, topicId, partition } = r.assignment;
      const known = catalog.image.topicsByName.get(topic)?.partitions[partition];
      const members = r.membership.shape();
      if (members === undefined) continue;
      // Tiers change shape when a segment is uploaded or deleted, or the local start moves.
      const shape = `${r.leaderEpoch}|${members}|${r.state.remoteEnd.nextIndex}|${r.state.remoteSegments.length}|${r.state.logStartOffset}`;
      const last = sent.get(r.groupId);
      const staleLeader = !known || known.leaderId !== nodeId || known.leaderEpoch < r.leaderEpoch;
      const moving = r.membership.moving || (known?.targetReplicas.length ?? 0) > 0;
      const progressDue = (moving && (!last || t - last.at >= PROGRESS_REPORT_MS)) || (last !== undefined && t - last.at >= REFRESH_REPORT_MS);
      if (staleLeader || !last || last.shape !== shape || progressDue) {
        // Built only when due: most scans of an idle node send nothing.
        const m = r.membership.report();
        if (!m) continue;
        due.push({
          topicId,
          partition,
          leaderId: nodeId,
          leaderEpoch: r.leaderEpoch,
          voters: m.voters,
          learners: m.learners,
          caughtUp: m.caughtUp,
          bytesBehind: Object.fromEntries([...m.bytesBehind].map(([id, b]) => [String(id), b])),
          sizeBytes: r.state.sizeBytes,
          log: {
            logStartOffset: r.state.earliestOffset,
            localLogStartOffset: r.state.logStartOffset,
            highWatermark: r.state.highWatermark,
            localSizeBytes: r.state.sizeBytes,
            remoteSizeBytes: r.state.remoteSizeBytes,
            remoteSegments: r.state.remoteSegments.length,
            remoteEndOffset: r.state.remoteEnd.endOffset,
          },
        });
        shapes.set(r.groupId, shape);
      }
    }
    if (due.length === 0) return;
    running = true;
    link
      .reportLeaders(due)
      .then(() => {
        for (const [g, shape] of shapes) sent.set(g, { shape, at: t });
      })
      .catch((err: Error) => logger.debug({ err: err.message }, 'leadership report failed; will retry'))
      .finally(() => (running = false));
  };
  const timer = setInterval(report, options.intervalMs);
  // A leadership change is reported at once (on the next tick of the event loop, after Raft settles).
  return { reportNow: () => void setImmediate(report), stop: () => clearInterval(timer) };
}
