// The tiered-storage metrics (docs/architecture.md §17) as a scrape shows them:
// every family exported at 0 on a node without a remote store (the deploy
// checks and alerts rely on that), the labelled counters pre-created for every
// reason and op, the gauges read from their sources on each scrape, and what
// the uploader, reader and cleaner report counted where it belongs.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { REMOTE_DELETE_REASONS, REMOTE_OPS, RemoteMetrics } from '../../src/remote/remote-metrics.js';

/** The value of one series in Prometheus text (undefined when absent). */
function value(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}

function typeOf(text: string, family: string): string | undefined {
  return new RegExp(`^# TYPE ${family} (\\w+)$`, 'm').exec(text)?.[1];
}

describe('RemoteMetrics', () => {
  it('exports every family at 0 before anything is uploaded and without sources', async () => {
    const registry = new Registry();
    new RemoteMetrics(registry);
    const text = await registry.metrics();
    expect(typeOf(text, 'eddy_remote_upload_bytes_total')).toBe('counter');
    expect(typeOf(text, 'eddy_remote_upload_segments_total')).toBe('counter');
    expect(typeOf(text, 'eddy_remote_upload_lag_bytes')).toBe('gauge');
    expect(typeOf(text, 'eddy_remote_upload_lag_offsets')).toBe('gauge');
    expect(typeOf(text, 'eddy_remote_log_bytes')).toBe('gauge');
    expect(typeOf(text, 'eddy_remote_fetch_duration_seconds')).toBe('histogram');
    expect(typeOf(text, 'eddy_remote_fetch_bytes_total')).toBe('counter');
    expect(typeOf(text, 'eddy_remote_deletes_total')).toBe('counter');
    expect(typeOf(text, 'eddy_remote_errors_total')).toBe('counter');
    for (const series of ['eddy_remote_upload_bytes_total', 'eddy_remote_upload_segments_total', 'eddy_remote_upload_lag_bytes', 'eddy_remote_upload_lag_offsets', 'eddy_remote_log_bytes', 'eddy_remote_fetch_bytes_total', 'eddy_remote_fetch_duration_seconds_count']) {
      expect(value(text, series), series).toBe(0);
    }
    for (const reason of REMOTE_DELETE_REASONS) expect(value(text, `eddy_remote_deletes_total{reason="${reason}"}`)).toBe(0);
    for (const op of REMOTE_OPS) expect(value(text, `eddy_remote_errors_total{op="${op}"}`)).toBe(0);
  });

  it('counts uploads, fetches, deletes and failures', async () => {
    const registry = new Registry();
    const m = new RemoteMetrics(registry);
    m.uploaded(1000);
    m.uploaded(500);
    m.fetched(4096, 0.003);
    m.fetched(100, 2);
    m.deleted('retention', 3);
    m.deleted('orphan');
    m.failed('upload');
    m.failed('upload');
    m.failed('list');
    const text = await registry.metrics();
    expect(value(text, 'eddy_remote_upload_bytes_total')).toBe(1500);
    expect(value(text, 'eddy_remote_upload_segments_total')).toBe(2);
    expect(value(text, 'eddy_remote_fetch_bytes_total')).toBe(4196);
    expect(value(text, 'eddy_remote_fetch_duration_seconds_count')).toBe(2);
    expect(value(text, 'eddy_remote_fetch_duration_seconds_bucket{le="0.005"}')).toBe(1);
    expect(value(text, 'eddy_remote_fetch_duration_seconds_bucket{le="2.5"}')).toBe(2);
    expect(value(text, 'eddy_remote_fetch_duration_seconds_bucket{le="0.001"}')).toBe(0);
    expect(value(text, 'eddy_remote_fetch_duration_seconds_bucket{le="10"}')).toBe(2);
    expect(value(text, 'eddy_remote_deletes_total{reason="retention"}')).toBe(3);
    expect(value(text, 'eddy_remote_deletes_total{reason="orphan"}')).toBe(1);
    expect(value(text, 'eddy_remote_deletes_total{reason="topic-deleted"}')).toBe(0);
    expect(value(text, 'eddy_remote_errors_total{op="upload"}')).toBe(2);
    expect(value(text, 'eddy_remote_errors_total{op="list"}')).toBe(1);
    expect(value(text, 'eddy_remote_errors_total{op="fetch"}')).toBe(0);
  });

  it('reads the lag and the remote tier size from their sources on every scrape', async () => {
    const registry = new Registry();
    const m = new RemoteMetrics(registry);
    let lag = { bytes: 2048, offsets: 17 };
    let remote = 1 << 30;
    m.setLagSource(() => lag);
    m.setRemoteBytesSource(() => remote);
    let text = await registry.metrics();
    expect(value(text, 'eddy_remote_upload_lag_bytes')).toBe(2048);
    expect(value(text, 'eddy_remote_upload_lag_offsets')).toBe(17);
    expect(value(text, 'eddy_remote_log_bytes')).toBe(1 << 30);

    lag = { bytes: 0, offsets: 0 };
    remote = 5;
    text = await registry.metrics();
    expect(value(text, 'eddy_remote_upload_lag_bytes')).toBe(0);
    expect(value(text, 'eddy_remote_upload_lag_offsets')).toBe(0);
    expect(value(text, 'eddy_remote_log_bytes')).toBe(5);
  });

  it('shows a source value that is not a count (NaN, negative) as 0', async () => {
    const registry = new Registry();
    const m = new RemoteMetrics(registry);
    m.setLagSource(() => ({ bytes: Number.NaN, offsets: -3 }));
    m.setRemoteBytesSource(() => Number.POSITIVE_INFINITY);
    const text = await registry.metrics();
    expect(value(text, 'eddy_remote_upload_lag_bytes')).toBe(0);
    expect(value(text, 'eddy_remote_upload_lag_offsets')).toBe(0);
    expect(value(text, 'eddy_remote_log_bytes')).toBe(0);
  });
});
