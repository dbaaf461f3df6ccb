// What a node does with the damage its LevelRaftStore reports (the store's
// onDamage; docs/architecture.md, "Integrity"): every report is counted
// (eddy_storage_corruptions_total{where}) and logged as a warning, at most a
// burst of lines per minute so a badly damaged disk cannot flood the log; and
// damage found by a read (a consumer's read, Raft reading entries to send, or
// the scrubber) goes to the replica that owns the group, which repairs it from
// its peers. Damage found by the start-up scan or while a group loads is
// handled by that load itself (the log is cut, the replica repairs as it opens).
import { silentLogger, type Logger } from '@eddy/protocol';
import type { Damage } from '@eddy/raft';
import type { IntegrityMetrics } from './integrity-metrics.js';

/** Whoever repairs a damaged entry of a group hosted here (ReplicaManager.damageFound; unknown groups are ignored). */
export interface DamageSink {
  damageFound(groupId: string, index: number, reason: string): void;
}

/**
 * At most `burst` lines per `windowMs`; the first line allowed after some were
 * held back says how many. Pure: the caller passes the time.
 */
export class LogBurstLimit {
  private windowStart = -Infinity;
  private lines = 0;
  private held = 0;

  constructor(
    readonly burst = 20,
    readonly windowMs = 60_000,
  ) {}

  /** Whether to log a line now, and how many were held back since the last one logged. */
  admit(now: number): { log: boolean; heldBack: number } {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.lines = 0;
    }
    if (this.lines >= this.burst) {
      this.held++;
      return { log: false, heldBack: 0 };
    }
    this.lines++;
    const heldBack = this.held;
    this.held = 0;
    return { log: true, heldBack };
  }
}

export interface DamageReporterOptions {
  logger?: Logger;
  metrics?: IntegrityMetrics;
  /** Log lines per minute before they are held back (every report is still counted and routed). */
  logBurst?: number;
  clock?: () => number;
}

export class DamageReporter {
  private readonly logger: Logger;
  private readonly limit: LogBurstLimit;
  private readonly clock: () => number;
  private sink: DamageSink | undefined;
  /** Reports so far, by where (tests and logs). */
  readonly counts: Record<Damage['where'], number> = { scan: 0, load: 0, read: 0 };

  constructor(private readonly options: DamageReporterOptions = {}) {
    this.logger = options.logger ?? silentLogger();
    this.limit = new LogBurstLimit(options.logBurst ?? 20);
    this.clock = options.clock ?? Date.now;
  }

  /** Damage found by reads goes here from now on (the node's replicas, once they exist). */
  routeTo(sink: DamageSink | undefined): void {
    this.sink = sink;
  }

  /** The store's onDamage. */
  readonly onDamage = (d: Damage): void => {
    this.counts[d.where]++;
    this.options.metrics?.corruptions.labels(d.where).inc();
    const { log, heldBack } = this.limit.admit(this.clock());
    if (log) {
      const fields: Record<string, unknown> = { group: d.groupId, index: d.index, reason: d.reason, where: d.where };
      if (heldBack > 0) fields.heldBack = heldBack;
      this.logger.warn(
        fields,
        d.where === 'read' && d.groupId !== undefined && d.index !== undefined
          ? 'stored data failed its checks: it is not served and the replica repairs it from its peers; check the disk (SMART, dmesg)'
          : 'stored data failed its checks while the database opened; the affected replica repairs itself from its peers; check the disk (SMART, dmesg)',
      );
    }
    if (d.where !== 'read' || d.groupId === undefined || d.index === undefined) return;
    try {
      this.sink?.damageFound(d.groupId, d.index, d.reason);
    } catch (err) {
      // Reports come from inside reads: a failing repair must not fail the read that found the damage.
      this.logger.error({ err, group: d.groupId, index: d.index }, 'could not start the repair of a damaged entry');
    }
  };
}
