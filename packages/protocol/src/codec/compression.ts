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
        out = decompressFrameSync(input);
        break;
      default:
        checkZstdDeclaredSize(input, maxDecompressedBytes);
        out = zstdDecompress(input);
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

// zstd-napi allocates the size a frame header declares before decompressing;
// refuse a hostile declaration before it becomes an allocation.
function checkZstdDeclaredSize(input: Buffer, limit: number): void {
  let total = 0;
  let frame: Buffer = input;
  while (frame.length > 0) {
    const size = zstdBinding.getFrameContentSize(frame);
    if (size === null) return; // unknown size: zstd-napi streams, bounded by the real output
    total += size;
    if (total > limit) {
      throw new CorruptRecordError(`zstd frame declares ${total} decompressed bytes, over the ${limit}-byte limit`);
    }
    const compressedSize = zstdBinding.findFrameCompressedSize(frame);
    if (!(compressedSize > 0)) return;
    frame = frame.subarray(compressedSize);
  }
}
