// RecordBatch v2 codec throughput: encode and decode of batches of 1,000
// records, 100-byte and 1 KiB values, per compression codec, against kafkajs's
// encoder/decoder on the same data in the same process. Also the server's hot
// path (readBatchHeader: sizes + CRC + header fields, no record decode).
//
//   pnpm bench codec [--seconds 3] [--warmup 1] [--codecs none,lz4,zstd,gzip] [--sizes 100,1024] [--no-kafkajs]
//
// Records: an 8-byte key, a value of the given size (seeded pseudo-random
// words, so compression sees text-like data), no headers, consecutive
// timestamps. MB/s counts encoded (possibly compressed) batch bytes.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { readBatchHeader } from '../src/codec/batch-header.js';
import { CompressionCodec, compressionName } from '../src/codec/compression.js';
import { decodeRecordBatch, encodeRecordBatch, type RecordInput } from '../src/codec/record-batch.js';
import { kafkajsDecode, kafkajsEncode, type PlainRecord } from '../test/codec/kafkajs.js';

const { values: opts } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    codecs: { type: 'string', default: 'none,lz4,zstd,gzip' },
    sizes: { type: 'string', default: '100,1024' },
    'batch-size': { type: 'string', default: '1000' },
    'no-kafkajs': { type: 'boolean', default: false },
  },
});
const SECONDS = Number(opts.seconds);
const WARMUP = Number(opts.warmup);
const BATCH = Number(opts['batch-size']);
const CODEC_IDS: Record<string, CompressionCodec> = {
  none: CompressionCodec.none,
  gzip: CompressionCodec.gzip,
  lz4: CompressionCodec.lz4,
  zstd: CompressionCodec.zstd,
};
const codecs = opts.codecs.split(',').map((c) => {
  const id = CODEC_IDS[c];
  if (id === undefined) throw new Error(`unknown codec ${c}`);
  return id;
});
const sizes = opts.sizes.split(',').map(Number);

// Seeded xorshift so every run measures the same bytes.
let seed = 0x2545f491;
function rand(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x100000000;
}
const WORDS = 'the quick brown fox jumps over lazy dog order user click view cart pay ship event id ts'.split(' ');
function textValue(size: number): Buffer {
  let s = '';
  while (s.length < size) s += `${WORDS[Math.floor(rand() * WORDS.length)]!}${Math.floor(rand() * 1000)} `;
  return Buffer.from(s.slice(0, size));
}

function makeRecords(valueSize: number): RecordInput[] {
  const t0 = 1_795_000_000_000;
  return Array.from({ length: BATCH }, (_, i) => ({
    key: Buffer.from(String(i).padStart(8, '0')),
    value: textValue(valueSize),
    timestamp: t0 + i,
  }));
}

interface Measurement {
  opsPerSec: number;
  bytesPerOp: number;
}

/** Runs `op` (one batch) repeatedly for warm-up, then for SECONDS; returns batches/s. */
function measureSync(op: () => number): Measurement {
  let sink = 0;
  const warmEnd = performance.now() + WARMUP * 1000;
  while (performance.now() < warmEnd) sink += op();
  let n = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 8; i++) sink += op();
    n += 8;
    now = performance.now();
  }
  if (sink === -1) console.log('unreachable');
  return { opsPerSec: (n * 1000) / (now - start), bytesPerOp: 0 };
}

async function measureAsync(op: () => Promise<number>): Promise<Measurement> {
  let sink = 0;
  const warmEnd = performance.now() + WARMUP * 1000;
  while (performance.now() < warmEnd) sink += await op();
  let n = 0;
  const start = performance.now();
  const end = start + SECONDS * 1000;
  let now = start;
  while (now < end) {
    sink += await op();
    n++;
    now = performance.now();
  }
  if (sink === -1) console.log('unreachable');
  return { opsPerSec: (n * 1000) / (now - start), bytesPerOp: 0 };
}

interface Row {
  valueBytes: number;
  codec: string;
  op: 'encode' | 'decode' | 'readBatchHeader';
  impl: 'eddy' | 'kafkajs';
  recordsPerSec: number;
  mbPerSec: number;
  batchBytes: number;
}

const rows: Row[] = [];
function add(valueBytes: number, codec: string, op: Row['op'], impl: Row['impl'], m: Measurement, batchBytes: number): void {
  rows.push({
    valueBytes,
    codec,
    op,
    impl,
    recordsPerSec: Math.round(m.opsPerSec * BATCH),
    mbPerSec: Math.round(((m.opsPerSec * batchBytes) / 1e6) * 10) / 10,
    batchBytes,
  });
}

for (const valueSize of sizes) {
  const records = makeRecords(valueSize);
  const plain: PlainRecord[] = records.map((r) => ({
    key: r.key as Buffer,
    value: r.value as Buffer,
    headers: [],
    timestamp: BigInt(r.timestamp),
  }));
  for (const codec of codecs) {
    const name = compressionName(codec);
    const batch = encodeRecordBatch({ records, compression: codec });
    const size = batch.length;
    process.stderr.write(`… ${valueSize} B ${name}\n`);

    add(valueSize, name, 'encode', 'eddy', measureSync(() => encodeRecordBatch({ records, compression: codec }).length), size);
    add(valueSize, name, 'decode', 'eddy', measureSync(() => decodeRecordBatch(batch).records.length), size);
    if (codec === CompressionCodec.none) {
      add(valueSize, name, 'readBatchHeader', 'eddy', measureSync(() => readBatchHeader(batch).recordCount), size);
    }
    if (!opts['no-kafkajs']) {
      add(valueSize, name, 'encode', 'kafkajs', await measureAsync(async () => (await kafkajsEncode(plain, { compression: codec })).length), size);
      add(valueSize, name, 'decode', 'kafkajs', await measureAsync(async () => (await kafkajsDecode(batch)).records.length), size);
    }
  }
}

// Table: one line per (size, codec, op), ours vs kafkajs.
const fmt = (n: number) => n.toLocaleString('en-US');
const lines: string[] = [];
lines.push('| value | codec | op | eddy records/s | eddy MB/s | kafkajs records/s | kafkajs MB/s | eddy ÷ kafkajs | batch bytes |');
lines.push('|---|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows.filter((x) => x.impl === 'eddy')) {
  const k = rows.find((x) => x.impl === 'kafkajs' && x.valueBytes === r.valueBytes && x.codec === r.codec && x.op === r.op);
  lines.push(
    `| ${r.valueBytes} B | ${r.codec} | ${r.op} | ${fmt(r.recordsPerSec)} | ${r.mbPerSec} | ${k ? fmt(k.recordsPerSec) : '—'} | ${k ? k.mbPerSec : '—'} | ${k ? `${(r.recordsPerSec / k.recordsPerSec).toFixed(1)}×` : '—'} | ${fmt(r.batchBytes)} |`,
  );
}
console.log(`RecordBatch v2 codec, batches of ${BATCH} records, ${SECONDS}s per cell after ${WARMUP}s warm-up, Node ${process.version}`);
console.log(lines.join('\n'));
console.log(
  JSON.stringify({ bench: 'codec', node: process.version, batchSize: BATCH, seconds: SECONDS, rows }),
);
