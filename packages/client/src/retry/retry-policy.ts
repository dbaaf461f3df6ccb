// Retry policy as data (STYLE: kafkajs / nats.js): initial delay, factor, max
// delay, attempts and jitter, with the clock and randomness injected. Only
// errors whose `retriable` flag is set are retried; the decision reads the
// error table's data, never message text.
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

/** How failed calls are retried. All delays in milliseconds. */
export interface RetryPolicy {
  /** Delay before the first retry. */
  initialDelayMs: number;
  /** Each further delay is the previous one times this. */
  factor: number;
  /** Upper bound on one delay. */
  maxDelayMs: number;
  /** Total attempts including the first (1 = never retry). */
  attempts: number;
  /** Fraction (0..1) of each delay that is randomised: delay * (1 - jitter * random()). */
  jitter: number;
}

/** The default: 100 ms doubling to 5 s, 10 attempts, 20 % jitter. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  initialDelayMs: 100,
  factor: 2,
  maxDelayMs: 5_000,
  attempts: 10,
  jitter: 0.2,
});

/** Fills in a partial policy with the defaults and checks its fields. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> = {}): RetryPolicy {
  const p = { ...DEFAULT_RETRY_POLICY, ...partial };
  if (!(p.attempts >= 1) || !Number.isInteger(p.attempts)) throw new RangeError(`retry.attempts must be an integer >= 1, got ${p.attempts}`);
  if (!(p.initialDelayMs >= 0)) throw new RangeError(`retry.initialDelayMs must be >= 0, got ${p.initialDelayMs}`);
  if (!(p.factor >= 1)) throw new RangeError(`retry.factor must be >= 1, got ${p.factor}`);
  if (!(p.maxDelayMs >= p.initialDelayMs)) throw new RangeError(`retry.maxDelayMs must be >= initialDelayMs`);
  if (!(p.jitter >= 0 && p.jitter <= 1)) throw new RangeError(`retry.jitter must be within [0, 1], got ${p.jitter}`);
  return p;
}

/** The delay before retry number `retry` (1 = the first retry), with jitter drawn from `random`. */
export function backoffDelay(policy: RetryPolicy, retry: number, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** Math.max(0, retry - 1));
  return Math.max(0, Math.round(base * (1 - policy.jitter * random())));
}

/** Something that may say whether it is worth retrying. */
interface MaybeRetriable {
  retriable?: unknown;
}

/** True when `err` carries `retriable: true` (Eddy's typed errors do). */
export function isRetriable(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as MaybeRetriable).retriable === true;
}

/** Options for {@link withRetry}. */
export interface WithRetryOptions {
  policy: RetryPolicy;
  clock?: Clock;
  random?: () => number;
  signal?: AbortSignal;
  /** Called before each retry's delay; may re-route (refresh metadata, follow a leader hint). */
  onRetry?: (err: unknown, retry: number, delayMs: number) => void | Promise<void>;
  /** Overrides which errors are retried (default: {@link isRetriable}). */
  shouldRetry?: (err: unknown) => boolean;
  /** Retry even without a delay when this says so (e.g. a NOT_LEADER with a fresh leader hint). */
  retryAtOnce?: (err: unknown) => boolean;
}

/** Runs `fn` until it succeeds, a non-retriable error occurs or the attempts run out. */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: WithRetryOptions): Promise<T> {
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const shouldRetry = options.shouldRetry ?? isRetriable;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= options.policy.attempts || !shouldRetry(err) || options.signal?.aborted) throw err;
      const delay = options.retryAtOnce?.(err) === true && attempt === 1 ? 0 : backoffDelay(options.policy, attempt, random);
      await options.onRetry?.(err, attempt, delay);
      if (delay > 0) await clock.sleep(delay, options.signal);
    }
  }
}
