// Tiered-storage metrics of a storage node (docs/architecture.md §17): what
// partition leaders uploaded to the object store, what they still have to
// upload (the lag), how large their remote tier is, reads served from it,
// objects deleted and object-store operations that failed. Registered by every
// storage node, with or without a remote store (the series then stay at 0), so
// that the alerts and the dashboard in deploy/observability always find them.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** Why remote objects are deleted: past the topic's retention, left over by a failed upload, or their topic was deleted. */
export type RemoteDeleteReason = 'retention' | 'orphan' | 'topic-deleted';
/** The object-store operations that can fail. */
export type RemoteOp = 'upload' | 'fetch' | 'delete' | 'list';

/** Every delete reason, exported at 0 from the start. */
export const REMOTE_DELETE_REASONS: readonly RemoteDeleteReason[] = ['retention', 'orphan', 'topic-deleted'];
/** Every operation, exported at 0 from the start. */
export const REMOTE_OPS: readonly RemoteOp[] = ['upload', 'fetch', 'delete', 'list'];

/** Committed log of the tiered partitions led here that is eligible for upload but not in the remote tier yet. */
export interface RemoteUploadLag {
  bytes: number;
  offsets: number;
}

/** One object-store GET takes from about a millisecond (a local store, a cache in front) to seconds (a slow or distant store). */
const FETCH_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A gauge's value from an optional source: 0 when none is set, or when it gives a value that is not a finite number ≥ 0. */
export function gaugeValue(read: (() => number) | undefined): number {
  if (!read) return 0;
  const v = read();
  return Number.isFinite(v) && v > 0 ? v : 0;
}

export class RemoteMetrics {
  readonly uploadBytes: Counter;
  readonly uploadSegments: Counter;
  readonly fetchDuration: Histogram;
  readonly fetchBytes: Counter;
  readonly deletes: Counter<'reason'>;
  readonly errors: Counter<'op'>;
  private lagSource: (() => RemoteUploadLag) | undefined;
  private remoteBytesSource: (() => number) | undefined;

  constructor(registry: Registry) {
    this.uploadBytes = new Counter({
      name: 'eddy_remote_upload_bytes_total',
      help: 'Bytes of remote segment objects (record batches and their index) uploaded to the object store by partitions led here.',
      registers: [registry],
    });
    this.uploadSegments = new Counter({
      name: 'eddy_remote_upload_segments_total',
      help: 'Remote segments uploaded to the object store by partitions led here.',
      registers: [registry],
    });
    // Read on scrape: each of the two lag gauges calls the source once.
    const lag = (): RemoteUploadLag | undefined => this.lagSource?.();
    new Gauge({
      name: 'eddy_remote_upload_lag_bytes',
      help: 'Bytes of committed log of the tiered partitions led here that are due for upload but not in the remote tier yet.',
      registers: [registry],
      collect() {
        this.set(gaugeValue(() => lag()?.bytes ?? 0));
      },
    });
    new Gauge({
      name: 'eddy_remote_upload_lag_offsets',
      help: 'Offsets of committed log of the tiered partitions led here that are due for upload but not in the remote tier yet.',
      registers: [registry],
      collect() {
        this.set(gaugeValue(() => lag()?.offsets ?? 0));
      },
    });
    const remoteBytes = (): number => gaugeValue(this.remoteBytesSource);
    new Gauge({
      name: 'eddy_remote_log_bytes',
      help: 'Bytes in the remote tier (the object store) of the partitions led here.',
      registers: [registry],
      collect() {
        this.set(remoteBytes());
      },
    });
    this.fetchDuration = new Histogram({
      name: 'eddy_remote_fetch_duration_seconds',
      help: 'Time of one object-store read (a GET of a byte range of a remote segment).',
      buckets: FETCH_BUCKETS,
      registers: [registry],
    });
    this.fetchBytes = new Counter({
      name: 'eddy_remote_fetch_bytes_total',
      help: 'Bytes read from the object store (remote segment data and index parts).',
      registers: [registry],
    });
    this.deletes = new Counter({
      name: 'eddy_remote_deletes_total',
      help: 'Remote segment objects deleted, by reason: retention (past the topic\'s retention), orphan (left over by an upload that did not complete), topic-deleted.',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'eddy_remote_errors_total',
      help: 'Object-store operations that failed, by op: upload, fetch, delete, list.',
      labelNames: ['op'],
      registers: [registry],
    });
    // Every label value exported from the start, so rate() and increase() see the first one.
    for (const reason of REMOTE_DELETE_REASONS) this.deletes.labels(reason).inc(0);
    for (const op of REMOTE_OPS) this.errors.labels(op).inc(0);
  }

  /** Where the upload lag gauges read from on each scrape (both 0 until set). */
  setLagSource(read: () => RemoteUploadLag): void {
    this.lagSource = read;
  }

  /** Where the remote tier size gauge reads from on each scrape (0 until set). */
  setRemoteBytesSource(read: () => number): void {
    this.remoteBytesSource = read;
  }

  /** One remote segment of `bytes` bytes was uploaded whole. */
  readonly uploaded = (bytes: number): void => {
    this.uploadSegments.inc();
    if (bytes > 0) this.uploadBytes.inc(bytes);
  };

  /** One object-store GET returned `bytes` bytes after `seconds`. */
  readonly fetched = (bytes: number, seconds: number): void => {
    if (bytes > 0) this.fetchBytes.inc(bytes);
    if (seconds >= 0) this.fetchDuration.observe(seconds);
  };

  /** `count` remote objects were deleted for `reason`. */
  readonly deleted = (reason: RemoteDeleteReason, count = 1): void => {
    if (count > 0) this.deletes.labels(reason).inc(count);
  };

  /** One object-store operation failed. */
  readonly failed = (op: RemoteOp): void => {
    this.errors.labels(op).inc();
  };
}
