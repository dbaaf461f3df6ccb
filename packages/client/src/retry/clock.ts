// Time as an injected dependency: the retry loop, the producer's linger and
// retry timers, the consumer's timers, heartbeats, the periodic metadata
// refresh and produce deadlines all read the clock through this interface, so
// tests can drive them with a fake clock instead of sleeping.

/** A source of time and delays; inject a fake one in tests. */
export interface Clock {
  /** Milliseconds since an arbitrary origin (monotonic is best). */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /**
   * Optional: calls `fn` once after `ms` milliseconds and returns a function
   * that cancels it. A `background` timer does not keep the process alive.
   * Without it, timers are built on `sleep`.
   */
  schedule?(ms: number, fn: () => void, options?: { background?: boolean }): () => void;
  /** Optional: milliseconds since the Unix epoch (default timestamps of produced records). Default `Date.now()`. */
  epochMs?(): number;
}

/** A pending timer. */
export interface Timer {
  cancel(): void;
}

/** The real clock: `performance.now()`, `setTimeout` and `Date.now()`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
  schedule: (ms, fn, options) => {
    const timer = setTimeout(fn, ms);
    if (options?.background) timer.unref();
    return () => clearTimeout(timer);
  },
  epochMs: () => Date.now(),
};

/** Calls `fn` once after `ms` on the clock. A `background` timer does not keep the process alive. */
export function after(clock: Clock, ms: number, fn: () => void, options: { background?: boolean } = {}): Timer {
  if (clock.schedule) return { cancel: clock.schedule(ms, fn, options) };
  const aborter = new AbortController();
  clock.sleep(ms, aborter.signal).then(
    () => {
      if (!aborter.signal.aborted) fn();
    },
    () => undefined,
  );
  return { cancel: () => aborter.abort() };
}

/** Calls `fn` every `ms` on the clock until cancelled. */
export function every(clock: Clock, ms: number, fn: () => void, options: { background?: boolean } = {}): Timer {
  let current: Timer | undefined;
  let cancelled = false;
  const arm = (): void => {
    current = after(
      clock,
      ms,
      () => {
        if (cancelled) return;
        arm();
        fn();
      },
      options,
    );
  };
  arm();
  return {
    cancel: () => {
      cancelled = true;
      current?.cancel();
    },
  };
}

/** Milliseconds since the Unix epoch by the clock (`Date.now()` unless it says otherwise). */
export function epochMs(clock: Clock): number {
  return clock.epochMs ? clock.epochMs() : Date.now();
}
