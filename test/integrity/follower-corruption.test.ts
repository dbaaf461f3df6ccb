// A follower whose disk returned wrong bytes (issue "integrity"; docs/architecture.md §8, the
// node's one LevelDB): three real `eddy server` processes, a topic with RF 3,
// records of ~300 B that carry their own sequence number and hash, produced
// with acks=all until the follower's LevelDB has flushed tables. The follower
// is SIGKILLed, bytes of its files are flipped — the middle of its largest
// tables (entries flushed long ago, committed), or the tail of its
// write-ahead log (the newest writes) — and it is started again with the same
// command line while producing goes on. Then:
//   - it starts (a node that crash-loops on one bad record needs a person);
//   - no consumer is ever served a damaged record: one reads all along, and
//     every partition is read from its start at the end, each batch's CRC and
//     each record's hash checked, every acknowledged record once and in order;
//   - `eddy topic describe --json` shows it in sync again on every partition,
//     and it holds as many bytes of each partition as the leader;
//   - made the preferred leader of every partition (`eddy topic reassign`,
//     same replicas in another order), it takes leadership and every
//     partition it then serves is whole and intact.
import { afterEach, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { levelDbDir } from '../support/disk-damage.js';
import { waitFor } from '../support/harness.js';
import type { ServerProcess } from '../support/server-cluster.js';
import { DAMAGE_CASES, activeController, checkWholeAfterRepair, describeTopic, keepEvidenceOnFailure, startProducer, startTailReader, tracer } from './integrity-support.js';

let fx: ClusterFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const PARTITIONS = 2;
const RF = 3;
/** Records acknowledged before the kill, over all partitions (~300 B each: about 10 MB, more than two LevelDB write buffers). */
const RECORDS_BEFORE_KILL = 30_000;
/** Records acknowledged after the follower is back in sync. */
const RECORDS_AFTER_REPAIR = 2_000;
const LOG_LEVEL = process.env.EDDY_INTEGRITY_LOG_LEVEL ?? 'info';

describe('a follower whose LevelDB files are damaged while it is down', () => {
  for (const kase of DAMAGE_CASES) {
    it(`starts, repairs from the leader and is back in sync; no consumer sees damage (${kase.where})`, { timeout: 240_000 }, async () => {
      let victim: ServerProcess | undefined;
      await keepEvidenceOnFailure(
        'follower',
        () => fx?.cluster,
        () => victim,
        async () => {
          const trace = tracer(`follower (${kase.where})`);
          const topic = `meter-readings-${Date.now()}`;
          fx = await startCluster({ nodes: 3, logLevel: LOG_LEVEL, topics: [{ name: topic, partitions: PARTITIONS, replicationFactor: RF }] });
          const { cluster: c, wire: w } = fx;

          // A follower of every partition of the topic, and not the active controller when one such is free:
          // the damage then hits a replica that leads nothing of the topic.
          const md = await w.metadata([topic]);
          const leaders = new Set(md.topics[0]!.partitions.map((p) => p.leaderId));
          const controller = await activeController(w);
          const followers = c.nodes.filter((n) => !leaders.has(n.id));
          victim = followers.find((n) => n.id !== controller) ?? followers[0];
          expect(victim, `a node that leads no partition of ${topic}`).toBeDefined();
          const v = victim!;
          const db = levelDbDir(v.dataDir);

          trace(`cluster up; node ${v.id} is the one damaged`);
          const producer = await startProducer(w, topic, PARTITIONS);
          const consumer = startTailReader(c, w, topic, PARTITIONS);
          await waitFor(`${RECORDS_BEFORE_KILL} records acknowledged and node ${v.id}'s LevelDB ready for the damage`, () => producer.total() >= RECORDS_BEFORE_KILL && kase.ready(db), 120_000, { pollMs: 200 });
          trace(`${producer.total()} records acknowledged; killing node ${v.id}`);
          await c.kill(v);
          const damage = kase.damage(db);
          expect(damage.length).toBeGreaterThan(0);

          // Started with the same command line: it must come up (ServerCluster.spawn throws with its output if it exits first).
          trace(`damaged ${JSON.stringify(damage)}; restarting`);
          await c.restart(v);
          trace('restarted');

          await waitFor(
            `eddy topic describe to show node ${v.id} in sync on every partition`,
            async () => (await describeTopic(c, topic)).every((p) => p.inSyncReplicas.includes(v.id)),
            120_000,
            { pollMs: 500 },
          );
          await checkWholeAfterRepair(c, w, { topic, partitions: PARTITIONS, node: v, producer, consumer, after: RECORDS_AFTER_REPAIR, trace });
        },
      );
    });
  }
});
