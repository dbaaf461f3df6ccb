// Header fields read straight off stored batch bytes, without the checks of
// readBatchHeader: only for bytes this node validated before storing them.
const BASE_OFFSET = 0;
const LAST_OFFSET_DELTA = 23;
const MAX_TIMESTAMP = 35;

export function storedBaseOffset(batch: Buffer): number {
  return Number(batch.readBigInt64BE(BASE_OFFSET));
}

/** Offset of the batch's last record. */
export function storedLastOffset(batch: Buffer): number {
  return storedBaseOffset(batch) + batch.readInt32BE(LAST_OFFSET_DELTA);
}

export function storedMaxTimestamp(batch: Buffer): number {
  return Number(batch.readBigInt64BE(MAX_TIMESTAMP));
}
