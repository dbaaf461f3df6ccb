// When the dev cluster's supervisor restarts a node that exited, and when it
// gives up: the pure decision, apart from the processes. Like a Kubernetes
// pod's restart back-off, the delay grows with each exit, and a node that
// keeps exiting (a crash loop) is left down and reported rather than retried
// forever. Time is a number passed in (any monotonic clock, in ms).

/** How exits are answered. All times in milliseconds. */
export interface RestartPolicyOptions {
  /** false (`eddy dev --no-restart`): a node that exits stays down. */
  restart: boolean;
  /** Delay before restarting after the first exit in the window. */
  initialDelayMs: number;
  /** Each further exit in the window multiplies the delay by this. */
  factor: number;
  /** Upper bound on one delay. */
  maxDelayMs: number;
  /** This many exits of one node within `crashLoopWindowMs` is a crash loop. */
  crashLoopExits: number;
  /**
   * The window exits are counted in. An exit after a longer quiet spell starts
   * the back-off again from `initialDelayMs`.
   */
  crashLoopWindowMs: number;
}

/** 1 s, 2 s, 4 s, 8 s; the fifth exit within a minute is a crash loop. */
export const DEFAULT_RESTART_POLICY: Readonly<RestartPolicyOptions> = Object.freeze({
  restart: true,
  initialDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 30_000,
  crashLoopExits: 5,
  crashLoopWindowMs: 60_000,
});

export type RestartDecision =
  /** Start the node again after `delayMs`; `exits` counts this exit and the earlier ones in the window. */
  | { action: 'restart'; delayMs: number; exits: number }
  /** Leave the node down: the supervisor is stopping, or restarts are off. */
  | { action: 'stay-down'; reason: 'stopping' | 'restart disabled' }
  /** A crash loop: `exits` exits within `windowMs`; leave the node down and say so. */
  | { action: 'give-up'; exits: number; windowMs: number };

export class RestartPolicy {
  readonly options: Readonly<RestartPolicyOptions>;
  /** Per node, the times of its exits still inside the window. */
  private readonly exits = new Map<number, number[]>();

  constructor(options: Partial<RestartPolicyOptions> = {}) {
    const o = { ...DEFAULT_RESTART_POLICY, ...options };
    if (!(o.initialDelayMs >= 0) || !(o.maxDelayMs >= o.initialDelayMs) || !(o.factor >= 1)) throw new RangeError('restart policy: need 0 <= initialDelayMs <= maxDelayMs and factor >= 1');
    if (!Number.isInteger(o.crashLoopExits) || o.crashLoopExits < 1 || !(o.crashLoopWindowMs > 0)) throw new RangeError('restart policy: need crashLoopExits >= 1 and crashLoopWindowMs > 0');
    this.options = o;
  }

  /** Node `nodeId` exited at `now`; `stopping` says the supervisor is shutting everything down. */
  onExit(nodeId: number, now: number, stopping: boolean): RestartDecision {
    if (stopping) return { action: 'stay-down', reason: 'stopping' };
    if (!this.options.restart) return { action: 'stay-down', reason: 'restart disabled' };
    const { initialDelayMs, factor, maxDelayMs, crashLoopExits, crashLoopWindowMs } = this.options;
    const recent = (this.exits.get(nodeId) ?? []).filter((t) => now - t < crashLoopWindowMs);
    recent.push(now);
    this.exits.set(nodeId, recent);
    if (recent.length >= crashLoopExits) return { action: 'give-up', exits: recent.length, windowMs: crashLoopWindowMs };
    return { action: 'restart', delayMs: Math.min(maxDelayMs, initialDelayMs * factor ** (recent.length - 1)), exits: recent.length };
  }
}
