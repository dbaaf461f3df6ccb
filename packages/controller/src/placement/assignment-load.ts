// The load placement balances against: replicas and preferred leaderships each
// node hosts in the current image.
import type { MetadataImage } from '../metadata/image.js';
import type { NodeLoad, PlacementNode } from './replica-placement.js';
import { placementCandidates } from '../metadata/views.js';

/** A copy placement may count into (the image keeps the running totals). */
export function assignmentLoad(image: MetadataImage): Map<number, NodeLoad> {
  const load = new Map<number, NodeLoad>();
  for (const [id, l] of image.replicaLoad) load.set(id, { ...l });
  return load;
}

/** Live storage nodes not being decommissioned: a decommissioning node gets no new replicas. */
export function placementNodes(image: MetadataImage): PlacementNode[] {
  return placementCandidates(image).map((n) => ({ id: n.id, rack: n.rack }));
}
