// How long each fenced node has been offline, as this controller saw it (pure;
// time is passed in). The active controller refreshes it from the image on
// every tick: a node is offline from the first refresh that finds it fenced
// until one finds it unfenced. The clock is soft state of the active
// controller: after a failover, the new active controller starts every fenced
// node's clock when it takes over — conservative, as it can only delay
// healing (by up to node.replacement.timeout.ms), never hasten it.
import type { MetadataImage } from '../metadata/image.js';

export class OfflineClock {
  private readonly since = new Map<number, number>();

  /** Starts the clock of newly fenced nodes and stops that of unfenced or removed ones. */
  refresh(image: MetadataImage, now: number): void {
    for (const id of this.since.keys()) {
      const node = image.nodes.get(id);
      if (!node?.fenced) this.since.delete(id);
    }
    for (const node of image.nodes.values()) if (node.fenced && !this.since.has(node.id)) this.since.set(node.id, now);
  }

  /** Milliseconds offline at `now`; 0 for a node not known to be offline. */
  offlineMs(nodeId: number, now: number): number {
    const since = this.since.get(nodeId);
    return since === undefined ? 0 : Math.max(0, now - since);
  }

  clear(): void {
    this.since.clear();
  }
}
