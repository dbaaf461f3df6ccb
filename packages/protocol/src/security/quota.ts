// Kafka-style quotas (docs/architecture.md §7.9): per principal, usage is
// measured as a rate over a sliding window of samples; a principal over its
// quota is not refused but slowed down: after its usage is recorded, its
// answer is delayed by
//   throttleMs = (observedRate - quota) / quota * windowMs   (capped)
// which is how long it would have had to stay idle to be back at its quota.
// Pure: the caller passes the time in; nothing here sleeps.

export const QuotaKind = {
  /** Bytes of record data produced per second. */
  produceBytes: 'produce_bytes',
  /** Bytes of record data fetched (Fetch, Subscribe) per second. */
  fetchBytes: 'fetch_bytes',
  /** Requests (RPCs, stream messages) per second. */
  requests: 'requests',
} as const;
export type QuotaKind = (typeof QuotaKind)[keyof typeof QuotaKind];
export const QUOTA_KINDS: readonly QuotaKind[] = Object.values(QuotaKind);

/** A principal's limits; an absent value is no limit. */
export interface QuotaLimits {
  produceBytesPerSec?: number;
  fetchBytesPerSec?: number;
  requestsPerSec?: number;
}

/** The QuotaLimits field of each kind. */
export const QUOTA_LIMIT_FIELD: Readonly<Record<QuotaKind, keyof QuotaLimits>> = {
  produce_bytes: 'produceBytesPerSec',
  fetch_bytes: 'fetchBytesPerSec',
  requests: 'requestsPerSec',
};

/** Largest quota value accepted (bytes or requests per second): 1 TiB/s is "no limit" in practice. */
export const MAX_QUOTA_VALUE = 2 ** 40;

export function quotaLimitOf(limits: QuotaLimits, kind: QuotaKind): number | undefined {
  return limits[QUOTA_LIMIT_FIELD[kind]];
}

/** Why a quota value cannot be stored, or undefined. */
export function quotaValueProblem(name: string, value: number): string | undefined {
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_QUOTA_VALUE) return `${name} must be a whole number from 1 to ${MAX_QUOTA_VALUE}, got ${value}; delete the quota for no limit`;
  return undefined;
}

export interface QuotaWindowOptions {
  /** Samples in the window (Kafka's quota.window.num: 11). */
  samples?: number;
  /** Length of one sample (Kafka's quota.window.size.seconds: 1 s). */
  sampleMs?: number;
  /** Longest delay ever asked for. Default 30,000 ms. */
  maxThrottleMs?: number;
}

const DEFAULTS = { samples: 11, sampleMs: 1000, maxThrottleMs: 30_000 } as const;

/** throttleMs = max(0, (observedRate - quota) / quota * windowMs), capped at maxThrottleMs. */
export function throttleTimeMs(observedRate: number, quota: number, windowMs: number, maxThrottleMs: number = DEFAULTS.maxThrottleMs): number {
  if (!(quota > 0) || observedRate <= quota) return 0;
  return Math.min(maxThrottleMs, Math.ceil(((observedRate - quota) / quota) * windowMs));
}

interface Sample {
  start: number;
  value: number;
}

/** One measured quantity: usage summed in fixed-length samples, the oldest dropped as the window slides. */
export class RateWindow {
  private readonly samples: Sample[] = [];
  private readonly count: number;
  private readonly sampleMs: number;

  constructor(options: QuotaWindowOptions = {}) {
    this.count = Math.max(2, options.samples ?? DEFAULTS.samples);
    this.sampleMs = Math.max(1, options.sampleMs ?? DEFAULTS.sampleMs);
  }

  record(amount: number, now: number): void {
    this.expire(now);
    const last = this.samples.at(-1);
    if (last && now < last.start + this.sampleMs) last.value += amount;
    else {
      this.samples.push({ start: now, value: amount });
      if (this.samples.length > this.count) this.samples.shift();
    }
  }

  /**
   * The window the rate is measured over: from the oldest sample's start to
   * now, but never less than all samples but one, so a first burst is not
   * measured over a few milliseconds (as Kafka's Rate does).
   */
  windowMs(now: number): number {
    const oldest = this.samples[0]?.start ?? now;
    return Math.max(now - oldest, (this.count - 1) * this.sampleMs, 1);
  }

  /** Usage per second over the window. */
  rate(now: number): number {
    this.expire(now);
    let total = 0;
    for (const s of this.samples) total += s.value;
    return (total * 1000) / this.windowMs(now);
  }

  /** True when nothing in the window (the window can be forgotten). */
  idle(now: number): boolean {
    this.expire(now);
    return this.samples.length === 0;
  }

  private expire(now: number): void {
    const horizon = now - this.count * this.sampleMs;
    while (this.samples.length > 0 && this.samples[0]!.start + this.sampleMs <= horizon) this.samples.shift();
  }
}

export interface QuotaTrackerOptions extends QuotaWindowOptions {
  /** The limits that apply to a principal (its own, else the "User:*" default); undefined: none. */
  limits: (principal: string) => QuotaLimits | undefined;
  /** Most principals measured at once; the least recently seen are forgotten beyond it. Default 100,000. */
  maxPrincipals?: number;
}

/**
 * Usage per principal and kind. `record` adds usage and answers how long to
 * delay the answer; principals without a limit for the kind are not measured.
 */
export class QuotaTracker {
  private readonly windows = new Map<string, Map<QuotaKind, RateWindow>>();
  private readonly maxPrincipals: number;
  private readonly maxThrottleMs: number;

  constructor(private readonly options: QuotaTrackerOptions) {
    this.maxPrincipals = Math.max(1, options.maxPrincipals ?? 100_000);
    this.maxThrottleMs = options.maxThrottleMs ?? DEFAULTS.maxThrottleMs;
  }

  /** Records `amount` of `kind` for `principal` at `now`; answers the delay (ms) the principal has earned. */
  record(principal: string, kind: QuotaKind, amount: number, now: number): number {
    const limits = this.options.limits(principal);
    const quota = limits === undefined ? undefined : quotaLimitOf(limits, kind);
    if (quota === undefined) return 0;
    const window = this.window(principal, kind);
    window.record(amount, now);
    return throttleTimeMs(window.rate(now), quota, window.windowMs(now), this.maxThrottleMs);
  }

  /** The measured rate (per second), 0 when not measured. */
  rate(principal: string, kind: QuotaKind, now: number): number {
    return this.windows.get(principal)?.get(kind)?.rate(now) ?? 0;
  }

  /** Principals currently measured. */
  get size(): number {
    return this.windows.size;
  }

  private window(principal: string, kind: QuotaKind): RateWindow {
    let byKind = this.windows.get(principal);
    if (byKind) {
      // Least recently seen first: re-insert on use.
      this.windows.delete(principal);
    } else {
      byKind = new Map();
      while (this.windows.size >= this.maxPrincipals) this.windows.delete(this.windows.keys().next().value as string);
    }
    this.windows.set(principal, byKind);
    let w = byKind.get(kind);
    if (!w) {
      w = new RateWindow(this.options);
      byKind.set(kind, w);
    }
    return w;
  }
}

/** The limits for `principal`: its own entry, else the "User:*" default for users. */
export function effectiveQuota(quotas: ReadonlyMap<string, QuotaLimits>, principal: string): QuotaLimits | undefined {
  return quotas.get(principal) ?? (principal.startsWith('User:') ? quotas.get('User:*') : undefined);
}
