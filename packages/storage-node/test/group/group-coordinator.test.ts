// The group coordinator on three storage nodes in one process (RaftHosts on a
// MemoryNetwork, real LevelDB), each serving GroupService on a real grpc-js
// server on 127.0.0.1, driven by members speaking raw gRPC (storage-node does
// not depend on @eddy/client, so the members here follow the same protocol by
// hand: report owned partitions, release revoked ones before reporting, rejoin
// when fenced). Every change of any member's owned partitions is checked: no
// partition is owned by two members at once.
import { bindServer, createEddyServer, fromGrpcError, loadEddyProto, type EddyError, type wire } from '@eddy/protocol';
import { credentials, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSUMER_OFFSETS_TOPIC, GroupCoordinator, addGroupServices } from '../../src/group/index.js';
import { TestCluster, batchOf, pause, waitFor, type TestNode } from '../helpers.js';

const TOPIC = 'orders-group-it';
const GROUP = 'billing';
const SESSION_MS = 3_000;

interface Served {
  node: TestNode;
  coordinator: GroupCoordinator;
  server: ReturnType<typeof createEddyServer>;
  address: string;
  live: boolean;
}

let cluster: TestCluster;
const served: Served[] = [];
const clients = new Map<string, wire.GroupServiceClient>();

function client(address: string): wire.GroupServiceClient {
  let c = clients.get(address);
  if (!c) clients.set(address, (c = new (loadEddyProto().proto.eddy.v1.GroupService)(address, credentials.createInsecure())));
  return c;
}

function rpc<Req, Res>(address: string, method: keyof wire.GroupServiceClient, req: Req): Promise<Res> {
  const c = client(address) as unknown as Record<string, (req: Req, opts: { deadline: number }, cb: (err: ServiceError | null, res?: Res) => void) => void>;
  return new Promise((resolve, reject) =>
    (c[method] as (req: Req, opts: { deadline: number }, cb: (err: ServiceError | null, res?: Res) => void) => void).call(c, req, { deadline: Date.now() + 2_000 }, (err, res) =>
      err ? reject(fromGrpcError(err)) : resolve(res as Res),
    ),
  );
}

const liveAddresses = (): string[] => served.filter((s) => s.live).map((s) => s.address);

async function coordinatorAddress(): Promise<string> {
  return waitFor('the group coordinator', async () => {
    for (const a of liveAddresses()) {
      try {
        const r = await rpc<wire.FindCoordinatorRequest, wire.FindCoordinatorResponse__Output>(a, 'findCoordinator', { groupId: GROUP });
        if (liveAddresses().includes(r.address)) return r.address;
      } catch {
        // try the next node
      }
    }
    return undefined;
  });
}

/** Calls the coordinator, finding it again on retriable errors, like a client does. */
async function coordinatorCall<Req, Res>(method: keyof wire.GroupServiceClient, req: Req): Promise<Res> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await rpc<Req, Res>(await coordinatorAddress(), method, req);
    } catch (err) {
      if (!(err as EddyError).retriable || Date.now() > deadline) throw err;
      await pause(50);
    }
  }
}

const key = (topic: string, p: number): string => `${topic}/${p}`;
const members: Member[] = [];

function checkDisjoint(): void {
  const seen = new Map<string, string>();
  for (const m of members) {
    for (const k of m.owned) {
      const other = seen.get(k);
      if (other !== undefined) throw new Error(`partition ${k} owned by ${other} and ${m.name} at once`);
      seen.set(k, m.name);
    }
  }
}

/** A group member following the KIP-848 protocol over raw gRPC. */
class Member {
  memberId = '';
  epoch = 0;
  owned = new Set<string>();
  violations: unknown[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;
  private lastOk = Date.now();
  private coordinator: string | undefined;

  constructor(readonly name: string) {
    members.push(this);
  }

  start(): void {
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let interval = 100;
      try {
        this.coordinator ??= await coordinatorAddress();
        const resp = await rpc<wire.HeartbeatRequest, wire.HeartbeatResponse__Output>(this.coordinator, 'heartbeat', {
          groupId: GROUP,
          memberId: this.memberId,
          memberEpoch: this.epoch,
          clientId: this.name,
          subscribedTopics: this.epoch === 0 ? [TOPIC] : [],
          ownedPartitions: [{ topic: TOPIC, partitions: [...this.owned].map((k) => Number(k.split('/')[1])) }],
          sessionTimeoutMs: SESSION_MS,
        });
        if (this.stopped) return;
        this.lastOk = Date.now();
        this.memberId = resp.memberId;
        this.epoch = resp.memberEpoch;
        interval = resp.heartbeatIntervalMs;
        // Release what is no longer assigned and start what is: reported on the next heartbeat.
        this.owned = new Set(resp.assignment.flatMap((tp) => tp.partitions.map((p) => key(tp.topic, p))));
        checkDisjoint();
      } catch (err) {
        if (this.stopped) return;
        const e = err as EddyError;
        if (e.code === 'UNKNOWN_MEMBER' || e.code === 'FENCED') {
          this.owned.clear();
          this.epoch = 0;
        } else if (e.code === undefined) {
          this.violations.push(err);
        }
        this.coordinator = undefined;
        // No successful heartbeat within the session: the coordinator has removed us; stop reading.
        if (Date.now() - this.lastOk >= SESSION_MS) {
          this.owned.clear();
          this.epoch = 0;
        }
      }
      await pause(interval);
    }
  }

  async commit(offsetOf: (partition: number) => number): Promise<void> {
    const offsets = [...this.owned].map((k) => {
      const partition = Number(k.split('/')[1]);
      return { topic: TOPIC, partition, offset: String(offsetOf(partition)), metadata: this.name };
    });
    const resp = await coordinatorCall<wire.CommitOffsetsRequest, wire.CommitOffsetsResponse__Output>('commitOffsets', { groupId: GROUP, memberId: this.memberId, memberEpoch: this.epoch, offsets });
    for (const r of resp.results) expect(r.error?.code ?? '').toBe('');
  }

  /** The process dies: no more heartbeats, no leave; it reads nothing any more. */
  async kill(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.owned.clear();
    members.splice(members.indexOf(this), 1);
  }

  /** Stops reading everything, then leaves (epoch -1). */
  async leave(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.owned.clear();
    const resp = await coordinatorCall<wire.HeartbeatRequest, wire.HeartbeatResponse__Output>('heartbeat', {
      groupId: GROUP,
      memberId: this.memberId,
      memberEpoch: -1,
      clientId: this.name,
      ownedPartitions: [],
      sessionTimeoutMs: SESSION_MS,
    });
    expect(resp.memberEpoch).toBe(-1);
    members.splice(members.indexOf(this), 1);
  }
}

function ownedCounts(ms: readonly Member[]): number[] {
  return ms.map((m) => m.owned.size);
}

function allOwned(ms: readonly Member[]): boolean {
  const u = new Set(ms.flatMap((m) => [...m.owned]));
  return u.size === 6;
}

beforeAll(async () => {
  cluster = new TestCluster([1, 2, 3], [
    { topic: CONSUMER_OFFSETS_TOPIC, topicId: 'CO', partitions: [[1, 2, 3], [2, 3, 1], [3, 1, 2]], configs: { 'cleanup.policy': 'compact' } },
    { topic: TOPIC, topicId: 'ORD', partitions: Array.from({ length: 6 }, (_, i) => [1, 2, 3].map((_, j) => ((i + j) % 3) + 1)) },
  ]);
  await cluster.start();
  for (const node of cluster.nodes) {
    const coordinator = new GroupCoordinator({ nodeId: node.id, replicas: node.plane.replicas, catalog: node.catalog, tickMs: 20, heartbeatIntervalMs: 100, minSessionTimeoutMs: 500 });
    coordinator.start();
    const server = createEddyServer();
    addGroupServices(server.server, coordinator);
    const port = await bindServer(server.server, '127.0.0.1:0');
    served.push({ node, coordinator, server, address: `127.0.0.1:${port}`, live: true });
  }
  for (const node of cluster.nodes) for (const s of served) node.catalog.setNodeAddress(s.node.id, s.address);
  for (let p = 0; p < 3; p++) await cluster.waitLeader(CONSUMER_OFFSETS_TOPIC, p);
  for (let p = 0; p < 6; p++) {
    await cluster.waitLeader(TOPIC, p);
    await cluster.produce({ topic: TOPIC, partition: p, batch: batchOf(['a', 'b', 'c', 'd', 'e']) });
  }
});

afterAll(async () => {
  for (const c of clients.values()) c.close();
  for (const s of served) {
    s.coordinator.stop();
    s.server.server.forceShutdown();
  }
  await cluster?.stop();
});

describe('group coordinator on a 3-node cluster', () => {
  it('shares partitions, moves them one owner at a time, survives a leave, a coordinator failover (offsets kept) and a killed member', async () => {
    const a = new Member('A');
    const b = new Member('B');
    a.start();
    b.start();
    await waitFor('A and B to own 3 partitions each', () => allOwned([a, b]) && ownedCounts([a, b]).every((n) => n === 3));

    // Any other node says where the coordinator is.
    const coord = await coordinatorAddress();
    const other = liveAddresses().find((x) => x !== coord) as string;
    const wrong = await rpc(other, 'fetchOffsets', { groupId: GROUP }).catch((err: unknown) => err as EddyError);
    expect((wrong as EddyError).code).toBe('NOT_COORDINATOR');
    expect((wrong as EddyError).details.leaderAddress).toBe(coord);

    // A third member joins: partitions move to it, never owned twice (checked on every change).
    const c = new Member('C');
    c.start();
    await waitFor('A, B and C to own 2 partitions each', () => allOwned([a, b, c]) && ownedCounts([a, b, c]).every((n) => n === 2));

    // Commits by the owners, then what the coordinator tells about them.
    for (const m of [a, b, c]) await m.commit((p) => 1 + (p % 3));
    const fetched = await coordinatorCall<wire.FetchOffsetsRequest, wire.FetchOffsetsResponse__Output>('fetchOffsets', { groupId: GROUP });
    expect(fetched.offsets.map((o) => [o.partition, o.offset])).toEqual([0, 1, 2, 3, 4, 5].map((p) => [p, String(1 + (p % 3))]));
    // Stable once the coordinator has heard every member report its target (one heartbeat after the members got it).
    const described = await waitFor('the group to be stable', async () => {
      const d = await coordinatorCall<wire.DescribeGroupRequest, wire.DescribeGroupResponse__Output>('describeGroup', { groupId: GROUP });
      return d.state === 'GROUP_STATE_STABLE' && d;
    });
    expect(described.members.map((m) => m.clientId).sort()).toEqual(['A', 'B', 'C']);
    // The coordinator leads at most some of the data partitions; where it does not, it reads its follower's high watermark.
    for (const o of described.offsets) {
      expect(o.highWatermark).toBe('5');
      expect(o.lag).toBe(String(5 - (1 + (o.partition % 3))));
      expect(o.memberId).not.toBe('');
    }
    const notEmpty = await coordinatorCall('deleteGroup', { groupId: GROUP }).catch((err: unknown) => err as EddyError);
    expect((notEmpty as EddyError).code).toBe('GROUP_NOT_EMPTY');
    const groups = (await Promise.all(liveAddresses().map((addr) => rpc<wire.ListGroupsRequest, wire.ListGroupsResponse__Output>(addr, 'listGroups', {})))).flatMap((r) => r.groups);
    expect(groups.map((g) => [g.groupId, g.memberCount])).toEqual([[GROUP, 3]]);

    // A graceful leave: its partitions go to the others at their next heartbeats.
    await b.leave();
    await waitFor('A and C to own 3 partitions each', () => allOwned([a, c]) && ownedCounts([a, c]).every((n) => n === 3));

    // The coordinator's node crashes: a new leader of the offsets partition takes over from the log.
    const before = await coordinatorAddress();
    const victim = served.find((s) => s.address === before) as Served;
    victim.live = false;
    victim.coordinator.stop();
    victim.server.server.forceShutdown();
    await cluster.stopNode(victim.node);
    const after = await coordinatorAddress();
    expect(after).not.toBe(before);
    const again = await coordinatorCall<wire.FetchOffsetsRequest, wire.FetchOffsetsResponse__Output>('fetchOffsets', { groupId: GROUP });
    expect(again.offsets.map((o) => [o.partition, o.offset, o.metadata !== ''])).toEqual([0, 1, 2, 3, 4, 5].map((p) => [p, String(1 + (p % 3)), true]));
    // The members carry on under the new coordinator (same member ids: they were in the log).
    const ids = [a.memberId, c.memberId];
    await waitFor('the group to settle under the new coordinator', async () => {
      const d = await coordinatorCall<wire.DescribeGroupRequest, wire.DescribeGroupResponse__Output>('describeGroup', { groupId: GROUP });
      return d.state === 'GROUP_STATE_STABLE' && allOwned([a, c]) && ownedCounts([a, c]).every((n) => n === 3) && d.members.length === 2;
    });
    expect([a.memberId, c.memberId]).toEqual(ids);
    await a.commit((p) => 4 + (p % 2));

    // A member is killed: its partitions move once its session times out (not before; how soon after is for the benchmark).
    const d = new Member('D');
    d.start();
    await waitFor('A, C and D to own 2 partitions each', () => allOwned([a, c, d]) && ownedCounts([a, c, d]).every((n) => n === 2));
    const killed = Date.now();
    await d.kill();
    await waitFor('A and C to own 3 partitions each again', () => allOwned([a, c]) && ownedCounts([a, c]).every((n) => n === 3), SESSION_MS + 10_000);
    expect(Date.now() - killed).toBeGreaterThanOrEqual(SESSION_MS - 500);

    // Everyone leaves; the empty group can be reset and deleted.
    await a.leave();
    await c.leave();
    expect(a.violations.concat(b.violations, c.violations, d.violations)).toEqual([]);
    const reset = await coordinatorCall<wire.ResetOffsetsRequest, wire.ResetOffsetsResponse__Output>('resetOffsets', { groupId: GROUP, topic: TOPIC, toEarliest: true });
    expect(reset.offsets.map((o) => o.offset)).toEqual(['0', '0', '0', '0', '0', '0']);
    await coordinatorCall('deleteGroup', { groupId: GROUP });
    const gone = await coordinatorCall<wire.FetchOffsetsRequest, wire.FetchOffsetsResponse__Output>('fetchOffsets', { groupId: GROUP, partitions: [{ topic: TOPIC, partitions: [0] }] });
    expect(gone.offsets.map((o) => o.offset)).toEqual(['-1']);
  });

  it('tells each member the session timeout in effect: its default for 0, what was asked held within its bounds', async () => {
    const group = 'session-timeouts';
    const address = await waitFor(`the coordinator of ${group}`, async () => {
      for (const a of liveAddresses()) {
        const r = await rpc<wire.FindCoordinatorRequest, wire.FindCoordinatorResponse__Output>(a, 'findCoordinator', { groupId: group }).catch(() => undefined);
        if (r && liveAddresses().includes(r.address)) return r.address;
      }
      return undefined;
    });
    const join = (clientId: string, sessionTimeoutMs: number) =>
      rpc<wire.HeartbeatRequest, wire.HeartbeatResponse__Output>(address, 'heartbeat', { groupId: group, memberEpoch: 0, clientId, subscribedTopics: [TOPIC], ownedPartitions: [], sessionTimeoutMs });
    // This cluster's coordinators: default 10 s, at least 500 ms, at most 5 min.
    const asked = [0, 100, 2_000, 3_600_000];
    const answers = [];
    for (const [i, ms] of asked.entries()) answers.push(await join(`session-${i}`, ms));
    expect(answers.map((a) => a.sessionTimeoutMs)).toEqual([10_000, 500, 2_000, 300_000]);
    for (const [i, a] of answers.entries()) {
      await rpc(address, 'heartbeat', { groupId: group, memberId: a.memberId, memberEpoch: -1, clientId: `session-${i}`, ownedPartitions: [], sessionTimeoutMs: asked[i] });
    }
  });

  it("commits racing a move of the offsets partition's leadership: every acknowledged commit survives, the others fail retriably", async () => {
    const group = 'racing-commits';
    const find = () =>
      waitFor(`the coordinator of ${group}`, async () => {
        for (const a of liveAddresses()) {
          const r = await rpc<wire.FindCoordinatorRequest, wire.FindCoordinatorResponse__Output>(a, 'findCoordinator', { groupId: group }).catch(() => undefined);
          if (r && liveAddresses().includes(r.address)) return r.address;
        }
        return undefined;
      });
    const first = await find();
    const host = served.find((x) => x.address === first) as Served;
    const acked = new Map<number, number>();
    const failed: EddyError[] = [];
    let transferred: Promise<boolean[]> | undefined;
    // Three commits in flight at a time (one per partition), with rising offsets; the
    // leadership moves away after the 20th round, in the middle of whatever is in flight.
    for (let i = 1; i <= 200 && failed.length === 0; i++) {
      if (i === 20) {
        const led = [...host.node.plane.replicas.replicas()].filter((r) => r.assignment.topic === CONSUMER_OFFSETS_TOPIC && r.isLeader);
        transferred = Promise.all(led.map((r) => r.transferLeadership(5_000)));
      }
      await Promise.all(
        [0, 1, 2].map((p) =>
          rpc<wire.CommitOffsetsRequest, wire.CommitOffsetsResponse__Output>(first, 'commitOffsets', { groupId: group, memberId: '', memberEpoch: 0, offsets: [{ topic: TOPIC, partition: p, offset: String(i), metadata: '' }] }).then(
            () => acked.set(p, i),
            (err: unknown) => failed.push(err as EddyError),
          ),
        ),
      );
    }
    expect(await transferred).toBeDefined();
    // The old coordinator stopped accepting commits, and said so with an error a client retries.
    expect(failed.length).toBeGreaterThan(0);
    for (const err of failed) expect([err.code, err.retriable]).toEqual([err.code, true]);
    const second = await find();
    expect(second).not.toBe(first);
    const fetched = await waitFor('the new coordinator to answer', () =>
      rpc<wire.FetchOffsetsRequest, wire.FetchOffsetsResponse__Output>(second, 'fetchOffsets', { groupId: group, partitions: [{ topic: TOPIC, partitions: [0, 1, 2] }] }).catch(() => undefined),
    );
    for (const o of fetched.offsets) {
      const last = acked.get(o.partition) ?? 0;
      // Every acknowledged commit is there; one that failed may have landed too (then it is the next one).
      expect(Number(o.offset)).toBeGreaterThanOrEqual(last);
      expect(Number(o.offset)).toBeLessThanOrEqual(last + 1);
    }
  });
});
