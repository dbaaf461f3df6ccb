// Process and Node.js runtime metrics of a server: prom-client's defaults
// (eddy_process_*, eddy_nodejs_*, among them GC pauses by kind in
// eddy_nodejs_gc_duration_seconds) and the event-loop delay, from one
// node:perf_hooks monitor:
//   eddy_event_loop_delay_seconds            histogram (cumulative buckets: rates and quantiles over any window)
//   eddy_nodejs_eventloop_lag_*_seconds      prom-client's gauges, same names (the delays since the last scrape)
// The monitor's timer is due every EVENT_LOOP_RESOLUTION_MS; each run records
// how long the interval since the previous one took, so a turn of the event
// loop that holds the thread for 120 ms shows up as one interval of about
// 120 ms. The delay is that interval less the resolution (what the timer waited
// on purpose), at 0 or more.
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Gauge, collectDefaultMetrics, type Metric, type Registry } from 'prom-client';

/**
 * Each tick is a timer wakeup of the main thread, idle or not; on the 2-core
 * dev VM one cost about 50-70 us of CPU (a bare Node process with only the
 * monitor: 0.48 % of a core at 10 ms, 0.28 % at 20 ms, 0.14 % at 50 ms). An
 * idle combined node's main thread used 0.85-1.05 % of a core with no monitor,
 * 1.0-1.33 % with this one at 20 ms, 1.13-1.5 % with prom-client's own at 10 ms
 * (which this replaces), 0.91-1.14 % at 50 ms (four 60 s windows each, the
 * machine shared with other work). At 20 ms every stall of 20 ms or more is
 * sampled (issue #22's tail is 28 ms); a shorter one of B ms only when a tick
 * falls due during it (probability B / 20).
 */
export const EVENT_LOOP_RESOLUTION_MS = 20;

export const EVENT_LOOP_DELAY_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** prom-client's event-loop gauges (collectDefaultMetrics), fed here from this monitor instead of its own. */
const LAG_GAUGES = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'] as const;
type Window = Record<(typeof LAG_GAUGES)[number], number>;
const EMPTY_WINDOW: Window = { min: 0, max: 0, mean: 0, stddev: 0, p50: 0, p90: 0, p99: 0 };

/**
 * collectDefaultMetrics' eventLoopMonitoringPrecision that keeps prom-client's
 * own monitor from ticking (its timer is due once in 24 days): its gauges are
 * replaced by ones fed from RuntimeMetrics' monitor, which the histogram shares.
 */
const PROM_CLIENT_MONITOR_IDLE_MS = 2 ** 31 - 1;

export interface RuntimeMetricsOptions {
  /** Metric name prefix (prom-client's defaults get it too). */
  prefix?: string;
  resolutionMs?: number;
}

export class RuntimeMetrics {
  private readonly monitor: IntervalHistogram;
  private readonly resolutionMs: number;
  /** Running totals: cumulative count per bucket bound, all delays (+Inf), and their sum in seconds. */
  private readonly le: number[] = EVENT_LOOP_DELAY_BUCKETS.map(() => 0);
  private count = 0;
  private sum = 0;
  private window: Window = EMPTY_WINDOW;
  /** The bridge timer's delay (see sample), for the next window's maximum. */
  private bridged = 0;
  private sampled = false;
  private stopped = false;

  constructor(registry: Registry, options: RuntimeMetricsOptions = {}) {
    const prefix = options.prefix ?? 'eddy_';
    this.resolutionMs = options.resolutionMs ?? EVENT_LOOP_RESOLUTION_MS;
    this.monitor = monitorEventLoopDelay({ resolution: this.resolutionMs });
    this.monitor.enable();

    // Registered first, so a scrape samples the monitor before it runs the
    // other metrics' collect functions (their time on the thread is then
    // measured by the bridge timer below).
    const name = `${prefix}event_loop_delay_seconds`;
    const help = `Event-loop delay: how late the main thread ran a timer due every ${this.resolutionMs} ms (what a request, heartbeat or callback due then waited for the thread).`;
    const histogram = {
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      collect: () => undefined,
      reset: () => undefined,
      get: () => {
        this.sample();
        const values = [
          ...EVENT_LOOP_DELAY_BUCKETS.map((bound, i) => ({ labels: { le: bound }, value: this.le[i]!, metricName: `${name}_bucket` })),
          { labels: { le: '+Inf' }, value: this.count, metricName: `${name}_bucket` },
          { labels: {}, value: this.sum, metricName: `${name}_sum` },
          { labels: {}, value: this.count, metricName: `${name}_count` },
        ];
        return Promise.resolve({ name, help, type: 'histogram', aggregator: 'sum', values });
      },
    };
    // A histogram whose buckets come from the monitor, not from observe() calls:
    // prom-client's Histogram has no way to add counts to its buckets.
    registry.registerMetric(histogram as unknown as Metric);

    collectDefaultMetrics({ register: registry, prefix, eventLoopMonitoringPrecision: PROM_CLIENT_MONITOR_IDLE_MS });
    // prom-client's gauges, same names and meaning (the delays recorded since
    // the last scrape), now less the resolution: they read 0, not 10 ms, on an idle loop.
    const sample = () => this.sample();
    const windowOf = () => this.window;
    for (const stat of LAG_GAUGES) {
      const gauge = `${prefix}nodejs_eventloop_lag_${stat}_seconds`;
      registry.removeSingleMetric(gauge);
      const what = { min: 'minimum', max: 'maximum', mean: 'mean', stddev: 'standard deviation', p50: '50th percentile', p90: '90th percentile', p99: '99th percentile' }[stat];
      new Gauge({
        name: gauge,
        help: `The ${what} of the event loop delays recorded since the last scrape.`,
        registers: [registry],
        collect() {
          sample();
          this.set(windowOf()[stat]);
        },
      });
    }
    // prom-client's setImmediate lag: from this scrape's collect to the loop's
    // next check phase, mostly the rest of the scrape itself.
    const lagName = `${prefix}nodejs_eventloop_lag_seconds`;
    registry.removeSingleMetric(lagName);
    const lag = new Gauge({
      name: lagName,
      help: 'Lag of event loop in seconds.',
      registers: [registry],
      collect() {
        const start = performance.now();
        setImmediate(() => lag.set((performance.now() - start) / 1000));
      },
    });
  }

  stop(): void {
    this.stopped = true;
    this.monitor.disable();
  }

  /**
   * Moves what the monitor recorded since the last scrape into the running
   * totals and the window gauges, and resets the monitor. Runs once per
   * scrape, whichever metric is collected first.
   */
  private sample(): void {
    if (this.sampled) return;
    this.sampled = true;
    queueMicrotask(() => (this.sampled = false));
    const m = this.monitor;
    const n = m.count;
    const r = this.resolutionMs * 1e6;
    const delay = (ns: number) => Math.max(0, ns - r) / 1e9;
    if (n > 0) {
      EVENT_LOOP_DELAY_BUCKETS.forEach((bound, i) => (this.le[i]! += countAtOrBelow(m, n, bound * 1e9 + r)));
      this.count += n;
      this.sum += (Math.max(0, m.mean - r) * n) / 1e9;
      this.window = { min: delay(m.min), max: Math.max(delay(m.max), this.bridged), mean: delay(m.mean), stddev: m.stddev / 1e9, p50: delay(m.percentile(50)), p90: delay(m.percentile(90)), p99: delay(m.percentile(99)) };
    } else {
      this.window = { ...EMPTY_WINDOW, max: this.bridged };
    }
    this.bridged = 0;
    m.reset();
    // A reset monitor does not record the interval it was reset in (its next
    // tick only starts a new one), which holds the rest of this scrape and
    // whatever runs next. A timer due one resolution from now stands in for
    // it: its delay is counted as one more in the histogram (and in the next
    // window's maximum).
    const from = performance.now();
    setTimeout(() => {
      if (!this.stopped) this.add(Math.max(0, performance.now() - from - this.resolutionMs) / 1000);
    }, this.resolutionMs).unref();
  }

  private add(seconds: number): void {
    EVENT_LOOP_DELAY_BUCKETS.forEach((bound, i) => {
      if (seconds <= bound) this.le[i]!++;
    });
    this.count++;
    this.sum += seconds;
    this.bridged = Math.max(this.bridged, seconds);
  }
}

/**
 * How many of a histogram's n values are at or below `ns`, by a binary search
 * over ranks: percentile(100 k / n) is the k-th smallest value (to the
 * histogram's precision, 3 significant digits).
 */
export function countAtOrBelow(h: Pick<IntervalHistogram, 'min' | 'max' | 'percentile'>, n: number, ns: number): number {
  if (h.max <= ns) return n;
  if (h.min > ns) return 0;
  // The k-th smallest is <= ns for k = lo (k = 0: none), and > ns for k = hi.
  let lo = 0;
  let hi = n;
  while (hi - lo > 1) {
    const k = (lo + hi) >>> 1;
    if (h.percentile((100 * k) / n) <= ns) lo = k;
    else hi = k;
  }
  return lo;
}
