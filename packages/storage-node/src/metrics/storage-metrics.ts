// Data-plane metrics of a storage node (docs/architecture.md §17) in a registry the process
// owns. Counters and histograms are updated per request (one increment per
// batch, never per record); gauges read the replicas when scraped.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface StorageMetricsSource {
  /** Every replica hosted here, with its leadership, lag and size. */
  partitions(): Iterable<{
    topic: string;
    partition: number;
    isLeader: boolean;
    underReplicated: boolean;
    sizeBytes: number;
    heldBatches: number;
    /** Rebuilt from a leader snapshot and still copying the log below it from a peer. */
    backfilling?: boolean;
    /** Estimated bytes that copy still has to bring. */
    backfillBytesRemaining?: number;
    /** Its log was cut at damage: it does not vote until it has committed the old end again. */
    repairing?: boolean;
  }>;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class StorageMetrics {
  readonly recordsIn: Counter<'topic'>;
  readonly bytesIn: Counter<'topic'>;
  readonly recordsOut: Counter<'topic'>;
  readonly bytesOut: Counter<'topic'>;
  readonly produceDuration: Histogram<'acks'>;
  readonly fetchDuration: Histogram;
  readonly backfillBytes: Counter;
  private source: StorageMetricsSource | undefined;

  constructor(registry: Registry) {
    this.recordsIn = new Counter({ name: 'eddy_storage_records_in_total', help: 'Records appended by producers to partitions led here.', labelNames: ['topic'], registers: [registry] });
    this.bytesIn = new Counter({ name: 'eddy_storage_bytes_in_total', help: 'Record-batch bytes appended by producers to partitions led here.', labelNames: ['topic'], registers: [registry] });
    this.recordsOut = new Counter({ name: 'eddy_storage_records_out_total', help: 'Records returned to consumers (fetch and subscribe).', labelNames: ['topic'], registers: [registry] });
    this.bytesOut = new Counter({ name: 'eddy_storage_bytes_out_total', help: 'Record-batch bytes returned to consumers (fetch and subscribe).', labelNames: ['topic'], registers: [registry] });
    this.produceDuration = new Histogram({
      name: 'eddy_storage_produce_duration_seconds',
      help: 'Time from receiving a produce request to answering it, by acks.',
      labelNames: ['acks'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
    this.fetchDuration = new Histogram({
      name: 'eddy_storage_fetch_duration_seconds',
      help: 'Time to answer a fetch request, long-poll wait included.',
      buckets: [...LATENCY_BUCKETS, 10, 30],
      registers: [registry],
    });
    this.backfillBytes = new Counter({
      name: 'eddy_storage_backfill_bytes_total',
      help: 'Bytes of log entries copied from peers by replicas rebuilt from a leader snapshot (the log below that snapshot).',
      registers: [registry],
    });
    const source = (): StorageMetricsSource | undefined => this.source;
    new Gauge({
      name: 'eddy_storage_backfilling_replicas',
      help: 'Partition replicas here that were rebuilt from a leader snapshot and are still copying the log below it (reads below it are unavailable on them).',
      registers: [registry],
      collect() {
        const s = source();
        if (!s) return;
        let n = 0;
        for (const p of s.partitions()) if (p.backfilling) n++;
        this.set(n);
      },
    });
    new Gauge({
      name: 'eddy_storage_repairing_replicas',
      help: 'Partition replicas here whose log was cut at damage: they take entries from the leader again and do not vote until they have committed what they held before.',
      registers: [registry],
      collect() {
        const s = source();
        if (!s) return;
        let n = 0;
        for (const p of s.partitions()) if (p.repairing) n++;
        this.set(n);
      },
    });
    new Gauge({
      name: 'eddy_storage_backfill_remaining_bytes',
      help: 'Estimated bytes of record batches the backfilling replicas here still have to copy from peers.',
      registers: [registry],
      collect() {
        const s = source();
        if (!s) return;
        let n = 0;
        for (const p of s.partitions()) n += p.backfillBytesRemaining ?? 0;
        this.set(n);
      },
    });
    new Gauge({
      name: 'eddy_storage_partitions_led',
      help: 'Partitions whose Raft group this node leads.',
      registers: [registry],
      collect() {
        const s = source();
        if (!s) return;
        let n = 0;
        for (const p of s.partitions()) if (p.isLeader) n++;
        this.set(n);
      },
    });
    new Gauge({
      name: 'eddy_storage_under_replicated_partitions',
      help: 'Partitions led here with a follower that is unreachable or far behind.',
      registers: [registry],
      collect() {
        const s = source();
        if (!s) return;
        let n = 0;
        for (const p of s.partitions()) if (p.isLeader && p.underReplicated) n++;
        this.set(n);
      },
    });
    new Gauge({
      name: 'eddy_storage_reorder_held_batches',
      help: 'Idempotent batches the partition leaders here hold because they arrived ahead of a sequence gap (waiting for the earlier batches).',
      registers: [registry],
      collect() {
        const s = source();
        if (!s) return;
        let n = 0;
        for (const p of s.partitions()) n += p.heldBatches;
        this.set(n);
      },
    });
    new Gauge({
      name: 'eddy_storage_log_size_bytes',
      help: 'Bytes of record batches in each partition replica hosted here (log start to end).',
      labelNames: ['topic', 'partition'],
      registers: [registry],
      collect() {
        const s = source();
        if (!s) return;
        this.reset();
        for (const p of s.partitions()) this.set({ topic: p.topic, partition: String(p.partition) }, p.sizeBytes);
      },
    });
  }

  bind(source: StorageMetricsSource): void {
    this.source = source;
  }
}
