import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RecordKind,
  decodeGroupValue,
  decodeKey,
  decodeMemberValue,
  decodeOffsetValue,
  encodeGroupValue,
  encodeKey,
  encodeMemberValue,
  encodeOffsetValue,
  type OffsetsKey,
} from '../../src/group/offsets-codec.js';

const keyArb: fc.Arbitrary<OffsetsKey> = fc.oneof(
  fc.record({ kind: fc.constant(RecordKind.offset), groupId: fc.string(), topic: fc.string(), partition: fc.integer({ min: 0, max: 2 ** 31 - 1 }) }),
  fc.record({ kind: fc.constant(RecordKind.group), groupId: fc.string() }),
  fc.record({ kind: fc.constant(RecordKind.member), groupId: fc.string(), memberId: fc.string() }),
);

describe('__consumer_offsets codec', () => {
  it('keys round-trip, and different keys encode differently (compaction keeps one per key)', () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        expect(decodeKey(encodeKey(a))).toEqual(a);
        expect(encodeKey(a).equals(encodeKey(b))).toBe(JSON.stringify(a) === JSON.stringify(b));
      }),
    );
  });

  it('values round-trip', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 62n }), fc.string(), fc.integer({ min: 0, max: 2 ** 47 }), (offset, metadata, commitTimestamp) => {
        expect(decodeOffsetValue(encodeOffsetValue({ offset, metadata, commitTimestamp }))).toEqual({ offset, metadata, commitTimestamp });
      }),
    );
    expect(decodeGroupValue(encodeGroupValue({ groupEpoch: 7 }))).toEqual({ groupEpoch: 7 });
    const m = { clientId: 'c', subscribedTopics: ['a', 'b'], sessionTimeoutMs: 10_000, target: [['a', 0], ['b', 3]] as [string, number][] };
    expect(decodeMemberValue(encodeMemberValue(m))).toEqual(m);
  });

  it('keeps its byte layout (records written by older nodes stay readable)', () => {
    expect(encodeKey({ kind: RecordKind.offset, groupId: 'g', topic: 't', partition: 2 }).toString('hex')).toBe('0000' + '000167' + '000174' + '00000002');
    expect(encodeKey({ kind: RecordKind.group, groupId: 'g' }).toString('hex')).toBe('0001000167');
    expect(encodeOffsetValue({ offset: 5n, metadata: '', commitTimestamp: 1 }).toString('hex')).toBe('00' + '0000000000000005' + '0000000000000001' + '0000');
  });

  it('rejects garbage with an error, never a crash of another kind', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          decodeKey(bytes);
        } catch (err) {
          expect(err).toBeInstanceOf(Error);
        }
      }),
    );
  });
  it('refuses values the coordinator never writes, so a damaged record is skipped rather than replayed', () => {
    const json = (v: unknown) => Buffer.concat([Buffer.from([0]), Buffer.from(JSON.stringify(v))]);
    expect(() => decodeOffsetValue(encodeOffsetValue({ offset: -1n, metadata: '', commitTimestamp: 0 }))).toThrow(/negative/);
    for (const groupEpoch of [-1, 1.5, 2 ** 31 - 1, 2 ** 53, 1e300]) expect(() => decodeGroupValue(json({ groupEpoch }))).toThrow(/bad group value/);
    expect(decodeGroupValue(json({ groupEpoch: 2 ** 31 - 2 }))).toEqual({ groupEpoch: 2 ** 31 - 2 });
    const member = { clientId: 'c', subscribedTopics: ['a'], sessionTimeoutMs: 10_000, target: [['a', 0]] };
    for (const bad of [{ sessionTimeoutMs: 0 }, { sessionTimeoutMs: -5 }, { sessionTimeoutMs: 1.5 }, { sessionTimeoutMs: 1e300 }, { target: [['a', -1]] }]) {
      expect(() => decodeMemberValue(json({ ...member, ...bad }))).toThrow(/bad member value/);
    }
    for (const garbage of [json(null), json(7), json('x'), Buffer.from([0]), Buffer.alloc(0), Buffer.from([1, 0x7b, 0x7d])]) {
      expect(() => decodeGroupValue(garbage)).toThrow(Error);
      expect(() => decodeMemberValue(garbage)).toThrow(Error);
    }
  });
});
