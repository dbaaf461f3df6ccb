// Integrity metrics of a node (docs/architecture.md §17, "Integrity"): bytes the
// scrubber verified and its full passes, damage found in stored values (by
// where it was found), and damaged replicas repaired. Registered by every
// server process (a controller's LevelDB can be damaged too); the scrub
// counters stay 0 where no scrubber runs.
import { Counter, type Registry } from 'prom-client';
import type { Damage } from '@eddy/raft';

/** Where damage is found: the start-up scan, loading a group, or a read (the scrubber's included). */
export const DAMAGE_PLACES: readonly Damage['where'][] = ['scan', 'load', 'read'];

export class IntegrityMetrics {
  readonly scrubBytes: Counter;
  readonly scrubPasses: Counter;
  readonly corruptions: Counter<'where'>;
  readonly repairs: Counter;

  constructor(registry: Registry) {
    this.scrubBytes = new Counter({
      name: 'eddy_storage_scrub_bytes_total',
      help: 'Bytes of stored partition log entries the scrubber read back and verified (paced by scrub.bytes.per.sec).',
      registers: [registry],
    });
    this.scrubPasses = new Counter({
      name: 'eddy_storage_scrub_passes_total',
      help: 'Full scrubber passes completed: every partition replica hosted here verified once, from its log start to its applied index.',
      registers: [registry],
    });
    this.corruptions = new Counter({
      name: 'eddy_storage_corruptions_total',
      help: 'Damaged stored values found (failed checksum, missing entry, LevelDB corruption), by where: scan (start-up scan), load (a group loading), read (a read, the scrubber or Raft).',
      labelNames: ['where'],
      registers: [registry],
    });
    // Every place exported from the start, so rate() and increase() see the first one.
    for (const where of DAMAGE_PLACES) this.corruptions.labels(where).inc(0);
    this.repairs = new Counter({
      name: 'eddy_storage_repairs_total',
      help: 'Damaged partition replicas repaired: a damaged stored entry rewritten from memory, or the log below the snapshot copied again from a peer.',
      registers: [registry],
    });
  }

  /** A replica finished repairing damage (PartitionReplica's onRepaired). */
  readonly repaired = (): void => {
    this.repairs.inc();
  };
}
