import { EddyError } from '@eddy/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConsumerGroup, type GroupWrite } from '../../src/group/consumer-group.js';
import { MAX_MEMBER_ID_BYTES, publicMemberId } from '../../src/group/member-id.js';
import { RecordKind, decodeGroupValue, decodeMemberValue, decodeOffsetValue } from '../../src/group/offsets-codec.js';
import { tpKey, type TpKey } from '../../src/group/topic-partition-key.js';

const SESSION = 1_000;
const counts = (t: string): number | undefined => ({ a: 6, b: 3 })[t];

/** Replays records into a fresh group, as a new coordinator does. */
function replay(groupId: string, writes: readonly GroupWrite[], now: number): ConsumerGroup {
  const g = new ConsumerGroup(groupId);
  for (const w of writes) {
    const k = w.key;
    if (k.kind === RecordKind.offset) g.applyOffsetRecord(k.topic, k.partition, w.value ? decodeOffsetValue(w.value) : null);
    else if (k.kind === RecordKind.group) g.applyGroupRecord(w.value ? decodeGroupValue(w.value) : null);
    else g.applyMemberRecord(k.memberId, w.value ? decodeMemberValue(w.value) : null, now);
  }
  g.finishLoad(now);
  return g;
}

/** A consumer that follows the protocol: starts what it is given at once, releases revoked partitions when it gets round to it. */
class SimMember {
  memberId = '';
  epoch = 0;
  owned = new Set<TpKey>();
  target = new Set<TpKey>();
  lastHeartbeat = 0;
  constructor(
    readonly name: string,
    readonly topics: readonly string[],
  ) {}

  heartbeat(g: ConsumerGroup, now: number, log: GroupWrite[], ids: () => string): void {
    try {
      const out = g.heartbeat(
        { memberId: this.memberId, memberEpoch: this.epoch, clientId: this.name, subscribedTopics: this.epoch === 0 ? this.topics : [], ownedPartitions: new Set(this.owned), sessionTimeoutMs: SESSION },
        now,
        counts,
        ids,
      );
      log.push(...out.writes);
      this.lastHeartbeat = now;
      this.memberId = out.memberId;
      this.epoch = out.memberEpoch;
      this.target = out.assignment;
      for (const k of out.assignment) this.owned.add(k);
    } catch (err) {
      if (!(err instanceof EddyError) || (err.code !== 'UNKNOWN_MEMBER' && err.code !== 'FENCED')) throw err;
      // Fenced: it stops reading everything (without committing) and rejoins.
      this.owned.clear();
      this.epoch = 0;
    }
  }

  /** KIP-848's client rule: no successful heartbeat within the session timeout → stop reading everything. */
  selfFence(now: number): void {
    if (this.epoch > 0 && now - this.lastHeartbeat >= SESSION) {
      this.owned.clear();
      this.epoch = 0;
    }
  }

  release(): void {
    for (const k of [...this.owned]) if (!this.target.has(k)) this.owned.delete(k);
  }
}

function assertDisjoint(members: readonly SimMember[]): void {
  const seen = new Map<TpKey, string>();
  for (const m of members) {
    for (const k of m.owned) {
      const other = seen.get(k);
      if (other !== undefined) throw new Error(`${k} owned by ${other} and ${m.name} at once`);
      seen.set(k, m.name);
    }
  }
}

type Op =
  | { op: 'join'; topics: readonly string[] }
  | { op: 'heartbeat'; i: number }
  | { op: 'release'; i: number }
  | { op: 'leave'; i: number }
  | { op: 'crash'; i: number }
  | { op: 'time'; ms: number }
  | { op: 'failover' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('join' as const), topics: fc.constantFrom(['a'], ['a', 'b'], ['b']) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('heartbeat' as const), i: fc.nat(9) }), weight: 8 },
  { arbitrary: fc.record({ op: fc.constant('release' as const), i: fc.nat(9) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('leave' as const), i: fc.nat(9) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('crash' as const), i: fc.nat(9) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('time' as const), ms: fc.constantFrom(0, 300, 999, 1_000, 1_500) }), weight: 2 },
  { arbitrary: fc.constant({ op: 'failover' as const }), weight: 1 },
);

describe('ConsumerGroup reconciliation', () => {
  it('never lets two members own a partition at once (joins, leaves, crashes, expiry, coordinator failover), and converges', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 80 }), (ops) => {
        let g = new ConsumerGroup('g');
        const log: GroupWrite[] = [];
        let now = 0;
        let next = 0;
        const ids = (): string => `id-${next++}`;
        let members: SimMember[] = [];
        for (const o of ops) {
          const m = 'i' in o && members.length > 0 ? members[o.i % members.length] : undefined;
          switch (o.op) {
            case 'join': {
              const s = new SimMember(`m${next}`, o.topics);
              members.push(s);
              s.heartbeat(g, now, log, ids);
              break;
            }
            case 'heartbeat':
              m?.heartbeat(g, now, log, ids);
              break;
            case 'release':
              m?.release();
              break;
            case 'leave':
              if (m && m.epoch > 0) {
                // A leaving consumer stops reading first, then says so.
                m.owned.clear();
                log.push(...g.heartbeat({ memberId: m.memberId, memberEpoch: -1, clientId: m.name, subscribedTopics: [], ownedPartitions: new Set(), sessionTimeoutMs: SESSION }, now, counts, ids).writes);
                members = members.filter((x) => x !== m);
              }
              break;
            case 'crash':
              // A dead process reads nothing; the coordinator finds out by the session timeout.
              if (m) members = members.filter((x) => x !== m);
              break;
            case 'time':
              now += o.ms;
              // A live member silent for its session stops reading by itself, as the coordinator expires it.
              for (const x of members) x.selfFence(now);
              log.push(...g.expire(now, counts).writes);
              break;
            case 'failover':
              g = replay('g', log, now);
              break;
          }
          assertDisjoint(members);
        }
        // Quiet period: everyone heartbeats and releases in turn; the group reaches its target.
        now += 2 * SESSION;
        for (const x of members) x.selfFence(now);
        log.push(...g.expire(now, counts).writes);
        for (let round = 0; round < 4; round++) {
          for (const m of members) {
            m.heartbeat(g, now, log, ids);
            m.release();
            m.heartbeat(g, now, log, ids);
            assertDisjoint(members);
          }
        }
        const owned = new Set(members.flatMap((m) => [...m.owned]));
        const expected = new Set<TpKey>();
        for (const m of members) for (const t of m.topics) for (let p = 0; p < (counts(t) ?? 0); p++) expected.add(tpKey(t, p));
        expect(owned).toEqual(expected);
        if (members.length > 0) expect(g.state()).toBe('GROUP_STATE_STABLE');
      }),
      { numRuns: 500 },
    );
  });

  it('a member joins with epoch 0 and gets an id; the group epoch bumps on membership changes only', () => {
    const g = new ConsumerGroup('g');
    const a = g.heartbeat({ memberId: '', memberEpoch: 0, clientId: 'c', subscribedTopics: ['a'], ownedPartitions: new Set(), sessionTimeoutMs: SESSION }, 0, counts, () => 'A');
    expect(a.memberId).toBe('A');
    expect(a.memberEpoch).toBe(1);
    expect(a.assignment.size).toBe(6);
    const again = g.heartbeat({ memberId: 'A', memberEpoch: 1, clientId: 'c', subscribedTopics: [], ownedPartitions: a.assignment, sessionTimeoutMs: SESSION }, 10, counts, () => 'X');
    expect(again.memberEpoch).toBe(1);
    expect(again.writes).toEqual([]);
    expect(() => g.heartbeat({ memberId: 'nobody', memberEpoch: 3, clientId: 'c', subscribedTopics: [], ownedPartitions: new Set(), sessionTimeoutMs: SESSION }, 10, counts, () => 'X')).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_MEMBER' }),
    );
    expect(() => g.heartbeat({ memberId: 'A', memberEpoch: 9, clientId: 'c', subscribedTopics: [], ownedPartitions: new Set(), sessionTimeoutMs: SESSION }, 10, counts, () => 'X')).toThrow(
      expect.objectContaining({ code: 'FENCED' }),
    );
  });

  it('validates commits: members by id and epoch, outsiders only when the group is empty', () => {
    const g = new ConsumerGroup('g');
    expect(() => g.validateCommit('', 0)).not.toThrow();
    g.heartbeat({ memberId: '', memberEpoch: 0, clientId: 'c', subscribedTopics: ['a'], ownedPartitions: new Set(), sessionTimeoutMs: SESSION }, 0, counts, () => 'A');
    expect(() => g.validateCommit('A', 1)).not.toThrow();
    expect(() => g.validateCommit('', 0)).toThrow(expect.objectContaining({ code: 'UNKNOWN_MEMBER' }));
    expect(() => g.validateCommit('B', 1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_MEMBER' }));
    expect(() => g.validateCommit('A', 2)).toThrow(expect.objectContaining({ code: 'FENCED' }));
  });
});

describe('ConsumerGroup.mayCommit', () => {
  it('refuses a commit for a partition the member has released to another, and allows the new owner', () => {
    const g = new ConsumerGroup('commits');
    let next = 0;
    const ids = () => `m${++next}`;
    const a = new SimMember('a', ['b']);
    const b = new SimMember('b', ['b']);
    const log: GroupWrite[] = [];
    a.heartbeat(g, 0, log, ids);
    expect(a.owned.size).toBe(3);
    for (const k of a.owned) expect(g.mayCommit(a.memberId, k)).toBe(true);
    // b joins: a must release some partitions before b may own them.
    b.heartbeat(g, 10, log, ids);
    a.heartbeat(g, 20, log, ids);
    a.release();
    a.heartbeat(g, 30, log, ids);
    b.heartbeat(g, 40, log, ids);
    expect(b.owned.size).toBeGreaterThan(0);
    for (const k of b.owned) {
      expect(g.mayCommit(b.memberId, k)).toBe(true);
      // a's late commit for a partition now b's would move b's offset backwards.
      expect(g.mayCommit(a.memberId, k)).toBe(false);
    }
    for (const k of a.owned) expect(g.mayCommit(a.memberId, k)).toBe(true);
    expect(g.mayCommit('nobody', tpKey('b', 0))).toBe(false);
  });
});

describe('who may act for a member: only the holder of its own member id', () => {
  const hb = (memberId: string, memberEpoch: number, subscribedTopics: string[] = [], owned: Set<TpKey> = new Set()) => ({
    memberId,
    memberEpoch,
    clientId: 'c',
    subscribedTopics,
    ownedPartitions: owned,
    sessionTimeoutMs: SESSION,
  });
  /** A group with member "own-a" (3 partitions of b) and member "own-b", both stable. */
  function twoMembers(): { g: ConsumerGroup; a: { id: string; epoch: number; owned: Set<TpKey> }; log: GroupWrite[] } {
    const g = new ConsumerGroup('g');
    const log: GroupWrite[] = [];
    const outA = g.heartbeat(hb('', 0, ['a']), 0, counts, () => 'own-a');
    log.push(...outA.writes);
    const outB = g.heartbeat(hb('', 0, ['a']), 1, counts, () => 'own-b');
    log.push(...outB.writes);
    const again = g.heartbeat(hb('own-a', outA.memberEpoch, [], outA.assignment), 2, counts, () => 'x');
    return { g, a: { id: 'own-a', epoch: again.memberEpoch, owned: again.assignment }, log };
  }
  const snapshot = (g: ConsumerGroup) => JSON.stringify({ epoch: g.groupEpoch, members: [...g.members.values()].map((m) => ({ ...m, target: [...m.target], mayOwn: m.mayOwn && [...m.mayOwn], owned: [...m.owned] })) });

  it('members are known, recorded and described by public ids; the own id appears in no record', () => {
    const { g, log } = twoMembers();
    expect([...g.members.keys()].sort()).toEqual([publicMemberId('own-a'), publicMemberId('own-b')].sort());
    expect(publicMemberId('own-a')).toMatch(/^[0-9a-f]{32}$/);
    for (const w of log) {
      if (w.key.kind === RecordKind.member) expect([publicMemberId('own-a'), publicMemberId('own-b')]).toContain(w.key.memberId);
      expect(w.value?.toString('latin1') ?? '').not.toMatch(/own-/);
    }
    // A failover rebuilds the same members under the same public ids; the members' own ids still work.
    const replayed = replay('g', log, 10);
    expect([...replayed.members.keys()].sort()).toEqual([...g.members.keys()].sort());
    expect(replayed.heartbeat(hb('own-a', replayed.groupEpoch), 11, counts, () => 'x').memberId).toBe('own-a');
  });

  it('a leave (epoch -1) naming another member by its public id is refused with UNKNOWN_MEMBER and changes nothing', () => {
    const { g } = twoMembers();
    const before = snapshot(g);
    for (const id of [publicMemberId('own-a'), 'own-a ', 'OWN-A', 'nobody']) {
      expect(() => g.heartbeat(hb(id, -1), 5, counts, () => 'x')).toThrow(expect.objectContaining({ code: 'UNKNOWN_MEMBER', message: expect.stringMatching(/public ids.*Nothing was changed/) }));
    }
    expect(() => g.heartbeat(hb('', -1), 5, counts, () => 'x')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(snapshot(g)).toBe(before);
  });

  it('a heartbeat or a commit in another member\'s public id is refused; a join with it makes a separate member', () => {
    const { g, a } = twoMembers();
    const pub = publicMemberId('own-a');
    const before = snapshot(g);
    expect(() => g.heartbeat(hb(pub, a.epoch, ['b']), 5, counts, () => 'x')).toThrow(expect.objectContaining({ code: 'UNKNOWN_MEMBER' }));
    expect(() => g.validateCommit(pub, a.epoch)).toThrow(expect.objectContaining({ code: 'UNKNOWN_MEMBER' }));
    for (const k of a.owned) expect(g.mayCommit(pub, k)).toBe(false);
    expect(snapshot(g)).toBe(before);
    // Epoch 0 with the public id: a new member (anyone may join a group), not a takeover of "own-a".
    const joined = g.heartbeat(hb(pub, 0, ['b']), 6, counts, () => 'x');
    expect(joined.memberId).toBe(pub);
    expect(g.members.size).toBe(3);
    expect(g.members.get(pub)?.subscribedTopics).toEqual(['a']);
    expect(g.members.get(publicMemberId(pub))?.subscribedTopics).toEqual(['b']);
  });

  it('the member itself leaves with its own id, once; a second leave is UNKNOWN_MEMBER', () => {
    const { g } = twoMembers();
    const out = g.heartbeat(hb('own-a', -1), 5, counts, () => 'x');
    expect(out.memberEpoch).toBe(-1);
    expect(out.writes.some((w) => w.key.kind === RecordKind.member && w.key.memberId === publicMemberId('own-a') && w.value === null)).toBe(true);
    expect([...g.members.keys()]).toEqual([publicMemberId('own-b')]);
    expect(() => g.heartbeat(hb('own-a', -1), 6, counts, () => 'x')).toThrow(expect.objectContaining({ code: 'UNKNOWN_MEMBER' }));
  });

  it('refuses member ids longer than the limit, before changing anything', () => {
    const { g } = twoMembers();
    const before = snapshot(g);
    const long = 'x'.repeat(MAX_MEMBER_ID_BYTES + 1);
    for (const epoch of [0, 1, -1]) expect(() => g.heartbeat(hb(long, epoch, ['a']), 5, counts, () => 'x')).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(() => g.validateCommit(long, 1)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    expect(snapshot(g)).toBe(before);
    expect(() => g.heartbeat(hb('y'.repeat(MAX_MEMBER_ID_BYTES), 0, ['a']), 5, counts, () => 'x')).not.toThrow();
  });

  it('a commit without a member id (from outside the group) is allowed only while the group has no members', () => {
    const g = new ConsumerGroup('g');
    expect(() => g.validateCommit('', -1)).not.toThrow();
    g.heartbeat(hb('', 0, ['a']), 0, counts, () => 'own-a');
    expect(() => g.validateCommit('', -1)).toThrow(expect.objectContaining({ code: 'UNKNOWN_MEMBER', message: expect.stringMatching(/has active members/) }));
    g.heartbeat(hb('own-a', -1), 1, counts, () => 'x');
    expect(() => g.validateCommit('', -1)).not.toThrow();
  });
});
