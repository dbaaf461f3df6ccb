// The consumer-group client side against FakeNode: an in-process grpc-js
// server on 127.0.0.1 with a small coordinator written from the proto's
// documented KIP-848 semantics, so the client's side of each exchange can be
// steered (expiry, unreachable coordinator). The same client against the real
// coordinator, on a cluster of server processes, is tested under test/groups.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../../test/support/harness.js';
import { Eddy, type Consumer } from '../../src/index.js';
import { FakeNode } from '../support/fake-node.js';

const TOPIC = 'temperature-readings';
const PARTITIONS = 6;

let node: FakeNode | undefined;
const clients: Eddy[] = [];
afterEach(async () => {
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  node?.stop();
  node = undefined;
});

/** The shared polling wait, as these tests use it: 15 s, 10 ms between tries, and the first error fails it. */
function until(what: string, fn: () => boolean, timeoutMs = 15_000): Promise<boolean> {
  return waitFor(what, fn, timeoutMs, { pollMs: 10, rethrow: true });
}

function client(n: FakeNode): Eddy {
  const c = new Eddy({ bootstrap: n.address, clientId: `c${clients.length}`, requestTimeoutMs: 5_000, retry: { initialDelayMs: 20, maxDelayMs: 200 } });
  clients.push(c);
  return c;
}

async function produce(c: Eddy, count: number, from: number): Promise<void> {
  const p = c.producer({ lingerMs: 1 });
  await p.send({ topic: TOPIC, messages: Array.from({ length: count }, (_, i) => ({ key: `sensor-${(from + i) % 17}`, value: String(from + i) })) });
  await p.close();
}

describe('consumer groups (client side, against a fake coordinator)', () => {
  it('members share partitions, a joiner takes some, a leaver hands them back; no partition read by two members; no record skipped', async () => {
    node = new FakeNode(30, 2_000);
    node.createTopic(TOPIC, PARTITIONS);
    await node.start();
    const n = node;
    await produce(client(n), 300, 0);
    let produced = 300;

    const seen = new Map<string, number>();
    const members: { name: string; consumer: Consumer; run: Promise<void> }[] = [];
    const join = (name: string): void => {
      const consumer = client(n).consumer({ groupId: 'g', autoOffsetReset: 'earliest', autoCommitIntervalMs: 50, maxWaitMs: 30, sessionTimeoutMs: 2_000 });
      consumer.subscribe({ topics: [TOPIC] });
      const run = consumer.run({
        eachMessage: (m) => {
          const k = m.value!.toString();
          seen.set(k, (seen.get(k) ?? 0) + 1);
        },
      });
      members.push({ name, consumer, run });
    };
    // Sample every member's assignment: a partition never appears twice at once.
    let overlaps = 0;
    const sampler = setInterval(() => {
      const owner = new Map<number, string>();
      for (const m of members) {
        for (const tp of m.consumer.assignment()) {
          if (owner.has(tp.partition)) overlaps++;
          owner.set(tp.partition, m.name);
        }
      }
    }, 2);
    const counts = (): number[] => members.map((m) => m.consumer.assignment().length);
    const allSeen = (): boolean => {
      for (let i = 0; i < produced; i++) if (!seen.has(String(i))) return false;
      return true;
    };
    try {
      join('a');
      join('b');
      await until('a and b share 6 partitions', () => counts().join() === '3,3');
      await until('first records consumed', allSeen);

      join('c');
      await until('c takes two partitions', () => counts().join() === '2,2,2');
      await produce(clients[0]!, 300, produced);
      produced += 300;
      await until('records after the join consumed', allSeen);

      // b leaves: it commits, sends epoch -1, and its partitions go to a and c.
      const b = members[1]!;
      await b.consumer.close();
      await b.run;
      members.splice(1, 1);
      expect(n.heartbeats.some((h) => h.memberEpoch === -1)).toBe(true);
      await until('a and c take over b\'s partitions', () => counts().join() === '3,3');
      await produce(clients[0]!, 300, produced);
      produced += 300;
      await until('records after the leave consumed', allSeen);
    } finally {
      clearInterval(sampler);
    }
    expect(overlaps).toBe(0);
    for (let i = 0; i < produced; i++) expect(seen.get(String(i)) ?? 0).toBeGreaterThanOrEqual(1);
    // Commits carried the member id and epoch; the group's offsets cover what was consumed before b left.
    expect(n.commits.length).toBeGreaterThan(0);
    expect(n.commits.every((c) => c.memberId !== '' && c.memberEpoch > 0)).toBe(true);
  });

  it('with auto-commit, a partition moving to a joiner is committed at what was processed before it is released: the joiner re-reads nothing', async () => {
    node = new FakeNode(30, 2_000);
    node.createTopic(TOPIC, 4);
    await node.start();
    const n = node;
    await produce(client(n), 200, 0);
    // An interval no test outlasts: every commit here is one of revocation (or of leaving).
    const options = { groupId: 'g', autoOffsetReset: 'earliest', autoCommitIntervalMs: 600_000, maxWaitMs: 30 } as const;
    const seen = new Map<string, number>();
    const nextOffset = new Map<number, bigint>(); // partition -> one past the last record A took
    const read = (consumer: Consumer, onRecord?: (partition: number, offset: bigint) => void): Promise<void> =>
      (async () => {
        for await (const m of consumer) {
          const k = m.value!.toString();
          seen.set(k, (seen.get(k) ?? 0) + 1);
          onRecord?.(m.partition, m.offset);
        }
      })();
    const a = client(n).consumer(options);
    a.subscribe({ topics: [TOPIC] });
    const readingA = read(a, (partition, offset) => nextOffset.set(partition, offset + 1n));
    await until('A reads all 200 records', () => seen.size === 200);
    expect(n.commits).toHaveLength(0);

    // A waits in next(), so every record it took counts as processed.
    const b = client(n).consumer(options);
    b.subscribe({ topics: [TOPIC] });
    await until('A and B own two partitions each', () => a.assignment().length === 2 && b.assignment().length === 2);
    for (const tp of b.assignment()) {
      // B starts at the offset A committed on revocation, not per autoOffsetReset (earliest).
      expect(await b.position(tp), `partition ${tp.partition}`).toBe(nextOffset.get(tp.partition) ?? 0n);
      expect(n.committed.get(`${TOPIC}:${tp.partition}`)).toBe(nextOffset.get(tp.partition));
    }
    const revocationCommits = n.commits.filter((c) => c.memberId === a.membership!.memberId);
    expect(revocationCommits.length).toBeGreaterThan(0);

    const readingB = read(b);
    await produce(clients[0]!, 100, 200);
    await until('A and B read the 100 records after the handover', () => seen.size === 300);
    await Promise.all([a.close(), b.close()]);
    await Promise.all([readingA, readingB]);
    expect([...seen.values()].filter((count) => count > 1)).toEqual([]);
  });

  it('starts from committed offsets (FetchOffsets), commit() writes processed positions, and a fenced member rejoins', async () => {
    node = new FakeNode(30, 2_000);
    node.createTopic(TOPIC, 2);
    await node.start();
    const n = node;
    await produce(client(n), 20, 0);
    // Partition 0 resumes from a committed offset; partition 1 has none (autoOffsetReset earliest).
    n.committed.set(`${TOPIC}:0`, 3n);
    const consumer = client(n).consumer({ groupId: 'g', autoOffsetReset: 'earliest', autoCommit: false, maxWaitMs: 30 });
    consumer.subscribe({ topics: [TOPIC] });
    const got: { partition: number; offset: bigint }[] = [];
    const it = consumer[Symbol.asyncIterator]();
    while (got.length < 17) {
      const m = (await it.next()).value as { partition: number; offset: bigint };
      got.push({ partition: m.partition, offset: m.offset });
    }
    const p0 = got.filter((m) => m.partition === 0).map((m) => m.offset);
    expect(p0[0]).toBe(3n);
    expect(got.filter((m) => m.partition === 1)[0]!.offset).toBe(0n);
    // Records before the one last yielded count as processed; commit() writes them with the member's id/epoch.
    await consumer.commit();
    const last = n.commits[n.commits.length - 1]!;
    expect(last.memberId).toBe(consumer.membership!.memberId);
    expect(last.offsets.length).toBeGreaterThan(0);

    // The coordinator forgets the member (session expiry): the next heartbeat gets
    // UNKNOWN_MEMBER, partitions are dropped without commit, and it rejoins with epoch 0.
    const before = n.heartbeats.length;
    n.members.clear();
    await until('rejoined', () => n.members.size === 1 && n.heartbeats.slice(before).some((h) => h.memberEpoch === 0));
    await until('partitions owned again', () => consumer.assignment().length === 2);
    await it.return?.();
  });

  it('drops its partitions once the session timeout the coordinator says is in effect passes without a heartbeat, then rejoins', async () => {
    // The member asks for no particular timeout (0): the coordinator's default
    // applies, 500 ms here rather than the stock 10 s, and its answers say so.
    node = new FakeNode(30, 500);
    node.createTopic(TOPIC, 2);
    await node.start();
    const n = node;
    const consumer = client(n).consumer({ groupId: 'g', autoOffsetReset: 'earliest', autoCommit: false, maxWaitMs: 30 });
    consumer.subscribe({ topics: [TOPIC] });
    await until('partitions owned', () => consumer.assignment().length === 2);
    expect(n.heartbeats.every((h) => h.sessionTimeoutMs === 0)).toBe(true);

    // The coordinator becomes unreachable: after 500 ms it may have handed the
    // partitions to another member, so this one must stop reading them. (Assuming
    // 10 s, it would still hold them when this wait gives up.)
    n.heartbeatsUnavailable = true;
    await until('partitions dropped', () => consumer.assignment().length === 0, 5_000);
    n.heartbeatsUnavailable = false;
    await until('rejoined and owns them again', () => consumer.assignment().length === 2);
    await consumer.close();
  });

  it('admin lists, describes and refuses to delete a non-empty group through the coordinator', async () => {
    node = new FakeNode();
    node.createTopic(TOPIC, 1);
    await node.start();
    const n = node;
    const consumer = client(n).consumer({ groupId: 'g' });
    consumer.subscribe({ topics: [TOPIC] });
    await until('joined', () => n.members.size === 1);
    const admin = client(n).admin();
    expect((await admin.listGroups()).map((g) => g.groupId)).toEqual(['g']);
    expect((await admin.describeGroup('g')).members).toHaveLength(1);
    await expect(admin.deleteGroup('g')).rejects.toMatchObject({ code: 'GROUP_NOT_EMPTY', retriable: false });
    await consumer.close();
    expect(n.members.size).toBe(0);
    await admin.deleteGroup('g');
  });
});
