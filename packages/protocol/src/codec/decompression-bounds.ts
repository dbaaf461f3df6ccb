// How large a compressed lz4 or zstd payload can become, read from its frame
// and block headers alone, before anything is decompressed. Hostile input can
// ask a decoder for absurd memory; these walks let the caller refuse it, or
// give the decoder an output buffer it cannot overrun. Pure: no I/O, no codec.
import { CorruptRecordError } from '../errors/index.js';

// LZ4 frames do not have to declare their size, but every block says how many
// bytes it holds, is either stored raw (high bit) or LZ4-compressed (at most
// ~255:1), and never expands past the frame's block maximum (64 KiB–4 MiB).
// The walk must account for every byte: the decoder reads only the first
// frame and ignores what follows it (a second frame, trailing bytes), so a
// payload that is not exactly one whole frame is refused here.
const LZ4_MAGIC = 0x184d2204;
const LZ4_BLOCK_MAX: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };
const LZ4_MAX_RATIO = 256;

/**
 * Throws CorruptRecordError unless the payload is exactly one whole lz4 frame
 * whose blocks allow at most `limit` decompressed bytes.
 */
export function checkLz4Bound(input: Buffer, limit: number): void {
  const need = (pos: number, n: number, what: string) => {
    if (pos + n > input.length) throw new CorruptRecordError(`lz4 data is truncated: ${what} runs past the end of the data`);
  };
  need(0, 7, 'the frame header');
  if (input.readUInt32LE(0) !== LZ4_MAGIC) {
    throw new CorruptRecordError('lz4 data does not start with an lz4 frame (skippable and legacy frames are not accepted)');
  }
  const flg = input[4]!;
  if (flg >> 6 !== 1) throw new CorruptRecordError(`lz4 frame version ${flg >> 6} is not 1`);
  const blockMax = LZ4_BLOCK_MAX[(input[5]! >> 4) & 0x07];
  if (blockMax === undefined) throw new CorruptRecordError(`lz4 frame has an invalid block maximum size (${(input[5]! >> 4) & 0x07})`);
  let pos = 6 + ((flg & 0x08) !== 0 ? 8 : 0) + ((flg & 0x01) !== 0 ? 4 : 0) + 1;
  const blockChecksum = (flg & 0x10) !== 0 ? 4 : 0;
  let bound = 0;
  for (;;) {
    need(pos, 4, 'a block header');
    const word = input.readUInt32LE(pos);
    pos += 4;
    if (word === 0) break; // end mark
    const size = word & 0x7fffffff;
    if (size > blockMax) throw new CorruptRecordError(`lz4 block of ${size} bytes is over the frame's ${blockMax}-byte block maximum`);
    bound += (word & 0x80000000) !== 0 ? size : Math.min(blockMax, size * LZ4_MAX_RATIO);
    if (bound > limit) {
      throw new CorruptRecordError(`lz4 frame may decompress past the ${limit}-byte limit (its blocks allow ${bound} bytes)`);
    }
    need(pos, size + blockChecksum, 'a block');
    pos += size + blockChecksum;
  }
  pos += (flg & 0x04) !== 0 ? 4 : 0; // content checksum
  if (pos > input.length) throw new CorruptRecordError('lz4 data is truncated: the content checksum runs past the end of the data');
  if (pos < input.length) {
    throw new CorruptRecordError(`lz4 data has ${input.length - pos} bytes after its frame; a batch holds exactly one lz4 frame`);
  }
}

// zstd (RFC 8878): a payload is one or more frames. A frame header may declare
// the content size; either way every block header gives its type and size: a
// raw block holds its bytes, an RLE block repeats one byte Block_Size times,
// and a compressed block regenerates at most Block_Maximum_Size
// (min(Window_Size, 128 KiB)). Skippable frames produce nothing.
const ZSTD_MAGIC = 0xfd2fb528;
const ZSTD_SKIPPABLE_MASK = 0xfffffff0;
const ZSTD_SKIPPABLE_MAGIC = 0x184d2a50;
const ZSTD_BLOCK_SIZE_MAX = 128 << 10;
const FCS_BYTES = [0, 2, 4, 8] as const;
const DICT_ID_BYTES = [0, 1, 2, 4] as const;

/**
 * The most bytes the zstd payload can decompress to: the frames' declared
 * content sizes where they declare one, else what their block headers allow.
 * Throws CorruptRecordError for a payload that is not whole zstd frames
 * (truncated, reserved bits or block types, trailing garbage) and for a
 * declared size over `limit` — so nothing absurd is ever allocated.
 */
export function zstdDecompressedBound(input: Buffer, limit: number): number {
  let pos = 0;
  let bound = 0;
  const need = (n: number, what: string) => {
    if (pos + n > input.length) throw new CorruptRecordError(`zstd data is truncated: ${what} runs past the end of the data`);
  };
  while (pos < input.length) {
    need(4, 'a frame magic number');
    const magic = input.readUInt32LE(pos);
    if ((magic & ZSTD_SKIPPABLE_MASK) >>> 0 === ZSTD_SKIPPABLE_MAGIC) {
      need(8, 'a skippable frame header');
      const size = input.readUInt32LE(pos + 4);
      pos += 8;
      need(size, 'a skippable frame');
      pos += size;
      continue;
    }
    if (magic !== ZSTD_MAGIC) throw new CorruptRecordError(`zstd data has no frame magic number at byte ${pos}`);
    need(5, 'a frame header');
    const fhd = input[pos + 4]!;
    pos += 5;
    if ((fhd & 0x08) !== 0) throw new CorruptRecordError('zstd frame header sets its reserved bit');
    const singleSegment = (fhd & 0x20) !== 0;
    const fcsFlag = fhd >> 6;
    let windowSize = 0;
    if (!singleSegment) {
      need(1, 'a window descriptor');
      const wd = input[pos++]!;
      const windowBase = 2 ** (10 + (wd >> 3));
      windowSize = windowBase + (windowBase / 8) * (wd & 0x07);
    }
    pos += DICT_ID_BYTES[fhd & 0x03]!;
    const fcsBytes = fcsFlag === 0 && singleSegment ? 1 : FCS_BYTES[fcsFlag]!;
    need(fcsBytes, 'a frame content size');
    let declared: number | undefined;
    if (fcsBytes === 1) declared = input[pos]!;
    else if (fcsBytes === 2) declared = input.readUInt16LE(pos) + 256;
    else if (fcsBytes === 4) declared = input.readUInt32LE(pos);
    else if (fcsBytes === 8) declared = Number(input.readBigUInt64LE(pos));
    pos += fcsBytes;
    if (declared !== undefined && bound + declared > limit) {
      throw new CorruptRecordError(`zstd frame declares ${bound + declared} decompressed bytes, over the ${limit}-byte limit`);
    }
    if (singleSegment) windowSize = declared!;
    const blockMax = Math.min(windowSize, ZSTD_BLOCK_SIZE_MAX);
    let blocks = 0;
    for (let last = false; !last; ) {
      need(3, 'a block header');
      const header = input.readUIntLE(pos, 3);
      pos += 3;
      last = (header & 1) !== 0;
      const type = (header >> 1) & 0x03;
      const size = header >>> 3;
      if (type === 3) throw new CorruptRecordError('zstd block has the reserved block type');
      if (type === 1) {
        need(1, 'an RLE block');
        pos += 1;
        blocks += size;
      } else {
        if (size > ZSTD_BLOCK_SIZE_MAX) throw new CorruptRecordError(`zstd block of ${size} bytes is over the 128 KiB block maximum`);
        need(size, 'a block');
        pos += size;
        blocks += type === 0 ? size : blockMax;
      }
    }
    if ((fhd & 0x04) !== 0) {
      need(4, 'a content checksum');
      pos += 4;
    }
    bound += declared ?? blocks;
  }
  return bound;
}
