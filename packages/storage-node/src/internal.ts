// Test-only surface of @eddy/storage-node: not part of the public API.
export { ProducerStateTable, PRODUCER_BATCHES_KEPT } from './partition/producer-state.js';
export { OffsetIndex, type IndexPoint } from './partition/offset-index.js';
export { encodeBatchEntry, encodeCommandEntry, batchOfEntry, commandOfEntry, EntryTag } from './partition/entry-codec.js';
