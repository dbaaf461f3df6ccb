import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assign, type AssignorMember } from '../../src/group/assignor.js';
import { tpKey, type TpKey } from '../../src/group/topic-partition-key.js';

const topicsArb = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 12 }), { minKeys: 1 });

function allPartitions(counts: Record<string, number>, topics: Iterable<string>): Set<TpKey> {
  const out = new Set<TpKey>();
  for (const t of topics) for (let p = 0; p < (counts[t] ?? 0); p++) out.add(tpKey(t, p));
  return out;
}

function checkExactlyOnce(result: Map<string, Set<TpKey>>, members: readonly AssignorMember[], counts: Record<string, number>): void {
  const seen = new Map<TpKey, string>();
  for (const [id, set] of result) {
    const m = members.find((x) => x.memberId === id) as AssignorMember;
    for (const k of set) {
      expect(seen.has(k), `${k} assigned twice`).toBe(false);
      seen.set(k, id);
      expect(m.subscribedTopics).toContain(k.split('\u0000')[0]);
    }
  }
  const expected = allPartitions(counts, members.flatMap((m) => m.subscribedTopics));
  expect(new Set(seen.keys())).toEqual(expected);
}

describe('assign', () => {
  it('equal subscriptions: every partition exactly once, balanced within one, deterministic whatever the member order', () => {
    fc.assert(
      fc.property(topicsArb, fc.uniqueArray(fc.string({ minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 7 }), fc.integer(), (counts, ids, seed) => {
        const topics = Object.keys(counts);
        const members: AssignorMember[] = ids.map((memberId) => ({ memberId, subscribedTopics: topics, previous: new Set() }));
        const result = assign(members, (t) => counts[t]);
        checkExactlyOnce(result, members, counts);
        const sizes = [...result.values()].map((s) => s.size);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        const shuffled = [...members].sort(() => (seed & 1 ? 1 : -1));
        expect(assign(shuffled.reverse(), (t) => counts[t])).toEqual(result);
      }),
    );
  });

  it('sticky and balanced with any previous target, equal subscriptions', () => {
    fc.assert(
      fc.property(topicsArb, fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 }), (counts, n, extra) => {
        const topics = Object.keys(counts);
        const ids = Array.from({ length: n }, (_, i) => `m${i}`);
        const first = assign(ids.map((memberId) => ({ memberId, subscribedTopics: topics, previous: new Set() })), (t) => counts[t]);
        // Members join: the earlier ones keep what they had, up to the new fair share.
        const more = [...ids, ...Array.from({ length: extra }, (_, i) => `n${i}`)];
        const members = more.map((memberId) => ({ memberId, subscribedTopics: topics, previous: first.get(memberId) ?? new Set<TpKey>() }));
        const second = assign(members, (t) => counts[t]);
        checkExactlyOnce(second, members, counts);
        const sizes = [...second.values()].map((s) => s.size);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        const total = allPartitions(counts, topics).size;
        const floor = Math.floor(total / more.length);
        for (const id of ids) {
          const kept = [...(first.get(id) ?? [])].filter((k) => second.get(id)?.has(k)).length;
          expect(kept).toBeGreaterThanOrEqual(Math.min(floor, first.get(id)?.size ?? 0));
        }
        // Nothing changes: nothing moves.
        const again = assign(more.map((memberId) => ({ memberId, subscribedTopics: topics, previous: second.get(memberId) as Set<TpKey> })), (t) => counts[t]);
        expect(again).toEqual(second);
      }),
    );
  });

  it('different subscriptions: every subscribed partition exactly once, to a subscriber', () => {
    fc.assert(
      fc.property(topicsArb, fc.array(fc.subarray(['a', 'b', 'c', 'd', 'gone']), { minLength: 1, maxLength: 6 }), (counts, subs) => {
        const members: AssignorMember[] = subs.map((subscribedTopics, i) => ({ memberId: `m${i}`, subscribedTopics, previous: new Set() }));
        checkExactlyOnce(assign(members, (t) => counts[t]), members, counts);
      }),
    );
  });

  it('six partitions, two then three members: the newcomer takes one from each, the others keep two', () => {
    const counts = (): number => 6;
    const two = assign(
      ['a', 'b'].map((memberId) => ({ memberId, subscribedTopics: ['t'], previous: new Set<TpKey>() })),
      counts,
    );
    expect(two.get('a')?.size).toBe(3);
    expect(two.get('b')?.size).toBe(3);
    const three = assign(
      ['a', 'b', 'c'].map((memberId) => ({ memberId, subscribedTopics: ['t'], previous: two.get(memberId) ?? new Set<TpKey>() })),
      counts,
    );
    for (const id of ['a', 'b']) {
      expect(three.get(id)?.size).toBe(2);
      for (const k of three.get(id) ?? []) expect(two.get(id)?.has(k)).toBe(true);
    }
    expect(three.get('c')?.size).toBe(2);
  });
});
