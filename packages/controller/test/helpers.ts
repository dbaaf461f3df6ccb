// Shared fixtures: a seeded byte source, images with nodes, applying records.
import { applyRecord } from '../src/metadata/apply-record.js';
import { emptyImage, type MetadataImage, type MetadataRecord } from '../src/metadata/image.js';
import { records } from '../src/metadata/records.js';
import type { RandomBytes } from '../src/commands/topic-id.js';

/** Deterministic bytes (xorshift32) so topic ids are reproducible. */
export function seededBytes(seed = 1): RandomBytes {
  let s = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s >>>= 0;
      s ^= s >>> 17;
      s ^= s << 5;
      s >>>= 0;
      out[i] = s & 0xff;
    }
    return out;
  };
}

/** Applies records after the image's version, one version each; returns the image. */
export function applyAll(image: MetadataImage, list: readonly MetadataRecord[]): MetadataImage {
  let v = image.version;
  for (const r of list) {
    const outcome = applyRecord(image, r, ++v);
    if (!outcome.applied) throw new Error(`record did not apply: ${outcome.reason}`);
  }
  return image;
}

/** An image with storage nodes 1..n (racks as given, cycling). */
export function imageWithNodes(n: number, racks: string[] = ['']): MetadataImage {
  const image = emptyImage();
  applyAll(image, [records.clusterId('test-cluster')]);
  for (let id = 1; id <= n; id++) {
    applyAll(image, [
      records.nodeRegistered({ nodeId: id, epoch: image.version + 1, incarnationId: `inc-${id}`, address: `127.0.0.1:${9000 + id}`, rack: racks[(id - 1) % racks.length]!, roles: ['NODE_ROLE_STORAGE'] }),
    ]);
  }
  return image;
}

export function must<T>(result: { ok: true; records: MetadataRecord[]; value: T } | { ok: false; error: Error }): { records: MetadataRecord[]; value: T } {
  if (!result.ok) throw result.error;
  return result;
}
