// CRC-32C (Castagnoli), the checksum RecordBatch v2 stores over
// attributes→end. A thin wrapper so the native dependency sits in one place.
import { crc32c as nativeCrc32c } from '@node-rs/crc32';

/** CRC-32C of `data` as an unsigned 32-bit number; `initial` continues a running checksum. */
export function crc32c(data: Uint8Array, initial = 0): number {
  // The binding returns the u32 already; `>>> 0` pins the contract if that ever changes.
  return nativeCrc32c(data, initial) >>> 0;
}
