// Tells the controller which partitions this node leads, so metadata (and so
// clients) route to the right node. It compares the replicas' Raft leadership
// with what the metadata image says and reports differences; it runs on an
// interval, so a report lost to a controller failover is simply sent again.
import type { Logger, wire } from '@eddy/protocol';
import type { DataPlane } from '@eddy/storage-node';
import type { ControllerLink } from './controller-link.js';
import type { MetadataCatalog } from './metadata-catalog.js';

export function startLeadershipReporter(options: { nodeId: number; dataPlane: DataPlane; catalog: MetadataCatalog; link: ControllerLink; intervalMs: number; logger: Logger }): { reportNow: () => void; stop: () => void } {
  const { nodeId, dataPlane, catalog, link, logger } = options;
  let running = false;
  const report = () => {
    if (running) return;
    const stale: wire.PartitionLeader[] = [];
    for (const r of dataPlane.replicas.replicas()) {
      if (!r.isLeader) continue;
      const { topic, topicId, partition } = r.assignment;
      const known = catalog.image.topicsByName.get(topic)?.partitions[partition];
      if (!known || known.leaderId !== nodeId || known.leaderEpoch < r.leaderEpoch) {
        stale.push({ topicId, partition, leaderId: nodeId, leaderEpoch: r.leaderEpoch });
      }
    }
    if (stale.length === 0) return;
    running = true;
    link
      .reportLeaders(stale)
      .catch((err: Error) => logger.debug({ err: err.message }, 'leadership report failed; will retry'))
      .finally(() => (running = false));
  };
  const timer = setInterval(report, options.intervalMs);
  // A leadership change is reported at once (on the next tick of the event loop, after Raft settles).
  return { reportNow: () => void setImmediate(report), stop: () => clearInterval(timer) };
}
