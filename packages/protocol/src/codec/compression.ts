// Record-batch compression codecs, with Kafka's ids (attributes bits 0–2).
// Formats match what Kafka and kafkajs put on the wire for magic 2:
//   gzip  — a gzip member (RFC 1952), via node:zlib;
//   lz4   — the standard LZ4 *frame* format (independent blocks, no content
//           checksum), which Kafka's KafkaLZ4BlockOutputStream writes since magic 1;
//   zstd  — a zstd frame.
// Snappy (id 2) uses xerial's framing and has no maintained native binding
// here: it is recognised and refused with UnsupportedCompressionError.
//
// Decompression is where hostile input can ask for absurd memory, so every
// codec is bounded by `maxDecompressedBytes`.
import { gunzipSync, gzipSync } from 'node:zlib';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { compress as zstdCompress, decompress as zstdDecompress } from 'zstd-napi';
import zstdBinding from 'zstd-napi/binding.js';
import { CorruptRecordError, UnsupportedCompressionError } from '../errors/index.js';

export const CompressionCodec = {
  none: 0,
  gzip: 1,
  snappy: 2,
  lz4: 3,
  zstd: 4,
} as const;

export type CompressionCodec = (typeof CompressionCodec)[keyof typeof CompressionCodec];

/** Default cap on one batch's decompressed size (Kafka's batches are ~1 MiB compressed). */
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

const NAMES: Record<number, string> = { 0: 'none', 1: 'gzip', 2: 'snappy', 3: 'lz4', 4: 'zstd' };

export function compressionName(codec: number): string {
  return NAMES[codec] ?? `unknown(${codec})`;
}

/** Narrows an attributes value's low bits to a codec this build can handle, or throws. */
export function assertSupportedCodec(codec: number): asserts codec is CompressionCodec {
  if (codec === 0 || codec === 1 || codec === 3 || codec === 4) return;
  if (codec === 2) {
    throw new UnsupportedCompressionError('Snappy compression (codec 2) is not supported; use lz4, zstd or gzip');
  }
  throw new UnsupportedCompressionError(`Unknown compression codec ${codec}; supported: none, gzip, lz4, zstd`);
}

export function compress(codec: number, data: Uint8Array): Buffer {
  assertSupportedCodec(codec);
  const input = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  switch (codec) {
    case CompressionCodec.none:
      return input;
    case CompressionCodec.gzip:
      return gzipSync(input);
    case CompressionCodec.lz4:
      return compressFrameSync(input);
    case CompressionCodec.zstd:
      return zstdCompress(input);
    default:
      // Unreachable: assertSupportedCodec refused the rest.
      throw new UnsupportedCompressionError(`Unknown compression codec ${String(codec)}`);
  }
}

export function decompress(
  codec: number,
  data: Uint8Array,
  maxDecompressedBytes: number = DEFAULT_MAX_DECOMPRESSED_BYTES,
): Buffer {
  assertSupportedCodec(codec);
  const input = Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (codec === CompressionCodec.none) return input;
  let out: Buffer;
  try {
    switch (codec) {
      case CompressionCodec.gzip:
        out = gunzipSync(input, { maxOutputLength: maxDecompressedBytes });
        break;
      case CompressionCodec.lz4:
        checkLz4Bound(input, maxDecompressedBytes);
        out = decompressFrameSync(input);
        break;
      default:
        out = zstdDecompressBounded(input, maxDecompressedBytes);
        break;
    }
  } catch (err) {
    if (err instanceof CorruptRecordError) throw err;
    throw new CorruptRecordError(
      `Could not decompress ${compressionName(codec)} records: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  if (out.length > maxDecompressedBytes) {
    throw new CorruptRecordError(
      `Decompressed ${compressionName(codec)} records are ${out.length} bytes, over the ${maxDecompressedBytes}-byte limit`,
    );
  }
  return out;
}

// zstd-napi's one-shot decompress allocates whatever size a frame header
// declares, and without a declared size it grows its output without limit
// (and stops quietly at the end of a truncated frame). So: refuse hostile
// declarations before allocating, and stream undeclared frames ourselves
// under the limit, treating an unfinished frame as corruption.
let zstdDctx: InstanceType<typeof zstdBinding.DCtx> | undefined;
const ZSTD_CHUNK = zstdBinding.dStreamOutSize();

function zstdDecompressBounded(input: Buffer, limit: number): Buffer {
  let declared: number | null = 0;
  let frame: Buffer = input;
  while (frame.length > 0 && declared !== null) {
    const size = zstdBinding.getFrameContentSize(frame);
    if (size === null) {
      declared = null;
      break;
    }
    declared += size;
    if (declared > limit) {
      throw new CorruptRecordError(`zstd frame declares ${declared} decompressed bytes, over the ${limit}-byte limit`);
    }
    const frameSize = zstdBinding.findFrameCompressedSize(frame);
    // Never loop without progress, whatever the binding returns for odd input.
    if (!(frameSize > 0)) throw new CorruptRecordError('zstd frame has no measurable compressed size');
    frame = frame.subarray(frameSize);
  }
  if (declared !== null) return zstdDecompress(input);

  zstdDctx ??= new zstdBinding.DCtx();
  zstdDctx.reset(zstdBinding.ResetDirective.sessionOnly);
  const chunks: Buffer[] = [];
  let total = 0;
  let remaining: Buffer = input;
  let hint = 1;
  while (remaining.length > 0 || hint !== 0) {
    const room = limit - total + 1; // one byte over the limit proves it is exceeded
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(ZSTD_CHUNK, remaining.length), room));
    const [nextHint, produced, consumed] = zstdDctx.decompressStream(chunk, remaining);
    hint = nextHint;
    total += produced;
    if (total > limit) {
      throw new CorruptRecordError(`zstd data decompresses to more than the ${limit}-byte limit`);
    }
    if (produced === 0 && consumed === 0) {
      throw new CorruptRecordError('zstd data is truncated: the frame ends before its last block');
    }
    chunks.push(chunk.subarray(0, produced));
    remaining = remaining.subarray(consumed);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

// LZ4 frames do not have to declare their size, but every block says how many
// bytes it holds, is either stored raw (high bit) or LZ4-compressed (at most
// ~255:1), and never expands past the frame's block maximum (64 KiB–4 MiB).
// Walking the block headers bounds the output before anything is
// decompressed. Frames this walk cannot parse are left to the decoder, which
// rejects them.
const LZ4_MAGIC = 0x184d2204;
const LZ4_BLOCK_MAX: Record<number, number> = { 4: 64 << 10, 5: 256 << 10, 6: 1 << 20, 7: 4 << 20 };
const LZ4_MAX_RATIO = 256;

function checkLz4Bound(input: Buffer, limit: number): void {
  let pos = 0;
  let bound = 0;
  while (pos + 7 <= input.length && input.readUInt32LE(pos) === LZ4_MAGIC) {
    const flg = input[pos + 4]!;
    const blockMax = LZ4_BLOCK_MAX[(input[pos + 5]! >> 4) & 0x07];
    if (blockMax === undefined) return;
    pos += 6 + ((flg & 0x08) !== 0 ? 8 : 0) + ((flg & 0x01) !== 0 ? 4 : 0) + 1;
    const blockChecksum = (flg & 0x10) !== 0 ? 4 : 0;
    for (;;) {
      if (pos + 4 > input.length) return;
      const word = input.readUInt32LE(pos);
      pos += 4;
      if (word === 0) break; // end mark
      const size = word & 0x7fffffff;
      bound += (word & 0x80000000) !== 0 ? size : Math.min(blockMax, size * LZ4_MAX_RATIO);
      if (bound > limit) {
        throw new CorruptRecordError(`lz4 frame may decompress past the ${limit}-byte limit (its blocks allow ${bound} bytes)`);
      }
      pos += size + blockChecksum;
    }
    pos += (flg & 0x04) !== 0 ? 4 : 0; // content checksum
  }
}
