// A graceful shutdown as a list of named steps, each run within a bound, so
// one step that waits on something that will not come cannot keep the
// process alive (it would then be killed mid-write by its supervisor).
import { TIMED_OUT, within, type Logger } from '@eddy/protocol';

/** One named part of a graceful shutdown. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
  boundMs: number;
}

/**
 * A step's own timeouts (leadership transfer, hand-over: 5 s) keep it well
 * under this bound; the bound is for a step that waits on something that will
 * not come, e.g. a quorum whose other members are stopping at the same moment.
 */
export const SHUTDOWN_STEP_BOUND_MS = 10_000;

export function step(name: string, run: () => Promise<void> | void, boundMs = SHUTDOWN_STEP_BOUND_MS): ShutdownStep {
  return { name, run, boundMs };
}

/**
 * Runs one shutdown step. A step that fails or outlasts its bound is logged and
 * left behind, so the steps after it (closing the stores) still run and the
 * process still exits.
 */
export async function runShutdownStep(s: ShutdownStep, logger: Logger): Promise<void> {
  const started = Date.now();
  try {
    const outcome = await within(Promise.resolve(s.run()), s.boundMs);
    if (outcome === TIMED_OUT) logger.warn({ step: s.name, boundMs: s.boundMs }, 'shutdown step did not finish within its bound; going on without it');
  } catch (err) {
    logger.warn({ err, step: s.name, ms: Date.now() - started }, 'shutdown step failed; going on');
  }
}
