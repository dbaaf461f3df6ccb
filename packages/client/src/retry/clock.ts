// Time as an injected dependency: the retry loop, the producer's linger and the
// consumer's timers read the clock through this interface so tests can drive them.

/** A source of time and delays; inject a fake one in tests. */
export interface Clock {
  /** Milliseconds since an arbitrary origin (monotonic is best). */
  now(): number;
  /** Resolves after `ms` milliseconds, or rejects early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `performance.now()` and `setTimeout`. */
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
};
