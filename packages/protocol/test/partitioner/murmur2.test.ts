import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur2, partitionForKey, toPositive } from '../../src/partitioner/murmur2.js';
import { kafkajsMurmur2 } from '../codec/kafkajs.js';

describe('murmur2 (Kafka Utils.murmur2)', () => {
  it('matches the vectors in Kafka’s UtilsTest.testMurmur2', () => {
    // apache/kafka clients/src/test/java/org/apache/kafka/common/utils/UtilsTest.java, testMurmur2
    // (that test lists exactly these six cases).
    const cases: [Uint8Array, number][] = [
      [Buffer.from('21'), -973932308],
      [Buffer.from('foobar'), -790332482],
      [Buffer.from('a-little-bit-long-string'), -985981536],
      [Buffer.from('a-little-bit-longer-string'), -1486304829],
      [Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'), -58897971],
      [new Uint8Array([0x61, 0x62, 0x63]), 479470107], // new byte[] {'a', 'b', 'c'}
    ];
    for (const [key, want] of cases) expect(murmur2(key)).toBe(want);
  });

  it('matches the Java-validated vectors in librdkafka’s unittest_murmur2', () => {
    // confluentinc/librdkafka src/rdmurmur2.c, unittest_murmur2: expected values of the Java
    // client's Utils.murmur2 (as unsigned 32-bit patterns), including unaligned suffixes.
    const cases: [string, number][] = [
      ['kafka', 0xd067cf64],
      ['giberish123456789', 0x8f552b0c],
      ['1234', 0x9fc97b14],
      ['234', 0xe7c009ca],
      ['34', 0x873930da],
      ['4', 0x5a4b5ca1],
      ['PreAmbleWillBeRemoved,ThePrePartThatIs', 0x78424f1c],
      ['reAmbleWillBeRemoved,ThePrePartThatIs', 0x4a62b377],
      ['eAmbleWillBeRemoved,ThePrePartThatIs', 0xe0e4e09e],
      ['AmbleWillBeRemoved,ThePrePartThatIs', 0x62b8b43f],
      ['', 0x106e08d9],
    ];
    for (const [key, want] of cases) expect(murmur2(Buffer.from(key)) >>> 0, key).toBe(want);
  });

  it('matches a binary-key vector generated with the JVM Kafka client 1.0.0', () => {
    // burdiyan/kafkautil partitioner_test.go (commit eaf83ed), whose comment says:
    // "Test cases are generated offline using JVM Kafka client for version 1.0.0."
    expect(murmur2(new Uint8Array([12, 42, 56, 24, 109, 111]))).toBe(274204207);
  });

  it('agrees with kafkajs’s default partitioner murmur2 on arbitrary keys', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (key) => {
        expect(murmur2(key)).toBe(kafkajsMurmur2(Buffer.from(key)));
      }),
      { numRuns: 3000 },
    );
  });

  it('toPositive clears the sign bit like Kafka (not Math.abs)', () => {
    expect(toPositive(-973932308)).toBe(1173551340);
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(2147483647)).toBe(2147483647);
    expect(toPositive(0)).toBe(0);
  });

  it('partitionForKey = toPositive(murmur2(key)) % n and stays in range', () => {
    expect(partitionForKey(Buffer.from('21'), 12)).toBe(1173551340 % 12);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.integer({ min: 1, max: 10_000 }), (key, n) => {
        const p = partitionForKey(key, n);
        expect(p).toBe((kafkajsMurmur2(Buffer.from(key)) & 0x7fffffff) % n);
        expect(p >= 0 && p < n).toBe(true);
      }),
    );
    expect(() => partitionForKey(Buffer.from('x'), 0)).toThrow(RangeError);
  });
});
