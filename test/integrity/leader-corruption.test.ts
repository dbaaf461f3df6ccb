// A partition leader whose disk returned wrong bytes (issue "integrity"; docs/architecture.md §8,
// the node's one LevelDB): three real `eddy server` processes, a topic with
// RF 3, records of ~300 B that carry their own sequence number and hash,
// produced with acks=all until the leader's LevelDB has flushed tables. The
// leader of a partition is SIGKILLed, bytes of its files are flipped — the
// middle of its largest tables, or the tail of its write-ahead log — and it
// is started again with the same command line while producing goes on. Then:
//   - leadership moved away while it was down, and it starts;
//   - it leads no partition while it is out of sync (a replica repairing from
//     its peers must not lead, or it would serve or replicate what it lost or
//     damaged): every leader seen meanwhile is checked against the in-sync set;
//   - no consumer is ever served a damaged record, and every acknowledged
//     record is there once, in order, intact: nothing acknowledged is lost;
//   - `eddy topic describe --json` shows it in sync again on every partition;
//   - made the preferred leader of every partition, it leads again and serves
//     every partition whole and intact, and holds as many bytes as its peers.
import { afterEach, describe, expect, it } from 'vitest';
import type { wire } from '@eddy/protocol';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { levelDbDir } from '../support/disk-damage.js';
import { waitFor } from '../support/harness.js';
import type { ServerProcess } from '../support/server-cluster.js';
import type { WireClient } from '../support/wire-client.js';
import {
  DAMAGE_CASES,
  activeController,
  checkWholeAfterRepair,
  describeTopic,
  keepEvidenceOnFailure,
  pause,
  startProducer,
  startTailReader,
  tracer,
} from './integrity-support.js';

let fx: ClusterFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const PARTITIONS = 2;
const RF = 3;
/** Records acknowledged before the kill, over all partitions (~300 B each: about 10 MB, more than two LevelDB write buffers). */
const RECORDS_BEFORE_KILL = 30_000;
/** Records acknowledged after the leader is back in sync. */
const RECORDS_AFTER_REPAIR = 2_000;
const LOG_LEVEL = process.env.EDDY_INTEGRITY_LOG_LEVEL ?? 'info';

/**
 * Watches the partitions' leaders (metadata, as clients see them) until
 * stop(): each time `node` is named leader of a partition it is not in sync
 * for (DescribeTopic, asked right then), that is a finding.
 */
function watchLeadership(w: WireClient, topic: string, node: number): { stop(): Promise<string[]> } {
  const findings: string[] = [];
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const md = await w.metadata([topic]).catch(() => undefined);
      const led = md?.topics[0]?.partitions.filter((p) => p.leaderId === node).map((p) => p.partition) ?? [];
      if (led.length > 0) {
        const t = await w.admin<wire.DescribeTopicResponse__Output>('describeTopic', { name: topic }).catch(() => undefined);
        for (const p of t?.topic?.partitions ?? []) {
          if (led.includes(p.partition) && p.leaderId === node && !p.inSyncReplicas.includes(node)) {
            findings.push(`node ${node} led partition ${p.partition} (epoch ${p.leaderEpoch}) while out of sync (in sync: ${p.inSyncReplicas.join(',')})`);
          }
        }
      }
      await pause(100);
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      return findings;
    },
  };
}

describe('a partition leader whose LevelDB files are damaged while it is down', () => {
  for (const kase of DAMAGE_CASES) {
    it(`stops leading, repairs from its peers and loses nothing acknowledged; no consumer sees damage (${kase.where})`, { timeout: 240_000 }, async () => {
      let victim: ServerProcess | undefined;
      await keepEvidenceOnFailure(
        'leader',
        () => fx?.cluster,
        () => victim,
        async () => {
          const trace = tracer(`leader (${kase.where})`);
          const topic = `ledger-entries-${Date.now()}`;
          fx = await startCluster({ nodes: 3, logLevel: LOG_LEVEL, topics: [{ name: topic, partitions: PARTITIONS, replicationFactor: RF }] });
          const { cluster: c, wire: w } = fx;

          // The leader of a partition, not the active controller when one such is free: the damage then hits a partition leader.
          const md = await w.metadata([topic]);
          const controller = await activeController(w);
          const leaders = md.topics[0]!.partitions.map((p) => p.leaderId);
          const victimId = leaders.find((id) => id !== controller) ?? leaders[0]!;
          victim = c.node(victimId);
          const v = victim;
          const led = md.topics[0]!.partitions.filter((p) => p.leaderId === v.id).map((p) => p.partition);
          const db = levelDbDir(v.dataDir);

          trace(`cluster up; node ${v.id} is the one damaged`);
          const producer = await startProducer(w, topic, PARTITIONS);
          const consumer = startTailReader(c, w, topic, PARTITIONS);
          await waitFor(`${RECORDS_BEFORE_KILL} records acknowledged and node ${v.id}'s LevelDB ready for the damage`, () => producer.total() >= RECORDS_BEFORE_KILL && kase.ready(db), 120_000, { pollMs: 200 });
          trace(`${producer.total()} records acknowledged; killing node ${v.id}`);
          await c.kill(v);
          const damage = kase.damage(db);
          expect(damage.length).toBeGreaterThan(0);

          // Leadership moved away from the dead node, and the producer goes on through the new leaders.
          await waitFor(
            `partitions ${led.join(',')} led by another node than ${v.id}`,
            async () => {
              const now = await w.metadata([topic]);
              return now.topics[0]!.partitions.filter((p) => led.includes(p.partition)).every((p) => p.leaderId > 0 && p.leaderId !== v.id);
            },
            60_000,
            { pollMs: 100 },
          );
          const atFailover = producer.total();
          await waitFor('records acknowledged by the new leaders', () => producer.total() > atFailover, 60_000, { pollMs: 100 });

          // Started with the same command line: it must come up (ServerCluster.spawn throws with its output if it exits first).
          trace('leadership moved away');
          const leadership = watchLeadership(w, topic, v.id);
          trace(`damaged ${JSON.stringify(damage)}; restarting`);
          await c.restart(v);
          trace('restarted');
          await waitFor(
            `eddy topic describe to show node ${v.id} in sync on every partition`,
            async () => (await describeTopic(c, topic)).every((p) => p.inSyncReplicas.includes(v.id)),
            120_000,
            { pollMs: 500 },
          );
          expect(await leadership.stop(), `node ${v.id} leading while out of sync`).toEqual([]);

          await checkWholeAfterRepair(c, w, { topic, partitions: PARTITIONS, node: v, producer, consumer, after: RECORDS_AFTER_REPAIR, trace });
        },
      );
    });
  }
});
