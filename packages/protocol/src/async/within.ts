// Waiting on something for a bounded time: a shutdown step, a drain, a lookup
// that must not hold a caller up. The servers share this one way of doing it.

/** What `within` resolves to when the promise has not settled in time. */
export const TIMED_OUT: unique symbol = Symbol('timed out');

/**
 * Waits for `p` for at most `ms`: its value, or TIMED_OUT when it has not
 * settled by then (a rejection in time passes through). The timer is cleared
 * as soon as either happens; with `unref` it never keeps the process alive.
 */
export async function within<T>(p: PromiseLike<T>, ms: number, options: { unref?: boolean } = {}): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), ms);
    if (options.unref) timer.unref();
  });
  try {
    return await Promise.race([p, expired]);
  } finally {
    clearTimeout(timer);
  }
}
