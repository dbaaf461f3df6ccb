import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSerde, jsonSerde, stringSerde } from '../../src/index.js';
import { toBytes } from '../../src/internal.js';

describe('serde', () => {
  it('strings round-trip as UTF-8', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (s) => {
      expect(stringSerde.deserialize(stringSerde.serialize(s))).toBe(s);
    }));
    expect([...stringSerde.serialize('é')]).toEqual([0xc3, 0xa9]);
  });

  it('rejects invalid UTF-8 rather than inventing characters', () => {
    expect(() => stringSerde.deserialize(Uint8Array.of(0xff, 0xfe))).toThrow();
  });

  it('JSON round-trips the temperature reading', () => {
    const serde = jsonSerde<{ sensorId: string; temperature: number; unit: string; recordedAt: string }>();
    const reading = { sensorId: 'sensor-123', temperature: 32, unit: 'C', recordedAt: '2026-11-24T03:00:00.000Z' };
    const bytes = serde.serialize(reading);
    expect(Buffer.from(bytes).toString()).toBe('{"sensorId":"sensor-123","temperature":32,"unit":"C","recordedAt":"2026-11-24T03:00:00.000Z"}');
    expect(serde.deserialize(bytes)).toEqual(reading);
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      expect(serde.deserialize(serde.serialize(v as never))).toEqual(JSON.parse(JSON.stringify(v)));
    }));
  });

  it('JSON refuses undefined', () => {
    expect(() => jsonSerde().serialize(undefined)).toThrow(TypeError);
  });

  it('bytes pass through unchanged', () => {
    const b = Uint8Array.of(1, 2, 3);
    expect(bytesSerde.serialize(b)).toBe(b);
    expect(bytesSerde.deserialize(b)).toBe(b);
  });

  it('toBytes: strings are UTF-8, null/undefined are null', () => {
    expect(toBytes(null)).toBeNull();
    expect(toBytes(undefined)).toBeNull();
    expect([...toBytes('ab')!]).toEqual([97, 98]);
  });
});
