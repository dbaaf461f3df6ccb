// Process-level metrics of a server: Raft (elections won here, write/fsync
// latency, groups and leaderships) and the data directory's disk usage.
import { readdirSync, statSync, statfsSync } from 'node:fs';
import path from 'node:path';
import type { RaftHost, RaftHostObserver } from '@eddy/raft';
import type { StorageSpace } from '@eddy/storage-node';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export class NodeMetrics {
  readonly observer: RaftHostObserver;
  private host: RaftHost | undefined;

  constructor(registry: Registry, dataDir: string, space?: StorageSpace) {
    const elections = new Counter({ name: 'eddy_raft_elections_total', help: 'Raft elections this node won (it became leader of a group).', registers: [registry] });
    const fsync = new Histogram({
      name: 'eddy_raft_fsync_duration_seconds',
      help: 'Time to write and fsync one batch of Raft state (all groups that were ready together).',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    });
    const writes = new Counter({ name: 'eddy_raft_storage_writes_total', help: 'Batches of Raft state written, by whether they were fsynced.', labelNames: ['synced'], registers: [registry] });
    this.observer = {
      onWrite: (seconds, synced) => {
        writes.inc({ synced: String(synced) });
        if (synced) fsync.observe(seconds);
      },
      onBecameLeader: () => elections.inc(),
    };
    const hostOf = () => this.host;
    new Gauge({
      name: 'eddy_raft_groups',
      help: 'Raft groups hosted by this node (the controller group and partition replicas).',
      registers: [registry],
      collect() {
        this.set(hostOf()?.groupCount ?? 0);
      },
    });
    new Gauge({
      name: 'eddy_raft_leaders',
      help: 'Raft groups this node leads.',
      registers: [registry],
      collect() {
        this.set(hostOf()?.leaderCount() ?? 0);
      },
    });
    let used = { at: 0, bytes: 0 };
    new Gauge({
      name: 'eddy_storage_disk_used_bytes',
      help: 'Bytes of files under the data directory (recomputed at most every 10 s).',
      registers: [registry],
      collect() {
        if (Date.now() - used.at > 10_000) used = { at: Date.now(), bytes: directorySize(dataDir) };
        this.set(used.bytes);
      },
    });
    new Gauge({
      name: 'eddy_storage_disk_capacity_bytes',
      help: 'Size of the filesystem holding the data directory.',
      registers: [registry],
      collect() {
        const d = diskSpace(dataDir);
        if (d) this.set(d.total);
      },
    });
    new Gauge({
      name: 'eddy_storage_disk_free_bytes',
      help: 'Bytes available to this process on the filesystem holding the data directory.',
      registers: [registry],
      collect() {
        const d = diskSpace(dataDir);
        if (d) this.set(d.free);
      },
    });
    if (space) {
      new Gauge({
        name: 'eddy_storage_disk_min_free_bytes',
        help: 'Free bytes below which this node is storage full (--storage-min-free-bytes; 0: no check).',
        registers: [registry],
        collect() {
          this.set(space.minFreeBytes);
        },
      });
      new Gauge({
        name: 'eddy_storage_full',
        help: 'Whether this node is storage full (1): its disk is below the minimum free space, or a write failed for lack of space; it refuses produce and hands its leaderships away.',
        registers: [registry],
        collect() {
          this.set(space.full ? 1 : 0);
        },
      });
    }
  }

  bind(host: RaftHost): void {
    this.host = host;
  }
}

function directorySize(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    try {
      total += entry.isDirectory() ? directorySize(p) : statSync(p).size;
    } catch {
      // a file removed while we walked (LevelDB compaction)
    }
  }
  return total;
}

/** Free (available to this process) and total bytes of the filesystem holding dir; undefined when it cannot be read. */
export function diskSpace(dir: string): { free: number; total: number } | undefined {
  try {
    const s = statfsSync(dir);
    return { free: s.bavail * s.bsize, total: s.blocks * s.bsize };
  } catch {
    return undefined;
  }
}
