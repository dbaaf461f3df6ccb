// Controller metrics (docs/architecture.md §17) in a registry the process owns (never the
// global one, so several controllers can share a test process). Gauges read
// the image when scraped rather than being updated per record: counting
// offline partitions is O(partitions), which a scrape every few seconds can
// afford and every applied record could not.
import { Gauge, Histogram, type Registry } from 'prom-client';

export interface ControllerMetricsSource {
  isActive(): boolean;
  stats(): ControllerStats;
}

export interface ControllerStats {
  metadataVersion: number;
  nodesRegistered: number;
  nodesFenced: number;
  topics: number;
  partitions: number;
  offlinePartitions: number;
  /** Partitions a reassignment is moving. */
  reassignmentsInProgress: number;
  /** Bytes the adding replicas of moves in progress still lack (the active controller's view). */
  reassignmentBytesRemaining: number;
  /** Partitions with fewer replicas than their topic's replication factor, or replicas on offline nodes. */
  partitionsBelowTargetReplicas: number;
  nodesByState: { active: number; decommissioning: number; decommissioned: number };
}

export class ControllerMetrics {
  readonly adminRequestDuration: Histogram<'operation'>;
  private source: ControllerMetricsSource | undefined;

  constructor(registry: Registry) {
    const source = (): ControllerMetricsSource | undefined => this.source;
    const gauge = (name: string, help: string, read: (s: ControllerMetricsSource) => number): void => {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          const s = source();
          if (s) this.set(read(s));
        },
      });
    };
    gauge('eddy_controller_active', '1 when this controller is the active (leading) controller, else 0.', (s) => (s.isActive() ? 1 : 0));
    gauge('eddy_controller_metadata_version', 'Version (last applied record) of the metadata image.', (s) => s.stats().metadataVersion);
    gauge('eddy_controller_nodes_registered', 'Registered nodes, fenced or not.', (s) => s.stats().nodesRegistered);
    gauge('eddy_controller_nodes_fenced', 'Registered nodes that are fenced (session expired or shut down).', (s) => s.stats().nodesFenced);
    gauge('eddy_controller_topics', 'Topics in the metadata image.', (s) => s.stats().topics);
    gauge('eddy_controller_partitions', 'Partitions in the metadata image.', (s) => s.stats().partitions);
    gauge('eddy_controller_offline_partitions', 'Partitions without a leader on a live node.', (s) => s.stats().offlinePartitions);
    gauge('eddy_controller_reassignments_in_progress', 'Partitions a reassignment is moving to new replicas.', (s) => s.stats().reassignmentsInProgress);
    gauge(
      'eddy_controller_reassignment_bytes_remaining',
      'Bytes the new replicas of moves in progress still lack, as partition leaders last reported (the whole partition while unreported); 0 on a follower controller.',
      (s) => s.stats().reassignmentBytesRemaining,
    );
    gauge(
      'eddy_controller_partitions_below_target_replicas',
      "Partitions with fewer replicas than their topic's replication factor, or with replicas on offline nodes.",
      (s) => s.stats().partitionsBelowTargetReplicas,
    );
    new Gauge({
      name: 'eddy_controller_nodes',
      help: 'Registered nodes by state: active, decommissioning (still holds replicas), decommissioned (holds none).',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const s = source();
        if (!s) return;
        for (const [state, n] of Object.entries(s.stats().nodesByState)) this.set({ state }, n);
      },
    });
    this.adminRequestDuration = new Histogram({
      name: 'eddy_controller_admin_request_duration_seconds',
      help: 'Time to serve an admin or node request on this controller, by operation.',
      labelNames: ['operation'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    });
  }

  /** Connects the gauges to the controller they describe. */
  bind(source: ControllerMetricsSource): void {
    this.source = source;
  }
}
