// The wall-clock driver of session expiry: the Controller's tick(now) is pure
// with respect to time, and this is the one place a timer calls it.
import type { Controller } from './controller.js';

/** Calls controller.tick(Date.now()) every `intervalMs`; returns the function that stops it. */
export function startSessionTimer(controller: Pick<Controller, 'tick'>, intervalMs: number, clock: () => number = Date.now): () => void {
  let running = false;
  const timer = setInterval(() => {
    // Skip a beat rather than pile up ticks behind a slow append.
    if (running) return;
    running = true;
    void controller.tick(clock()).finally(() => {
      running = false;
    });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
