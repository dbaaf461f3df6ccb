// Placement properties (fast-check): for random node and rack sets and random
// sequences of topics, replicas are on distinct nodes, spread over racks when
// racks >= RF, per-node replica counts stay within one, preferred leaders are
// balanced, and the same inputs give the same placement.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fnv1a, placeReplicas, tieBreakOrder, type NodeLoad, type PlacementNode } from '../src/placement/replica-placement.js';

interface Cluster {
  nodes: PlacementNode[];
}

/** Node ids distinct (not contiguous), racks from a small alphabet; `balancedRacks` gives every rack the same node count. */
function clusterArb(options: { balancedRacks?: boolean } = {}): fc.Arbitrary<Cluster> {
  if (options.balancedRacks) {
    return fc
      .record({ racks: fc.integer({ min: 1, max: 5 }), perRack: fc.integer({ min: 1, max: 4 }), ids: fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 20, maxLength: 20 }) })
      .map(({ racks, perRack, ids }) => ({
        nodes: Array.from({ length: racks * perRack }, (_, i) => ({ id: ids[i]!, rack: `rack-${i % racks}` })),
      }));
  }
  return fc
    .uniqueArray(fc.record({ id: fc.integer({ min: 0, max: 1000 }), rack: fc.constantFrom('', 'a', 'b', 'c', 'd') }), { minLength: 1, maxLength: 12, selector: (n) => n.id })
    .map((nodes) => ({ nodes }));
}

const topicsArb = (maxRf: number) =>
  fc.array(
    fc.record({
      name: fc.string({ minLength: 1, maxLength: 12 }),
      partitions: fc.integer({ min: 1, max: 12 }),
      rf: fc.integer({ min: 1, max: Math.max(1, maxRf) }),
    }),
    { minLength: 1, maxLength: 25 },
  );

/** Places topics one after another, counting what earlier ones placed (as the controller does). */
function placeAll(nodes: PlacementNode[], topics: { name: string; partitions: number; rf: number }[]) {
  const load = new Map<number, NodeLoad>();
  const placed: { rf: number; replicas: number[][] }[] = [];
  for (const t of topics) {
    const rf = Math.min(t.rf, nodes.length);
    const replicas = placeReplicas({ nodes, load, replicationFactor: rf, count: t.partitions, seed: t.name });
    for (const list of replicas) {
      list.forEach((id, i) => {
        const l = load.get(id) ?? { replicas: 0, leaders: 0 };
        l.replicas++;
        if (i === 0) l.leaders++;
        load.set(id, l);
      });
    }
    placed.push({ rf, replicas });
  }
  const counts = nodes.map((n) => load.get(n.id) ?? { replicas: 0, leaders: 0 });
  return { placed, counts };
}

const spread = (xs: number[]) => Math.max(...xs) - Math.min(...xs);

describe('replica placement', () => {
  it('puts a partition\'s replicas on distinct existing nodes, RF of them', () => {
    fc.assert(
      fc.property(clusterArb(), topicsArb(12), ({ nodes }, topics) => {
        const ids = new Set(nodes.map((n) => n.id));
        for (const { rf, replicas } of placeAll(nodes, topics).placed) {
          for (const list of replicas) {
            expect(list).toHaveLength(rf);
            expect(new Set(list).size).toBe(rf);
            for (const id of list) expect(ids.has(id)).toBe(true);
          }
        }
      }),
    );
  });

  it('spreads a partition over distinct racks when there are at least RF racks', () => {
    fc.assert(
      fc.property(clusterArb(), topicsArb(5), ({ nodes }, topics) => {
        const rackOf = new Map(nodes.map((n) => [n.id, n.rack]));
        const racks = new Set(nodes.map((n) => n.rack)).size;
        for (const { rf, replicas } of placeAll(nodes, topics).placed) {
          if (racks < rf) continue;
          for (const list of replicas) expect(new Set(list.map((id) => rackOf.get(id))).size).toBe(rf);
        }
      }),
    );
  });

  it('keeps per-node replica counts within one after many topics (no racks, or equal-sized racks and RF <= racks)', () => {
    fc.assert(
      fc.property(clusterArb({ balancedRacks: true }), topicsArb(5), ({ nodes }, topics) => {
        // Every topic rack-aware (RF <= racks): rack totals and nodes within a rack both stay balanced.
        const racks = new Set(nodes.map((n) => n.rack)).size;
        const rackAware = topics.map((t) => ({ ...t, rf: Math.min(t.rf, racks) }));
        expect(spread(placeAll(nodes, rackAware).counts.map((c) => c.replicas))).toBeLessThanOrEqual(1);
      }),
    );
    fc.assert(
      fc.property(clusterArb(), topicsArb(12), ({ nodes }, topics) => {
        // Without racks (one rack) every node is eligible for every replica.
        const flat = nodes.map((n) => ({ id: n.id, rack: '' }));
        expect(spread(placeAll(flat, topics).counts.map((c) => c.replicas))).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('balances preferred leaders: no node leads more than two above its even share, over any topic sequence', () => {
    fc.assert(
      fc.property(clusterArb({ balancedRacks: true }), topicsArb(5), ({ nodes }, topics) => {
        const leaders = placeAll(nodes, topics).counts.map((c) => c.leaders);
        const total = leaders.reduce((a, b) => a + b, 0);
        // Replica balance comes first (it is what fills disks); leadership
        // is balanced among the nodes that balance allows, and only moved
        // inside each new topic's partitions (an RF 1 partition cannot move
        // it). So over a sequence of topics a node may lead two above its
        // even share: fast-check found 15 nodes in 5 racks leading 2..6 of 57
        // after 12 topics; "+1" does not hold, "+2" held over 50,000 runs.
        expect(Math.max(...leaders)).toBeLessThanOrEqual(Math.ceil(total / nodes.length) + 2);
      }),
    );
  });

  it('gives every node the same number of preferred leaderships in a topic whose partitions are a multiple of the nodes', () => {
    fc.assert(
      fc.property(clusterArb({ balancedRacks: true }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.string(), ({ nodes }, k, rf0, name) => {
        const rf = Math.min(rf0, new Set(nodes.map((n) => n.rack)).size);
        const { counts } = placeAll(nodes, [{ name, partitions: k * nodes.length, rf }]);
        for (const c of counts) {
          expect(c.leaders).toBe(k);
          expect(c.replicas).toBe(k * rf);
        }
      }),
    );
  });

  it('is deterministic for the same inputs and independent of node order', () => {
    fc.assert(
      fc.property(clusterArb(), topicsArb(4), ({ nodes }, topics) => {
        const a = placeAll(nodes, topics).placed;
        const b = placeAll([...nodes].reverse(), topics).placed;
        expect(b).toEqual(a);
      }),
    );
  });

  it('counts existing load: a new node gets the next replicas', () => {
    const nodes = [1, 2, 3, 4].map((id) => ({ id, rack: '' }));
    const load = new Map<number, NodeLoad>([
      [1, { replicas: 10, leaders: 4 }],
      [2, { replicas: 10, leaders: 3 }],
      [3, { replicas: 10, leaders: 3 }],
    ]);
    const placed = placeReplicas({ nodes, load, replicationFactor: 1, count: 3, seed: 't' });
    expect(placed).toEqual([[4], [4], [4]]);
  });

  it('refuses a replication factor above the node count', () => {
    expect(() => placeReplicas({ nodes: [{ id: 1, rack: '' }], load: new Map(), replicationFactor: 2, count: 1, seed: 'x' })).toThrow(RangeError);
  });

  it('tie-break order alternates racks and rotates by the seed', () => {
    const nodes = [
      { id: 1, rack: 'a' },
      { id: 2, rack: 'a' },
      { id: 3, rack: 'b' },
      { id: 4, rack: 'b' },
    ];
    const order = tieBreakOrder(nodes, 'seed').map((n) => n.id);
    const base = [1, 3, 2, 4];
    const start = fnv1a('seed') % 4;
    expect(order).toEqual([...base.slice(start), ...base.slice(0, start)]);
  });
});

describe('replica placement, mixed rack-aware and rack-unaware topics', () => {
  it('stays within two replicas per node when some topics have more replicas than racks', () => {
    fc.assert(
      fc.property(clusterArb({ balancedRacks: true }), topicsArb(8), ({ nodes }, topics) => {
        expect(spread(placeAll(nodes, topics).counts.map((c) => c.replicas))).toBeLessThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });
});
