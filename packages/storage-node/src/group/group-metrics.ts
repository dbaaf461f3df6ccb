// Consumer-group metrics of the node that coordinates the groups (docs/architecture.md §17):
// eddy_group_lag_records{group,topic,partition}, read from the coordinator when
// scraped. Each group is exported by exactly one node (its coordinator), so a
// sum over the cluster counts every partition once.
import { Gauge, type Registry } from 'prom-client';
import type { GroupLagOutput } from './group-coordinator.js';

export interface GroupMetricsSource {
  lag(): Promise<GroupLagOutput[]>;
}

export function registerGroupMetrics(registry: Registry, source: GroupMetricsSource): void {
  new Gauge({
    name: 'eddy_group_lag_records',
    help: "Records a consumer group has yet to commit per partition (high watermark minus committed offset), exported by the group's coordinator.",
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      const lags = await source.lag();
      this.reset();
      for (const l of lags) this.set({ group: l.groupId, topic: l.topic, partition: String(l.partition) }, Number(l.lag));
    },
  });
}
