// A warning that hostile or broken input can trigger at any rate: logged at
// most once per interval, with how many were suppressed since the last line,
// so a flood of bad requests cannot flood the log too.
import type { Logger } from 'pino';

export class RateLimitedWarning {
  private lastAt = -Infinity;
  private suppressed = 0;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(fields: Record<string, unknown>, message: string): void {
    const t = this.now();
    if (t - this.lastAt < this.intervalMs) {
      this.suppressed++;
      return;
    }
    this.logger.warn(this.suppressed > 0 ? { ...fields, suppressed: this.suppressed } : fields, message);
    this.lastAt = t;
    this.suppressed = 0;
  }
}
