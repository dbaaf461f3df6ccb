// The balancer's planner (fast-check properties and examples): moves are
// bounded by the concurrency limit, never touch a partition already moving,
// never target an offline or decommissioning node, heal only after the
// replacement timeout, keep rack spread, keep the current leader first, and
// the plan converges — applied and planned again, it reaches a fixed point.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planBalance, type BalancerInput, type BalancerNode, type BalancerPartition, type PlannedMove } from '../src/placement/balancer.js';

const TIMEOUT = 600_000;

const nodesArb = (options: { allLive?: boolean; oneRack?: boolean } = {}) =>
  fc.uniqueArray(
    fc.record({
      id: fc.integer({ min: 0, max: 40 }),
      rack: options.oneRack ? fc.constant('') : fc.constantFrom('', 'a', 'b', 'c'),
      live: options.allLive ? fc.constant(true) : fc.integer({ min: 0, max: 3 }).map((x) => x !== 0),
      decommissioning: options.allLive ? fc.constant(false) : fc.integer({ min: 0, max: 5 }).map((x) => x === 0),
      offlineMs: fc.constantFrom(0, TIMEOUT - 1, TIMEOUT, TIMEOUT * 2),
    }),
    { minLength: 1, maxLength: 9, selector: (n) => n.id },
  ).map((nodes) => nodes.map((n): BalancerNode => ({ ...n, offlineMs: n.live ? 0 : n.offlineMs })));

/** Partitions on random distinct nodes of `nodes`; some moving, some internal, with sizes and leaders. */
function partitionsArb(nodes: readonly BalancerNode[], options: { noMoves?: boolean } = {}): fc.Arbitrary<BalancerPartition[]> {
  const ids = nodes.map((n) => n.id);
  const set = fc.shuffledSubarray(ids, { minLength: 1, maxLength: Math.min(3, ids.length) });
  return fc.array(
    fc.record({
      topic: fc.constantFrom('t1', 't2', '__consumer_offsets'),
      replicas: set,
      target: options.noMoves ? fc.constant([] as number[]) : fc.oneof({ weight: 5, arbitrary: fc.constant([] as number[]) }, { weight: 1, arbitrary: set }),
      leaderIndex: fc.integer({ min: -1, max: 2 }),
      sizeBytes: fc.integer({ min: 0, max: 1000 }),
    }),
    { maxLength: 30 },
  ).map((list) => {
    const next = new Map<string, number>();
    return list.map((p): BalancerPartition => {
      const partition = next.get(p.topic) ?? 0;
      next.set(p.topic, partition + 1);
      return {
        topic: p.topic,
        partition,
        replicas: p.replicas,
        targetReplicas: p.target,
        leaderId: p.leaderIndex < 0 ? -1 : p.replicas[p.leaderIndex % p.replicas.length]!,
        sizeBytes: p.sizeBytes,
        internal: p.topic.startsWith('__'),
      };
    });
  });
}

const inputArb = (options: { allLive?: boolean; oneRack?: boolean; noMoves?: boolean } = {}) =>
  nodesArb(options).chain((nodes) =>
    fc.record({
      nodes: fc.constant(nodes),
      partitions: partitionsArb(nodes, options),
      maxConcurrentMoves: fc.integer({ min: 1, max: 6 }),
      nodeReplacementTimeoutMs: fc.constant(TIMEOUT),
      defaultReplicationFactor: fc.constant(3),
      diskToleranceBytes: fc.constantFrom(0, 100),
    }),
  );

/** Completes every move in progress and the planned ones: replicas = target (as leader reports would). */
function applyPlan(input: BalancerInput, moves: readonly PlannedMove[]): BalancerInput {
  const planned = new Map(moves.map((m) => [`${m.topic}/${m.partition}`, m.to]));
  return {
    ...input,
    partitions: input.partitions.map((p) => {
      const to = planned.get(`${p.topic}/${p.partition}`) ?? (p.targetReplicas.length > 0 ? p.targetReplicas : p.replicas);
      return { ...p, replicas: to, targetReplicas: [], leaderId: p.leaderId >= 0 && to.includes(p.leaderId) ? p.leaderId : to[0]! };
    }),
  };
}

const eligible = (input: BalancerInput, id: number) => input.nodes.some((n) => n.id === id && n.live && !n.decommissioning);
const racks = (input: BalancerInput, set: readonly number[]) => new Set(set.map((id) => input.nodes.find((n) => n.id === id)!.rack)).size;

describe('balancer plan properties', () => {
  it('is bounded, leaves moving partitions alone (but heals a dead target), moves each partition once, and targets only live, non-decommissioning nodes', () => {
    fc.assert(
      fc.property(inputArb(), (input) => {
        const { moves } = planBalance(input);
        const inFlight = input.partitions.filter((p) => p.targetReplicas.length > 0).length;
        expect(moves.filter((m) => !m.fromTarget).length).toBeLessThanOrEqual(Math.max(0, input.maxConcurrentMoves - inFlight));
        const keys = moves.map((m) => `${m.topic}/${m.partition}`);
        expect(new Set(keys).size).toBe(keys.length);
        for (const m of moves) {
          const p = input.partitions.find((x) => x.topic === m.topic && x.partition === m.partition)!;
          expect(m.from).toEqual(p.replicas);
          if (p.targetReplicas.length > 0) {
            // Only a heal replacing nodes dead past the timeout in a move's target.
            expect(m.reason).toBe('heal');
            expect(m.fromTarget).toEqual(p.targetReplicas);
            for (const id of p.targetReplicas.filter((r) => !m.to.includes(r))) {
              const n = input.nodes.find((x) => x.id === id)!;
              expect(!n.live && n.offlineMs >= TIMEOUT).toBe(true);
            }
          } else expect(m.fromTarget).toBeUndefined();
          const before = p.targetReplicas.length > 0 ? p.targetReplicas : p.replicas;
          expect(new Set(m.to).size).toBe(m.to.length);
          for (const id of m.to) if (!before.includes(id)) expect(eligible(input, id)).toBe(true);
          if (m.reason === 'leader') {
            // A reorder: the same replicas, a live node that is not decommissioning first.
            expect([...m.to].sort((a, b) => a - b)).toEqual([...m.from].sort((a, b) => a - b));
            expect(eligible(input, m.to[0]!)).toBe(true);
            expect(m.to[0]).not.toBe(m.from[0]);
          } else if (m.to.includes(p.leaderId)) {
            // The current leader, when it stays, is first.
            expect(m.to[0]).toBe(p.leaderId);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('removes a replica from an offline node only after the replacement timeout; balance moves keep rack spread', () => {
    fc.assert(
      fc.property(inputArb(), (input) => {
        for (const m of planBalance(input).moves) {
          for (const id of (m.fromTarget ?? m.from).filter((r) => !m.to.includes(r))) {
            const n = input.nodes.find((x) => x.id === id)!;
            if (!n.live && !n.decommissioning) {
              expect(m.reason).toBe('heal');
              expect(n.offlineMs).toBeGreaterThanOrEqual(TIMEOUT);
            }
            if (m.reason === 'balance') expect(eligible(input, id)).toBe(true);
          }
          if (m.reason === 'balance') expect(racks(input, m.to)).toBeGreaterThanOrEqual(racks(input, m.from));
          if (m.reason === 'heal' || m.reason === 'decommission' || m.reason === 'balance') expect(m.to.length).toBe((m.fromTarget ?? m.from).length);
          if (m.reason === 'replication-factor') expect(m.to.length).toBeGreaterThan(m.from.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('converges: applying the plan and planning again reaches a plan with no moves', () => {
    fc.assert(
      fc.property(inputArb(), (start) => {
        let input: BalancerInput = start;
        let rounds = 0;
        for (;;) {
          const { moves } = planBalance(input);
          const wasMoving = input.partitions.some((p) => p.targetReplicas.length > 0);
          input = applyPlan(input, moves);
          // Done when nothing moved and nothing was still moving (its completion frees the budget).
          if (moves.length === 0 && !wasMoving) break;
          rounds++;
          // Each round makes at least one strict improvement of a bounded quantity.
          expect(rounds).toBeLessThan(2_000);
        }
        // At the fixed point nothing is left on decommissioning or long-dead nodes that could go elsewhere.
        for (const p of input.partitions) {
          const live = p.replicas.filter((id) => input.nodes.find((n) => n.id === id)!.live).length;
          if (live * 2 <= p.replicas.length) continue; // no quorum: nothing can move it
          const spare = input.nodes.filter((n) => eligible(input, n.id) && !p.replicas.includes(n.id)).length;
          const bad = p.replicas.filter((id) => {
            const n = input.nodes.find((x) => x.id === id)!;
            return n.decommissioning || (!n.live && n.offlineMs >= TIMEOUT);
          });
          if (spare > 0) expect(bad).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('with one rack and every node live, the fixed point has replica counts within one of each other', () => {
    fc.assert(
      fc.property(inputArb({ allLive: true, oneRack: true, noMoves: true }), (start) => {
        let input: BalancerInput = start;
        for (let moves = planBalance(input).moves; moves.length > 0; moves = planBalance(input).moves) input = applyPlan(input, moves);
        const counts = input.nodes.map((n) => input.partitions.filter((p) => p.replicas.includes(n.id)).length);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
        // Preferred leaders spread too: no partition's first replica leads two more than another of its replicas.
        const preferred = new Map(input.nodes.map((n) => [n.id, input.partitions.filter((p) => p.replicas[0] === n.id).length]));
        for (const p of input.partitions) for (const id of p.replicas) expect(preferred.get(p.replicas[0]!)! - preferred.get(id)!).toBeLessThan(2);
      }),
      { numRuns: 200 },
    );
  });

  it('is deterministic whatever the order partitions and nodes come in', () => {
    fc.assert(
      fc.property(inputArb(), fc.integer(), (input, seed) => {
        const shuffle = <T>(xs: readonly T[]): T[] => [...xs].map((x, i) => ({ x, k: Math.sin(seed + i) })).sort((a, b) => a.k - b.k).map((e) => e.x);
        expect(planBalance({ ...input, partitions: shuffle(input.partitions), nodes: shuffle(input.nodes) })).toEqual(planBalance(input));
      }),
      { numRuns: 200 },
    );
  });
});

describe('balancer examples', () => {
  const node = (id: number, extra: Partial<BalancerNode> = {}): BalancerNode => ({ id, rack: '', live: true, decommissioning: false, offlineMs: 0, ...extra });
  const partition = (p: number, replicas: number[], extra: Partial<BalancerPartition> = {}): BalancerPartition => ({
    topic: 'orders',
    partition: p,
    replicas,
    targetReplicas: [],
    leaderId: replicas[0]!,
    sizeBytes: 0,
    internal: false,
    ...extra,
  });
  const base = { maxConcurrentMoves: 4, nodeReplacementTimeoutMs: TIMEOUT, defaultReplicationFactor: 3, diskToleranceBytes: 0 };

  it('heals a replica on a node offline past the timeout, not before, onto a rack the partition lacks', () => {
    const nodes = [node(1, { rack: 'a' }), node(2, { rack: 'b' }), node(3, { rack: 'c', live: false, offlineMs: TIMEOUT - 1 }), node(4, { rack: 'a' }), node(5, { rack: 'c' })];
    const partitions = [partition(0, [1, 2, 3])];
    expect(planBalance({ ...base, nodes, partitions }).moves).toEqual([]);
    nodes[2] = { ...nodes[2]!, offlineMs: TIMEOUT };
    expect(planBalance({ ...base, nodes, partitions }).moves).toEqual([{ topic: 'orders', partition: 0, from: [1, 2, 3], to: [1, 2, 5], reason: 'heal' }]);
  });

  it('leaves a group without a live majority alone: it could not change its configuration', () => {
    const dead = { live: false, offlineMs: TIMEOUT * 2 };
    const nodes = [node(1), node(2, dead), node(3, dead), node(4), node(5)];
    expect(planBalance({ ...base, nodes, partitions: [partition(0, [1, 2, 3])] }).moves).toEqual([]);
  });

  it('moves replicas off a decommissioning node, keeping the current leader first', () => {
    const nodes = [node(1), node(2), node(3, { decommissioning: true }), node(4)];
    const plan = planBalance({ ...base, nodes, partitions: [partition(0, [3, 1, 2], { leaderId: 1 })] });
    expect(plan.moves).toEqual([{ topic: 'orders', partition: 0, from: [3, 1, 2], to: [1, 4, 2], reason: 'decommission' }]);
  });

  it('grows __consumer_offsets created on a one-node cluster once nodes join', () => {
    const partitions = [0, 1].map((p) => partition(p, [1], { topic: '__consumer_offsets', internal: true }));
    expect(planBalance({ ...base, nodes: [node(1)], partitions }).moves).toEqual([]);
    const plan = planBalance({ ...base, nodes: [node(1), node(2), node(3)], partitions });
    expect(plan.moves).toEqual([
      { topic: '__consumer_offsets', partition: 0, from: [1], to: [1, 2, 3], reason: 'replication-factor' },
      { topic: '__consumer_offsets', partition: 1, from: [1], to: [1, 2, 3], reason: 'replication-factor' },
    ]);
  });

  it('replaces a dead node in the target of a move in progress, without a free slot', () => {
    const dead = { live: false, offlineMs: TIMEOUT };
    const nodes = [node(1), node(2), node(3), node(4, dead), node(5)];
    const partitions = [partition(0, [1, 2, 3], { targetReplicas: [1, 2, 4] }), partition(1, [1])];
    const plan = planBalance({ ...base, maxConcurrentMoves: 1, nodes, partitions });
    // Node 3, still in the group, is the least loaded: the move now keeps it.
    expect(plan.moves).toEqual([{ topic: 'orders', partition: 0, from: [1, 2, 3], to: [1, 2, 3], reason: 'heal', fromTarget: [1, 2, 4] }]);
    // Before the timeout the move is left alone.
    expect(planBalance({ ...base, maxConcurrentMoves: 1, nodes: nodes.map((n) => (n.id === 4 ? { ...n, offlineMs: TIMEOUT - 1 } : n)), partitions }).moves).toEqual([]);
  });

  it('counts moves in progress against the limit and never touches them', () => {
    const nodes = [node(1), node(2), node(3)];
    const partitions = [partition(0, [1], { targetReplicas: [2] }), partition(1, [1]), partition(2, [1]), partition(3, [1])];
    expect(planBalance({ ...base, maxConcurrentMoves: 1, nodes, partitions }).moves).toEqual([]);
    const plan = planBalance({ ...base, maxConcurrentMoves: 2, nodes, partitions });
    expect(plan.moves).toHaveLength(1);
    expect(plan.moves[0]!.partition).not.toBe(0);
  });

  it('evens out replica counts, preferring partitions the busy node does not lead', () => {
    const nodes = [node(1), node(2), node(3)];
    const partitions = [partition(0, [1, 2]), partition(1, [2, 1]), partition(2, [1, 2])];
    const one = planBalance({ ...base, maxConcurrentMoves: 1, nodes, partitions });
    expect(one.moves).toEqual([{ topic: 'orders', partition: 1, from: [2, 1], to: [2, 3], reason: 'balance' }]);
    const all = planBalance({ ...base, nodes, partitions });
    expect(all.moves).toHaveLength(2);
    const after = applyPlan({ ...base, nodes, partitions }, all.moves);
    expect(nodes.map((n) => after.partitions.filter((p) => p.replicas.includes(n.id)).length)).toEqual([2, 2, 2]);
  });

  it('counts partitions whose live leader is not the preferred (first) replica', () => {
    const nodes = [node(1), node(2), node(3, { live: false, offlineMs: 1 })];
    const partitions = [partition(0, [2, 1], { leaderId: 1 }), partition(1, [1, 2]), partition(2, [1, 3], { leaderId: 3 }), partition(3, [1, 2], { leaderId: -1 })];
    expect(planBalance({ ...base, maxConcurrentMoves: 0, nodes, partitions }).preferredLeaderMoves).toBe(1);
  });

  it('spreads each topic over new nodes, not just the totals (3 nodes grown to 5)', () => {
    const three = [0, 1, 2].map((p) => [(p % 3) + 1, ((p + 1) % 3) + 1, ((p + 2) % 3) + 1]);
    const partitions = [
      ...Array.from({ length: 12 }, (_, p) => partition(p, three[p % 3]!, { topic: '__consumer_offsets', internal: true, sizeBytes: 10 })),
      ...Array.from({ length: 4 }, (_, p) => partition(p, three[p % 3]!, { topic: 'orders', sizeBytes: 1000 })),
    ];
    let input: BalancerInput = { ...base, diskToleranceBytes: 1e9, nodes: [1, 2, 3, 4, 5].map((id) => node(id)), partitions };
    for (let moves = planBalance(input).moves; moves.length > 0; moves = planBalance(input).moves) input = applyPlan(input, moves);
    const count = (topic: string | undefined, id: number) => input.partitions.filter((p) => (topic === undefined || p.topic === topic) && p.replicas.includes(id)).length;
    for (const id of [1, 2, 3, 4, 5]) {
      expect([9, 10]).toContain(count(undefined, id));
      expect([2, 3]).toContain(count('orders', id));
      expect([7, 8]).toContain(count('__consumer_offsets', id));
    }
  });

  it('spreads preferred leaders onto new nodes by reordering replica lists, moving no data', () => {
    // 15 partitions on nodes 1-3, each led by its first replica; nodes 4 and 5 join.
    const partitions = Array.from({ length: 15 }, (_, p) => partition(p, [(p % 3) + 1, ((p + 1) % 3) + 1, ((p + 2) % 3) + 1], { leaderId: (p % 3) + 1 }));
    let input: BalancerInput = { ...base, diskToleranceBytes: 1e9, nodes: [1, 2, 3, 4, 5].map((id) => node(id)), partitions };
    const reasons = new Set<string>();
    for (let moves = planBalance(input).moves; moves.length > 0; moves = planBalance(input).moves) {
      for (const m of moves) reasons.add(m.reason);
      input = applyPlan(input, moves);
    }
    expect(reasons).toContain('leader');
    const preferred = (id: number) => input.partitions.filter((p) => p.replicas[0] === id).length;
    // 15 preferred leaderships over 5 nodes: 3 each.
    expect([1, 2, 3, 4, 5].map(preferred)).toEqual([3, 3, 3, 3, 3]);
  });

  it('leaves an order an operator pinned alone when it spreads preferred leaders, and evens out the rest around it', () => {
    // Node 1 is the first replica of all four; the operator chose that for partitions 0 and 1.
    const pinned = { orderPinned: true };
    const partitions = [partition(0, [1, 2, 3], pinned), partition(1, [1, 2, 3], pinned), partition(2, [1, 2, 3]), partition(3, [1, 2, 3])];
    const input: BalancerInput = { ...base, nodes: [1, 2, 3].map((id) => node(id)), partitions };
    const moves = planBalance(input).moves;
    expect(moves.map((m) => m.partition).sort()).toEqual([2, 3]);
    expect(moves.every((m) => m.reason === 'leader')).toBe(true);
    const after = applyPlan(input, moves);
    expect(after.partitions.map((p) => p.replicas[0])).toEqual([1, 1, 2, 3]);
    expect(planBalance(after).moves).toEqual([]);
  });

  it('evens out disk use once counts are even, by a move or a swap, and only past the tolerance', () => {
    const nodes = [node(1), node(2)];
    // Counts equal (2 each); node 1 holds 900 bytes, node 2 holds 200: swap the 600 for the 100.
    const partitions = [partition(0, [1], { sizeBytes: 600 }), partition(1, [1], { sizeBytes: 300 }), partition(2, [2], { sizeBytes: 100 }), partition(3, [2], { sizeBytes: 100 })];
    const input = { ...base, nodes, partitions };
    const plan = planBalance(input);
    // A swap: one partition each way, so counts stay even, and the gap of 700 shrinks.
    expect(plan.moves.map((m) => m.to)).toEqual([[2], [1]]);
    const after = applyPlan(input, plan.moves);
    const used = (id: number) => after.partitions.filter((p) => p.replicas.includes(id)).reduce((sum, p) => sum + p.sizeBytes, 0);
    expect(Math.abs(used(1) - used(2))).toBeLessThan(700);
    expect(planBalance(after).moves).toEqual([]);
    expect(planBalance({ ...input, diskToleranceBytes: 700 }).moves).toEqual([]);
  });
});
