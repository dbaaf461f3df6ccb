// The handlers hand int64 fields of their hottest answers (ProduceResponse,
// Subscribe and Fetch chunks, consumed records) to grpc-js as numbers instead
// of decimal strings: protobufjs then builds one Long per field instead of
// parsing the string. The bytes on the wire must be the same for every value
// a handler can give (safe integers, negative timestamps included).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageCodec, type wire } from '@eddy/protocol';
import { toConsumedRecords, toFetchedPartition } from '../../src/grpc/wire-convert.js';

const produce = messageCodec<wire.ProduceStreamResponse, wire.ProduceStreamResponse__Output>('eddy.v1.ProduceStreamResponse');
const fetched = messageCodec<wire.FetchedPartition, wire.FetchedPartition__Output>('eddy.v1.FetchedPartition');
const offset = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
const timestamp = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });

describe('int64 fields given as numbers', () => {
  it('encode a produce answer to the same bytes as decimal strings', () => {
    fc.assert(
      fc.property(offset, offset, timestamp, offset, (base, last, time, start) => {
        const asNumbers = produce.encode({ id: '7', response: { baseOffset: base, lastOffset: last, logAppendTimeMs: time, logStartOffset: start, duplicate: false } });
        const asStrings = produce.encode({ id: '7', response: { baseOffset: String(base), lastOffset: String(last), logAppendTimeMs: String(time), logStartOffset: String(start), duplicate: false } });
        expect(Buffer.from(asNumbers).equals(Buffer.from(asStrings))).toBe(true);
        expect(produce.decode(asNumbers).response).toMatchObject({ baseOffset: String(base), lastOffset: String(last), logAppendTimeMs: String(time), logStartOffset: String(start) });
      }),
    );
  });

  it('encode fetched partitions and consumed records to the same bytes as decimal strings', () => {
    fc.assert(
      fc.property(offset, offset, offset, offset, timestamp, (hw, start, next, at, time) => {
        const records = toConsumedRecords([{ offset: at, timestampMs: time, key: null, value: Buffer.from('v'), headers: [], leaderEpoch: 3 }]);
        const converted = toFetchedPartition({ topic: 't', partition: 0, highWatermark: hw, logStartOffset: start, nextOffset: next, recordBatches: Buffer.alloc(0), records: [{ offset: at, timestampMs: time, key: null, value: Buffer.from('v'), headers: [], leaderEpoch: 3 }] });
        const asStrings: wire.FetchedPartition = {
          topic: 't',
          partition: 0,
          highWatermark: String(hw),
          logStartOffset: String(start),
          recordBatches: Buffer.alloc(0),
          records: [{ offset: String(at), timestampMs: String(time), headers: [], leaderEpoch: 3, value: Buffer.from('v') }],
          nextOffset: String(next),
        };
        expect(Buffer.from(fetched.encode(converted)).equals(Buffer.from(fetched.encode(asStrings)))).toBe(true);
        expect(fetched.decode(fetched.encode({ ...asStrings, records }))).toMatchObject({ records: [{ offset: String(at), timestampMs: String(time) }] });
      }),
    );
  });
});
