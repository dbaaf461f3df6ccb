// Consumer groups under failures, on a 3-node cluster of real processes, with
// every member a real consumer in a process of its own (member-process.mjs):
// - a member SIGKILLed: its partitions move to the survivors, and with commits
//   after processing every record is read at least once and none is skipped;
// - a member frozen (SIGSTOP) past its session timeout fences itself: once it
//   runs again it hands out nothing of the partitions it held until it rejoined;
// - the coordinator's node SIGKILLed: the group carries on under the new leader
//   of its __consumer_offsets partition from its committed offsets.
// Runs last-to-first dependent: the coordinator test kills a node, so it is last.
import type { Eddy } from '@eddy/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type ClusterFixture } from '../support/cluster-fixture.js';
import { waitFor } from '../support/harness.js';
import type { ServerCluster } from '../support/server-cluster.js';
import { MemberProcess, type MemberConfig } from './support/member-process.js';

let fx: ClusterFixture | undefined;
let cluster: ServerCluster;
let eddy: Eddy;
const members: MemberProcess[] = [];

beforeAll(async () => {
  fx = await startCluster({ nodes: 3, roles: 'combined', client: { requestTimeoutMs: 5_000 } });
  ({ cluster, client: eddy } = fx);
}, 60_000);

afterAll(async () => {
  if (process.env.EDDY_TEST_DEBUG) {
    for (const m of members) console.log(m.config.groupId, m.name, m.stderr.join('').slice(-3000), JSON.stringify(m.events.filter((e) => e.ev !== 'record').slice(-12)));
    for (const n of fx?.cluster.nodes ?? []) console.log(`node ${n.id}`, n.stderr.join('').slice(-4000));
  }
  await Promise.all(members.map((m) => m.kill()));
  await fx?.close();
});

function member(config: Omit<MemberConfig, 'bootstrap'>): MemberProcess {
  const m = new MemberProcess({ bootstrap: cluster.bootstrap, printRecords: true, autoCommitIntervalMs: 100, ...config });
  members.push(m);
  return m;
}

async function produce(topic: string, from: number, count: number): Promise<void> {
  const producer = eddy.producer();
  const messages = Array.from({ length: count }, (_, i) => ({ key: `device-${from + i}`, value: String(from + i) }));
  // A topic just created may not be in every node's metadata yet: UNKNOWN_TOPIC is
  // answered before anything is sent, so sending again cannot duplicate.
  for (let attempt = 1; ; attempt++) {
    try {
      await producer.send({ topic, messages });
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'UNKNOWN_TOPIC' || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await producer.flush();
  await producer.close();
}

/** Offsets read per partition, over all members. */
function offsetsRead(ms: readonly MemberProcess[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const m of ms) {
    for (const r of m.records()) {
      let s = out.get(r.p);
      if (!s) out.set(r.p, (s = new Set()));
      s.add(r.o);
    }
  }
  return out;
}

function distinctRead(ms: readonly MemberProcess[]): number {
  let n = 0;
  for (const s of offsetsRead(ms).values()) n += s.size;
  return n;
}

/** Every partition's offsets read are exactly 0..n-1 (none skipped), n summing to `total`. */
function expectContiguous(ms: readonly MemberProcess[], partitions: number, total: number): void {
  const read = offsetsRead(ms);
  let sum = 0;
  for (let p = 0; p < partitions; p++) {
    const s = read.get(p) ?? new Set<number>();
    const missing = [...Array(s.size ? Math.max(...s) + 1 : 0).keys()].filter((o) => !s.has(o));
    expect(missing, `partition ${p}: offsets skipped`).toEqual([]);
    sum += s.size;
  }
  expect(sum).toBe(total);
}

/**
 * Each member's reads of a partition: every record follows the one before it
 * (offset + 1), or starts a new run at an offset the group had committed by
 * then, at most one past what anyone had read: a restart from a committed
 * position, never a jump over unread records.
 */
function expectRunsFromCommitted(ms: readonly MemberProcess[]): void {
  const all = ms.flatMap((m) => m.records().map((r) => ({ ...r, who: m.name }))).sort((a, b) => a.t - b.t);
  const maxSoFar = new Map<number, number>();
  const lastBy = new Map<string, number>();
  for (const r of all) {
    const k = `${r.who}/${r.p}`;
    const prev = lastBy.get(k);
    if (prev === undefined || r.o !== prev + 1) {
      const seen = maxSoFar.get(r.p) ?? -1;
      expect(r.o, `${r.who} started partition ${r.p} at ${r.o} with only up to ${seen} read`).toBeLessThanOrEqual(seen + 1);
    }
    lastBy.set(k, r.o);
    maxSoFar.set(r.p, Math.max(maxSoFar.get(r.p) ?? -1, r.o));
  }
}

async function committed(groupId: string): Promise<{ coordinatorId: number; offsets: Map<number, { committed: bigint; hw: bigint }> }> {
  const d = await eddy.admin().describeGroup(groupId);
  const offsets = new Map<number, { committed: bigint; hw: bigint }>();
  for (const o of d.offsets) offsets.set(o.partition, { committed: BigInt(o.committedOffset), hw: BigInt(o.highWatermark) });
  return { coordinatorId: d.coordinatorId, offsets };
}

async function committedAtEnd(groupId: string, partitions: number): Promise<void> {
  let last = '';
  try {
    await waitFor('committed offsets at the end of every partition', async () => {
      const { offsets } = await committed(groupId);
      last = [...offsets].map(([p, o]) => `${p}: ${o.committed}/${o.hw}`).join(', ');
      return offsets.size === partitions && [...offsets.values()].every((o) => o.committed === o.hw);
    }, 30_000);
  } catch (err) {
    throw new Error(`${(err as Error).message}; committed/high watermark: ${last}`);
  }
}

/** eddy_group_lag_records samples of one group in a /metrics scrape: "topic/partition" -> lag. */
function lagSeries(scrape: string, groupId: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of scrape.split('\n')) {
    const m = /^eddy_group_lag_records\{(.*)\} (\S+)$/.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (labels.group === groupId) out.set(`${labels.topic}/${labels.partition}`, Number(m[2]));
  }
  return out;
}

function union(ms: readonly MemberProcess[]): number[] {
  return ms.flatMap((m) => m.assignment()).sort((a, b) => a - b);
}

describe('consumer groups under failures', () => {
  it('a SIGKILLed member: its partitions move to the survivors; every record read at least once, none skipped', { timeout: 120_000 }, async () => {
    const topic = `kill-${Date.now()}`;
    const groupId = `kill-group-${Date.now()}`;
    await eddy.admin().createTopic({ name: topic, partitions: 6, replicationFactor: 3 });

    const cfg = { topic, groupId, sessionTimeoutMs: 2_000, processMs: 2 };
    const a = member({ ...cfg, name: 'a' });
    const b = member({ ...cfg, name: 'b' });
    const c = member({ ...cfg, name: 'c' });
    await waitFor('a, b and c share the 6 partitions', () => union([a, b, c]).length === 6 && [a, b, c].every((m) => m.assignment().length > 0), 60_000);
    // Produced once the group is settled, so c has records of its own to read.
    await produce(topic, 0, 1800);
    await waitFor('c read some records', () => c.records().length >= 60, 30_000);
    const cHad = c.assignment();

    await c.kill();
    await waitFor("c's partitions move to a and b", () => union([a, b]).join() === '0,1,2,3,4,5', 30_000);
    for (const p of cHad) expect([...a.assignment(), ...b.assignment()]).toContain(p);

    await produce(topic, 1800, 600);
    await waitFor('every record read', () => distinctRead([a, b, c]) === 2400, 60_000);
    expectContiguous([a, b, c], 6, 2400);
    expectRunsFromCommitted([a, b, c]);
    // Commits after processing reach the end of every partition.
    await committedAtEnd(groupId, 6);
    await Promise.all([a.leave(), b.leave()]);

    // The coordinator's node exports the group's lag: 90 records produced after the members left.
    await produce(topic, 2400, 90);
    const { coordinatorId } = await committed(groupId);
    const series = await waitFor('eddy_group_lag_records of the group sums to 90', async () => {
      const found = lagSeries(await (await fetch(cluster.node(coordinatorId).metricsUrl!)).text(), groupId);
      return [...found.values()].reduce((x, y) => x + y, 0) === 90 ? found : undefined;
    }, 20_000);
    expect([...series.keys()].sort()).toEqual([0, 1, 2, 3, 4, 5].map((p) => `${topic}/${p}`));
    // Only the coordinator exports a group: no other node has a series for it.
    for (const n of cluster.nodes.filter((x) => x.id !== coordinatorId)) {
      expect(lagSeries(await (await fetch(n.metricsUrl!)).text(), groupId).size).toBe(0);
    }
  });

  it('a member frozen past its session timeout fences itself: nothing of its old partitions is handed out until it rejoined', { timeout: 120_000 }, async () => {
    const topic = `fence-${Date.now()}`;
    const groupId = `fence-group-${Date.now()}`;
    await eddy.admin().createTopic({ name: topic, partitions: 4, replicationFactor: 3 });

    const a = member({ topic, groupId, name: 'a', sessionTimeoutMs: 2_000, processMs: 4 });
    // z reads slowly, so it has records fetched but not yet handed out when frozen.
    const z = member({ topic, groupId, name: 'z', sessionTimeoutMs: 2_000, processMs: 8 });
    await waitFor('a and z share the 4 partitions', () => union([a, z]).length === 4 && z.assignment().length > 0 && a.assignment().length > 0, 60_000);
    await produce(topic, 0, 2000);
    await waitFor('z read some records', () => z.records().length >= 30, 30_000);
    const zHad = z.assignment();

    z.signal('SIGSTOP');
    const epochBeforeStop = Math.max(...z.records().map((r) => r.e));
    await waitFor('a takes over every partition (z expired on the coordinator)', () => a.assignment().length === 4, 30_000);
    const readByA = () => a.records().filter((r) => zHad.includes(r.p)).length;
    const before = readByA();
    await waitFor("a reads z's old partitions", () => readByA() > before + 20, 30_000);

    const continuedAt = Date.now();
    z.signal('SIGCONT');
    // z rejoins, and the sticky assignor gives it partitions again (after a releases them).
    await produce(topic, 2000, 400);
    await waitFor('z rejoined and reads again', () => z.records().some((r) => r.t > continuedAt), 60_000);
    await waitFor('every record read', () => distinctRead([a, z]) === 2400, 60_000);

    const stale = z.records().filter((r) => r.t >= continuedAt && r.e <= epochBeforeStop);
    expect(stale, 'records z handed out after it woke, under its old membership').toEqual([]);
    expectContiguous([a, z], 4, 2400);
    expectRunsFromCommitted([a, z]);
    await Promise.all([a.leave(), z.leave()]);
  });

  it("the coordinator's node SIGKILLed: the group carries on under the new coordinator from its committed offsets", { timeout: 150_000 }, async () => {
    const topic = `coordinator-${Date.now()}`;
    const groupId = `coordinator-group-${Date.now()}`;
    await eddy.admin().createTopic({ name: topic, partitions: 6, replicationFactor: 3 });
    await produce(topic, 0, 1500);

    const cfg = { topic, groupId, sessionTimeoutMs: 3_000, processMs: 3 };
    const a = member({ ...cfg, name: 'a' });
    const b = member({ ...cfg, name: 'b' });
    await waitFor('a and b share the 6 partitions', () => union([a, b]).length === 6 && a.assignment().length > 0 && b.assignment().length > 0, 60_000);
    const sumCommitted = (m: Map<number, { committed: bigint }>) => [...m.values()].reduce((s, o) => s + (o.committed > 0n ? o.committed : 0n), 0n);
    const before = await waitFor('some offsets committed', async () => {
      const c = await committed(groupId);
      return sumCommitted(c.offsets) >= 200n ? c : undefined;
    }, 30_000);

    await cluster.kill(cluster.node(before.coordinatorId));
    await produce(topic, 1500, 500);

    const after = await waitFor('a new coordinator answers', async () => {
      const c = await committed(groupId);
      return c.coordinatorId !== before.coordinatorId ? c : undefined;
    }, 60_000);
    for (const [p, o] of before.offsets) {
      expect(after.offsets.get(p)?.committed ?? -1n, `partition ${p}: committed offset lost in the failover`).toBeGreaterThanOrEqual(o.committed);
    }
    await waitFor('every record read', () => distinctRead([a, b]) === 2000, 90_000);
    expectContiguous([a, b], 6, 2000);
    expectRunsFromCommitted([a, b]);
    await committedAtEnd(groupId, 6);
    const d = await eddy.admin().describeGroup(groupId);
    expect(d.members).toHaveLength(2);
    await Promise.all([a.leave(), b.leave()]);
  });
});
