import type { wire } from '@eddy/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LEAVE_EPOCH, MemberPhase, MemberState, fromTopicPartitions, toTopicPartitions, tpKey } from '../../src/internal.js';

const resp = (memberEpoch: number, assignment: Record<string, number[]>, memberId = 'm1'): wire.HeartbeatResponse__Output => ({
  memberId,
  memberEpoch,
  heartbeatIntervalMs: 1000,
  sessionTimeoutMs: 10_000,
  assignment: Object.entries(assignment).map(([topic, partitions]) => ({ topic, partitions })),
});

describe('MemberState (KIP-848 member)', () => {
  it('joins with epoch 0 and the subscription, then heartbeats with the last epoch', () => {
    const m = new MemberState();
    m.subscribe(['b', 'a', 'a']);
    const join = m.heartbeat('g', 'c', 45000);
    expect(join).toMatchObject({ groupId: 'g', memberId: '', memberEpoch: 0, subscribedTopics: ['a', 'b'], ownedPartitions: [], sessionTimeoutMs: 45000 });
    expect(m.sessionTimeoutMs).toBe(0); // nothing said yet
    m.onHeartbeat({ ...resp(3, {}), sessionTimeoutMs: 30_000 }, true);
    // The coordinator's figure (it held 45 s within its bounds), kept for self-fencing.
    expect(m.sessionTimeoutMs).toBe(30_000);
    const next = m.heartbeat('g', 'c', 45000);
    expect(next.memberId).toBe('m1');
    expect(next.memberEpoch).toBe(3);
    // The subscription is sent only when it changes.
    expect(next.subscribedTopics).toBeUndefined();
    m.subscribe(['a']);
    expect(m.heartbeat('g', 'c', 0).subscribedTopics).toEqual(['a']);
  });

  it('starts newly assigned partitions and reports them owned', () => {
    const m = new MemberState();
    m.subscribe(['t']);
    const r = m.onHeartbeat(resp(1, { t: [0, 1] }), true);
    expect(r).toEqual({ revoke: [], assign: [{ topic: 't', partition: 0 }, { topic: 't', partition: 1 }] });
    expect(m.phase).toBe(MemberPhase.reconciling);
    // While starting, they count as owned (nobody else may get them).
    expect(fromTopicPartitions(m.heartbeat('g', 'c', 0).ownedPartitions as wire.TopicPartitions__Output[])).toHaveLength(2);
    expect(m.assigned(r.assign)).toEqual([]);
    expect(m.phase).toBe(MemberPhase.stable);
    // The same target again changes nothing.
    expect(m.onHeartbeat(resp(1, { t: [0, 1] }), false)).toEqual({ revoke: [], assign: [] });
  });

  it('a revoked partition stays owned until the consumer has stopped and committed', () => {
    const m = new MemberState();
    m.subscribe(['t']);
    m.assigned(m.onHeartbeat(resp(1, { t: [0, 1, 2] }), true).assign);
    const r = m.onHeartbeat(resp(2, { t: [0] }), false);
    expect(r.revoke).toEqual([{ topic: 't', partition: 1 }, { topic: 't', partition: 2 }]);
    expect(m.isOwned('t', 1)).toBe(true);
    expect(m.heartbeat('g', 'c', 0).ownedPartitions).toEqual([{ topic: 't', partitions: [0, 1, 2] }]);
    // A repeated heartbeat before the revocation finished does not revoke twice.
    expect(m.onHeartbeat(resp(2, { t: [0] }), false).revoke).toEqual([]);
    m.revoked(r.revoke);
    expect(m.heartbeat('g', 'c', 0).ownedPartitions).toEqual([{ topic: 't', partitions: [0] }]);
    expect(m.phase).toBe(MemberPhase.stable);
  });

  it('a partition taken away while it was being started is revoked right after', () => {
    const m = new MemberState();
    m.subscribe(['t']);
    const r = m.onHeartbeat(resp(1, { t: [0, 1] }), true);
    m.onHeartbeat(resp(2, { t: [0] }), false);
    expect(m.assigned(r.assign)).toEqual([{ topic: 't', partition: 1 }]);
  });

  it('fencing loses every partition and rejoins with epoch 0', () => {
    const m = new MemberState();
    m.subscribe(['t']);
    m.assigned(m.onHeartbeat(resp(4, { t: [0, 1] }), true).assign);
    expect(m.fenced().map((tp) => tp.partition).sort()).toEqual([0, 1]);
    const hb = m.heartbeat('g', 'c', 0);
    expect(hb.memberEpoch).toBe(0);
    expect(hb.memberId).toBe('m1');
    expect(hb.subscribedTopics).toEqual(['t']);
    expect(hb.ownedPartitions).toEqual([]);
  });

  it('leaving sends epoch -1 and ignores later answers', () => {
    const m = new MemberState();
    m.subscribe(['t']);
    m.assigned(m.onHeartbeat(resp(4, { t: [0] }), true).assign);
    expect(m.leave()).toEqual([{ topic: 't', partition: 0 }]);
    expect(m.heartbeat('g', 'c', 0).memberEpoch).toBe(LEAVE_EPOCH);
    expect(m.onHeartbeat(resp(5, { t: [0, 1] }), false)).toEqual({ revoke: [], assign: [] });
    m.left();
    expect(m.phase).toBe(MemberPhase.left);
  });
});

/**
 * A minimal coordinator with the proto's documented rule: the target spreads
 * partitions round-robin over members, and a partition another member still
 * owns (reported, or handed to it and not yet reported released) is withheld
 * until that member releases it.
 */
class SimCoordinator {
  readonly owned = new Map<string, Set<string>>();
  private readonly epochs = new Map<string, number>();
  private nextId = 1;
  constructor(private readonly partitions: number) {}

  heartbeat(req: wire.HeartbeatRequest): wire.HeartbeatResponse__Output {
    let id = req.memberId ?? '';
    if (req.memberEpoch === LEAVE_EPOCH) {
      this.owned.delete(id);
      this.epochs.delete(id);
      return { memberId: id, memberEpoch: LEAVE_EPOCH, heartbeatIntervalMs: 1000, sessionTimeoutMs: 10_000, assignment: [] };
    }
    if (!id) id = `m${this.nextId++}`;
    const isNew = !this.epochs.has(id);
    this.epochs.set(id, (this.epochs.get(id) ?? 0) + (isNew ? 1 : 0));
    this.owned.set(id, new Set(fromTopicPartitions((req.ownedPartitions ?? []) as wire.TopicPartitions__Output[]).map((tp) => tpKey(tp.topic, tp.partition))));
    const members = [...this.epochs.keys()].sort();
    const mine: number[] = [];
    for (let p = 0; p < this.partitions; p++) {
      if (members[p % members.length] !== id) continue;
      const k = tpKey('t', p);
      const heldElsewhere = [...this.owned.entries()].some(([other, set]) => other !== id && set.has(k));
      if (!heldElsewhere) mine.push(p);
    }
    // What the member was told to own is held for it until a later heartbeat reports it released.
    for (const p of mine) this.owned.get(id)!.add(tpKey('t', p));
    return { memberId: id, memberEpoch: this.epochs.get(id)!, heartbeatIntervalMs: 1000, sessionTimeoutMs: 10_000, assignment: toTopicPartitions(mine.map((partition) => ({ topic: 't', partition }))) as wire.TopicPartitions__Output[] };
  }
}

interface SimMember {
  state: MemberState;
  reading: Set<number>;
  pendingRevoke: number[][];
  pendingAssign: number[][];
  gone: boolean;
}

describe('group reconciliation (property): no partition is read by two members', () => {
  it('holds under any interleaving of heartbeats, revocations, assignments, joins and leaves', () => {
    const action = fc.tuple(fc.constantFrom('heartbeat', 'revoke-done', 'assign-done', 'join', 'leave'), fc.nat());
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.array(action, { minLength: 1, maxLength: 150 }), (partitions, actions) => {
        const coord = new SimCoordinator(partitions);
        const members: SimMember[] = [];
        const join = (): void => {
          const state = new MemberState();
          state.subscribe(['t']);
          members.push({ state, reading: new Set(), pendingRevoke: [], pendingAssign: [], gone: false });
        };
        join();
        const check = (): void => {
          const seen = new Map<number, number>();
          members.forEach((m, i) => {
            for (const p of m.reading) {
              expect(seen.has(p), `partition ${p} read by members ${seen.get(p)} and ${i}`).toBe(false);
              seen.set(p, i);
            }
          });
        };
        for (const [kind, n] of actions) {
          const live = members.filter((m) => !m.gone);
          if (kind === 'join' || live.length === 0) {
            join();
            continue;
          }
          const m = live[n % live.length]!;
          if (kind === 'heartbeat') {
            const req = m.state.heartbeat('g', 'c', 0);
            const r = m.state.onHeartbeat(coord.heartbeat(req), req.subscribedTopics !== undefined);
            if (r.revoke.length) m.pendingRevoke.push(r.revoke.map((tp) => tp.partition));
            if (r.assign.length) m.pendingAssign.push(r.assign.map((tp) => tp.partition));
          } else if (kind === 'revoke-done' && m.pendingRevoke.length) {
            const ps = m.pendingRevoke.shift()!;
            for (const p of ps) m.reading.delete(p);
            m.state.revoked(ps.map((partition) => ({ topic: 't', partition })));
          } else if (kind === 'assign-done' && m.pendingAssign.length && m.pendingRevoke.length === 0) {
            // Revocations are acted on before assignments.
            const ps = m.pendingAssign.shift()!;
            for (const p of ps) m.reading.add(p);
            const stale = m.state.assigned(ps.map((partition) => ({ topic: 't', partition })));
            if (stale.length) m.pendingRevoke.push(stale.map((tp) => tp.partition));
          } else if (kind === 'leave') {
            m.state.leave();
            m.reading.clear(); // stops reading and commits first
            coord.heartbeat(m.state.heartbeat('g', 'c', 0));
            m.state.left();
            m.gone = true;
          }
          check();
        }
      }),
      { numRuns: 500 },
    );
  });
});
