import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compressFrameSync } from 'lz4-napi';
import { CorruptRecordError, UnsupportedCompressionError } from '../../src/errors/index.js';
import { compress, CompressionCodec, decompress } from '../../src/codec/compression.js';
import { crc32c } from '../../src/codec/crc32c.js';
import { kafkajsCrc32c } from './kafkajs.js';
import { ZSTD_CLI_EDDY_X100000, ZSTD_CLI_TAIL } from './zstd-fixtures.js';

const CODECS = [CompressionCodec.none, CompressionCodec.gzip, CompressionCodec.lz4, CompressionCodec.zstd] as const;

describe('compression', () => {
  it('has Kafka’s codec ids', () => {
    expect(CompressionCodec).toEqual({ none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 });
  });

  for (const codec of CODECS) {
    it(`round-trips arbitrary bytes (codec ${codec})`, () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 4096 }), (data) => {
          expect(Buffer.from(decompress(codec, compress(codec, data))).equals(Buffer.from(data))).toBe(true);
        }),
        { numRuns: 100 },
      );
    });
  }

  it('writes the formats Kafka expects: gzip member, LZ4 frame with independent blocks, zstd frame', () => {
    const data = Buffer.alloc(1000, 7);
    expect(compress(CompressionCodec.gzip, data).subarray(0, 2).toString('hex')).toBe('1f8b');
    const lz4 = compress(CompressionCodec.lz4, data);
    expect(lz4.readUInt32LE(0)).toBe(0x184d2204); // LZ4 frame magic
    expect(lz4[4]! & 0xc0).toBe(0x40); // FLG version 01
    expect(lz4[4]! & 0x20).toBe(0x20); // block independence: Kafka's KafkaLZ4BlockInputStream requires it
    expect(compress(CompressionCodec.zstd, data).readUInt32LE(0)).toBe(0xfd2fb528); // zstd frame magic
  });

  it('reads what other encoders write', () => {
    const data = Buffer.from('hello kafka '.repeat(50));
    expect(decompress(CompressionCodec.gzip, gzipSync(data)).equals(data)).toBe(true);
    expect(decompress(CompressionCodec.lz4, compressFrameSync(data)).equals(data)).toBe(true);
    // The reference zstd CLI's frames: no content size, a content checksum.
    expect(decompress(CompressionCodec.zstd, ZSTD_CLI_EDDY_X100000).equals(Buffer.from('eddy '.repeat(100_000)))).toBe(true);
  });

  it('refuses snappy and unknown codecs with UnsupportedCompressionError', () => {
    for (const codec of [2, 5, 6, 7]) {
      expect(() => compress(codec, Buffer.alloc(1))).toThrow(UnsupportedCompressionError);
      expect(() => decompress(codec, Buffer.alloc(1))).toThrow(UnsupportedCompressionError);
    }
  });

  it('turns garbage, truncation and bombs into CorruptRecordError', () => {
    const data = Buffer.from('x'.repeat(10_000));
    for (const codec of [CompressionCodec.gzip, CompressionCodec.lz4, CompressionCodec.zstd]) {
      const packed = compress(codec, data);
      expect(() => decompress(codec, Buffer.from('not compressed at all'))).toThrow(CorruptRecordError);
      // Cut into the compressed data.
      expect(() => decompress(codec, packed.subarray(0, packed.length >> 1))).toThrow(CorruptRecordError);
      expect(() => decompress(codec, packed, 1000)).toThrow(CorruptRecordError);
    }
  });

  it('refuses a zstd frame that declares an absurd size before allocating it', () => {
    // Frame header: magic, FHD 0xE0 (single segment, 8-byte content size), content size 2^40, then nothing.
    const frame = Buffer.concat([
      Buffer.from('28b52ffd', 'hex'),
      Buffer.from([0xe0]),
      Buffer.from('0000000000010000', 'hex'),
      Buffer.from('010000', 'hex'),
    ]);
    expect(() => decompress(CompressionCodec.zstd, frame)).toThrow(CorruptRecordError);
  });
});

describe('decompression limits', () => {
  it('bounds zstd frames that do not declare their size by their block headers and the limit', () => {
    const data = Buffer.from('eddy '.repeat(100_000));
    const undeclared = ZSTD_CLI_EDDY_X100000;
    expect(decompress(CompressionCodec.zstd, undeclared).equals(data)).toBe(true);
    expect(decompress(CompressionCodec.zstd, undeclared, data.length).equals(data)).toBe(true);
    expect(() => decompress(CompressionCodec.zstd, undeclared, 100_000)).toThrow(/100000-byte limit/);
    expect(() => decompress(CompressionCodec.zstd, undeclared, data.length - 1)).toThrow(CorruptRecordError);
    // A frame cut anywhere is refused, never returned as a silent prefix.
    for (const cut of [4, 7, 12, undeclared.length - 4, undeclared.length - 1]) {
      expect(() => decompress(CompressionCodec.zstd, undeclared.subarray(0, cut))).toThrow(CorruptRecordError);
    }
    const two = Buffer.concat([undeclared, ZSTD_CLI_TAIL]);
    expect(decompress(CompressionCodec.zstd, two).toString('latin1').endsWith('eddy tail')).toBe(true);
    expect(() => decompress(CompressionCodec.zstd, Buffer.concat([two, Buffer.from('junk')]))).toThrow(CorruptRecordError);
  });

  it('skips zstd skippable frames and reads the frame after them', () => {
    const skippable = Buffer.concat([Buffer.from('502a4d18', 'hex'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc')]);
    expect(decompress(CompressionCodec.zstd, Buffer.concat([skippable, ZSTD_CLI_TAIL])).toString()).toBe('tail');
    // A skippable frame that claims more bytes than there are is truncation.
    expect(() => decompress(CompressionCodec.zstd, Buffer.concat([Buffer.from('502a4d18ffffff00', 'hex'), ZSTD_CLI_TAIL]))).toThrow(
      CorruptRecordError,
    );
  });

  it('refuses a zstd bomb of RLE blocks from its headers, before decompressing', () => {
    // A frame with no declared size whose blocks are RLE blocks of 128 KiB: 4 bytes each on the wire.
    const rle = Buffer.alloc(4);
    rle.writeUIntLE(((128 << 10) << 3) | (1 << 1), 0, 3);
    rle[3] = 0x61;
    const last = Buffer.from(rle);
    last[0] = last[0]! | 1;
    const header = Buffer.from('28b52ffd0070', 'hex'); // no content size, no checksum, a 16 MiB window
    const bomb = Buffer.concat([header, ...Array.from({ length: 63 }, () => rle), last]);
    expect(bomb.length).toBeLessThan(300);
    expect(decompress(CompressionCodec.zstd, bomb).equals(Buffer.alloc(8 << 20, 0x61))).toBe(true);
    expect(() => decompress(CompressionCodec.zstd, bomb, 1 << 20)).toThrow(CorruptRecordError);
  });

  it('refuses an lz4 frame whose blocks could expand past the limit, before decompressing', () => {
    // One 64 KiB block of zeros, compressed, repeated 64 times: a 4 MiB bomb from a few KiB.
    const one = compressFrameSync(Buffer.alloc(64 << 10));
    const header = one.subarray(0, 7);
    const blockLen = one.readUInt32LE(7) & 0x7fffffff;
    const block = one.subarray(7, 7 + 4 + blockLen);
    const bomb = Buffer.concat([header, ...Array.from({ length: 64 }, () => block), Buffer.alloc(4)]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect(decompress(CompressionCodec.lz4, bomb).length).toBe(64 * (64 << 10));
    expect(() => decompress(CompressionCodec.lz4, bomb, 1 << 20)).toThrow(CorruptRecordError);
  });

  it('accepts exactly one whole lz4 frame: not a skippable frame first, not a second frame or trailing bytes', () => {
    // The decoder reads the first frame only and ignores the rest, so the rest would pass unbounded and unseen.
    const data = Buffer.from('lz4 '.repeat(1000));
    const frame = compressFrameSync(data);
    expect(decompress(CompressionCodec.lz4, frame).equals(data)).toBe(true);
    const skippable = Buffer.concat([Buffer.from('502a4d18', 'hex'), Buffer.from([4, 0, 0, 0]), Buffer.from('abcd')]);
    expect(() => decompress(CompressionCodec.lz4, Buffer.concat([skippable, frame]))).toThrow(/skippable/);
    expect(() => decompress(CompressionCodec.lz4, Buffer.concat([frame, frame]))).toThrow(/after its frame/);
    expect(() => decompress(CompressionCodec.lz4, Buffer.concat([frame, Buffer.from('junk')]))).toThrow(/after its frame/);
    expect(() => decompress(CompressionCodec.lz4, frame.subarray(0, frame.length - 4))).toThrow(/truncated/);
  });
});

describe('crc32c', () => {
  it('matches the standard check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('agrees with kafkajs’s table implementation', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), (data) => {
        expect(crc32c(data)).toBe(kafkajsCrc32c(Buffer.from(data)));
      }),
    );
  });

  it('continues a running checksum', () => {
    const a = Buffer.from('hello ');
    const b = Buffer.from('world');
    expect(crc32c(b, crc32c(a))).toBe(crc32c(Buffer.concat([a, b])));
  });
});
