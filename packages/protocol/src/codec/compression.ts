// Record-batch compression codecs, with Kafka's ids (attributes bits 0–2).
// Formats match what Kafka and kafkajs put on the wire for magic 2:
//   gzip  — a gzip member (RFC 1952), via node:zlib;
//   lz4   — the standard LZ4 *frame* format (independent blocks, no content
//           checksum), which Kafka's KafkaLZ4BlockOutputStream writes since magic 1;
//   zstd  — a zstd frame (level 3, zstd's and Kafka's default).
// Snappy (id 2) uses xerial's framing and has no maintained native binding
// here: it is recognised and refused with UnsupportedCompressionError.
//
// Decompression is where hostile input can ask for absurd memory, so every
// codec is bounded by `maxDecompressedBytes`.
import { gunzipSync, gzipSync } from 'node:zlib';
import zstd from '@foxglove/wasm-zstd';
import { compressFrameSync, decompressFrameSync } from 'lz4-napi';
import { CorruptRecordError, UnsupportedCompressionError } from '../errors/index.js';
import { checkLz4Bound, zstdDecompressedBound } from './decompression-bounds.js';

// zstd is libzstd compiled to WebAssembly: it installs from the package
// registry alone, with no compiler and no binary download (a native binding
// would need one or the other). Its module compiles once, at import.
await zstd.isLoaded;

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

const ZSTD_LEVEL = 3;

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
      return zstd.compress(input, ZSTD_LEVEL);
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

// The decoder writes into a buffer of the size it is given and fails rather
// than overrun it. The frames' headers bound the output before anything is
// allocated; the limit bounds it again where blocks merely allow more.
function zstdDecompressBounded(input: Buffer, limit: number): Buffer {
  const bound = zstdDecompressedBound(input, limit);
  const capacity = Math.min(bound, limit);
  try {
    return zstd.decompress(input, capacity);
  } catch (err) {
    if (bound > limit) {
      throw new CorruptRecordError(`zstd data does not decompress within the ${limit}-byte limit (its blocks allow ${bound} bytes)`, { cause: err });
    }
    throw err;
  }
}
