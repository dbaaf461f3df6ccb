// eddy_event_loop_delay_seconds: a Prometheus histogram fed from one
// monitorEventLoopDelay monitor. Its buckets are cumulative counters that only
// grow from scrape to scrape, and a stall of the event loop shows up in them.
// This process is the server here: a busy loop blocks its event loop. The
// prom-client event-loop gauges the dashboard uses come from the same monitor.
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { EVENT_LOOP_DELAY_BUCKETS, EVENT_LOOP_RESOLUTION_MS, RuntimeMetrics, countAtOrBelow } from '../src/server/runtime-metrics.js';

const NAME = 'eddy_event_loop_delay_seconds';

interface Scrape {
  /** le -> cumulative count, in the order exported (+Inf last). */
  buckets: [number, number][];
  count: number;
  sum: number;
}

function parse(text: string): Scrape {
  const buckets: [number, number][] = [];
  for (const m of text.matchAll(new RegExp(`^${NAME}_bucket\\{le="([^"]+)"\\} (\\S+)$`, 'gm'))) buckets.push([m[1] === '+Inf' ? Infinity : Number(m[1]), Number(m[2])]);
  const one = (suffix: string) => Number(new RegExp(`^${NAME}_${suffix} (\\S+)$`, 'm').exec(text)?.[1]);
  return { buckets, count: one('count'), sum: one('sum') };
}

function expectCumulative(s: Scrape): void {
  expect(s.buckets.map(([le]) => le)).toEqual([...EVENT_LOOP_DELAY_BUCKETS, Infinity]);
  for (let i = 1; i < s.buckets.length; i++) expect(s.buckets[i]![1]).toBeGreaterThanOrEqual(s.buckets[i - 1]![1]);
  expect(s.buckets.at(-1)![1]).toBe(s.count);
}

/** Observations above `le` seconds in `later` that `earlier` did not have. */
function newAbove(earlier: Scrape, later: Scrape, le: number): number {
  const above = (s: Scrape) => s.count - s.buckets.find(([b]) => b === le)![1];
  return above(later) - above(earlier);
}

function expectGrown(earlier: Scrape, later: Scrape): void {
  for (let i = 0; i < later.buckets.length; i++) expect(later.buckets[i]![1]).toBeGreaterThanOrEqual(earlier.buckets[i]![1]);
  expect(later.count).toBeGreaterThan(earlier.count);
  expect(later.sum).toBeGreaterThanOrEqual(earlier.sum);
}

/** Holds this thread for `ms`. */
function stall(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

let metrics: RuntimeMetrics | undefined;
afterEach(() => metrics?.stop());

describe('eddy_event_loop_delay_seconds', () => {
  it('records a 150 ms stall of the event loop, in buckets that are cumulative and only grow', async () => {
    const registry = new Registry();
    metrics = new RuntimeMetrics(registry, { prefix: 'eddy_' });
    await sleep(5 * EVENT_LOOP_RESOLUTION_MS);
    const first = parse(await registry.metrics());
    expectCumulative(first);

    // Block this event loop between two of the monitor's ticks, then let its
    // timer run (late) before scraping.
    await sleep(3 * EVENT_LOOP_RESOLUTION_MS);
    stall(150);
    await sleep(3 * EVENT_LOOP_RESOLUTION_MS);
    const second = parse(await registry.metrics());
    expectCumulative(second);
    expectGrown(first, second);
    // The timer due during the stall ran at least 150 ms less one resolution late.
    expect(newAbove(first, second, 0.1)).toBeGreaterThanOrEqual(1);

    // Right after a scrape, in the interval the scrape reset the monitor in.
    stall(150);
    await sleep(3 * EVENT_LOOP_RESOLUTION_MS);
    const third = parse(await registry.metrics());
    expectCumulative(third);
    expectGrown(second, third);
    expect(newAbove(second, third, 0.1)).toBeGreaterThanOrEqual(1);
  });

  it('keeps prom-client\'s event-loop gauges, as delays since the last scrape', async () => {
    const registry = new Registry();
    metrics = new RuntimeMetrics(registry, { prefix: 'eddy_' });
    await sleep(3 * EVENT_LOOP_RESOLUTION_MS);
    await registry.metrics();
    await sleep(3 * EVENT_LOOP_RESOLUTION_MS);
    stall(150);
    await sleep(3 * EVENT_LOOP_RESOLUTION_MS);
    const text = await registry.metrics();
    for (const stat of ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99']) expect(text).toMatch(new RegExp(`^eddy_nodejs_eventloop_lag_${stat}_seconds \\S+$`, 'm'));
    expect(text).toMatch(/^eddy_nodejs_eventloop_lag_seconds \S+$/m);
    // GC pauses by kind are prom-client's, not duplicated here.
    expect(text).toMatch(/^# TYPE eddy_nodejs_gc_duration_seconds histogram$/m);
    expect(Number(/^eddy_nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)![1])).toBeGreaterThanOrEqual(0.1);
  });
});

describe('countAtOrBelow', () => {
  it('counts the values at or below a bound by their ranks', () => {
    const values = [5, 10, 10, 20, 40, 80];
    const h = {
      min: values[0]!,
      max: values.at(-1)!,
      percentile: (p: number) => values[Math.max(1, Math.floor((p / 100) * values.length + 0.5)) - 1]!,
    };
    const n = values.length;
    expect([0, 4, 5, 9, 10, 19, 20, 79, 80, 1000].map((b) => countAtOrBelow(h, n, b))).toEqual([0, 0, 1, 1, 3, 3, 4, 5, 6, 6]);
  });
});
